"""Registers the enterprise domain: merges of provisional ids."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.enterprise import api, views
from industry_brain.hookspecs import NavItem, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the enterprise API and pages."""
    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the merges page for data admins."""
    return [
        NavItem(
            label="企业合并",
            group="数据",
            href="/enterprises/merges",
            order=58,
            visible=lambda p: is_allowed(p, "enterprise.merge", "read"),
            description="查看临时编码企业与已登记企业的合并记录，人工合并或撤销",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the enterprise templates."""
    return [Path(__file__).parent / "templates"]
