"""Registers the pages of 精准招商: the gap list, candidates, map, export, weights form and
the JSON API under /api/v1/invest, the navigation entry and the templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import NavItem, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the 招商 API and pages."""
    from industry_brain.invest import api, export, views

    return [api.router, export.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link 精准招商 for those who may read it."""
    return [
        NavItem(
            label="精准招商",
            group="招商",
            href="/invest",
            order=33,
            visible=lambda p: is_allowed(p, "invest", "read"),
            description="按产业链缺口排列补链、强链、延链环节，推荐区外候选企业并逐项说明得分",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the 招商 templates."""
    return [Path(__file__).parent / "templates"]
