"""Registers the 产业地图: its API and page, navigation entry and cockpit panel."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import CockpitPanel, NavItem, hookimpl
from industry_brain.maps import api, views
from industry_brain.maps.panel import map_panel_data


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the map API and page."""
    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the map for those who may read the cockpit."""
    return [
        NavItem(
            label="产业地图",
            group="产业分析",
            href="/map",
            order=15,
            visible=lambda p: is_allowed(p, "cockpit", "read"),
            description="企业在全国、省、市、区县的分布，按企业数或产值着色，可下钻到企业名单",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the map templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 产业地图 panel, at the cluster's region."""
    return [
        CockpitPanel(
            id="map",
            title="产业地图",
            data=map_panel_data,
            template="maps/panel.html",
            visible=lambda p: is_allowed(p, "cockpit", "read"),
            order=15,
            span=2,
        )
    ]
