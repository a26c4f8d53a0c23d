"""Registers the audit domain."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.audit import api, views
from industry_brain.hookspecs import NavItem, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the audit API and page."""
    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the audit log for the audit admin."""
    return [
        NavItem(
            label="审计日志",
            group="管理",
            href="/audit",
            order=90,
            visible=lambda p: is_allowed(p, "audit", "read"),
            description="查看全部操作记录并校验日志完整性",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the audit templates."""
    return [Path(__file__).parent / "templates"]
