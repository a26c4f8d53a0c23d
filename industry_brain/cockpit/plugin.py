"""Registers the cockpit and its 产业概况 panel."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.cockpit import api, views
from industry_brain.cockpit.overview import overview_data
from industry_brain.hookspecs import CockpitPanel, NavItem, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the cockpit API and page."""
    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the cockpit for those who may read it."""
    return [
        NavItem(
            label="驾驶舱",
            href="/cockpit",
            order=10,
            visible=lambda p: is_allowed(p, "cockpit", "read"),
            description="产业概况、产业图谱与趋势，每个数字可点开查看背后的企业",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the cockpit templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 产业概况 panel."""
    return [
        CockpitPanel(
            id="overview",
            title="产业概况",
            data=overview_data,
            template="cockpit/panels/overview.html",
            visible=lambda p: is_allowed(p, "cockpit", "read"),
            order=10,
            span=2,
        )
    ]
