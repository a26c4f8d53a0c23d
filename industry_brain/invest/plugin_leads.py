"""Registers the 招商 pipeline: the leads API and pages, the navigation entry 招商线索, the
templates and the funnel panel of the cockpit."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import CockpitPanel, NavItem, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the leads API and pages."""
    from industry_brain.invest import lead_api, lead_views

    return [lead_api.router, lead_views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the pipeline board for those who work leads."""
    return [
        NavItem(
            label="招商线索",
            group="招商",
            href="/invest/leads",
            order=34,
            visible=lambda p: is_allowed(p, "invest.lead", "read"),
            description="招商线索看板：线索、接洽、考察、签约、落地，指派、走访记录与附件",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the board, lead page and panel templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 招商 funnel: leads per stage, the monthly flow, conversion, overdue."""
    from industry_brain.invest.panel import invest_panel_data

    return [
        CockpitPanel(
            id="invest",
            title="招商线索漏斗",
            data=invest_panel_data,
            template="invest/_board_panel.html",
            visible=lambda p: is_allowed(p, "invest.lead", "read"),
            order=35,
        )
    ]
