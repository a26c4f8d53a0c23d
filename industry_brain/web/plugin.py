"""The shell: layout templates, the health check, the home and API documentation links."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.hookspecs import NavItem, hookimpl
from industry_brain.web import views


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the health check."""
    return [views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the home page and the API documentation."""
    return [
        NavItem(
            label="首页",
            href="/",
            visible=lambda _p: True,
            order=0,
            description="本机构概况与可用功能",
        ),
        NavItem(
            label="接口文档",
            group="更多",
            href="/api/docs",
            visible=lambda _p: True,
            order=900,
            description="OpenAPI 接口说明与调试",
        ),
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the layout templates."""
    return [Path(__file__).parent / "templates"]
