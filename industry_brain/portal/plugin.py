"""Registers the portals: the landing page, the enterprise workbench and its API."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import NavItem, hookimpl
from industry_brain.portal import api, views


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the landing page, the workbench pages and the workbench API."""
    return [views.router, api.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the workbench for the users of an enterprise."""
    return [
        NavItem(
            label="企业工作台",
            href="/workbench",
            order=5,
            visible=lambda p: is_allowed(p, "workbench", "read", target_org_id=p.org_id),
            description="本企业画像、报送数据与质量问题、数据推送令牌",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the portal templates."""
    return [Path(__file__).parent / "templates"]
