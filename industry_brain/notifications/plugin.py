"""Registers the notifications page and its API (the header links to the page with the
unread count, so the navigation has no entry of its own)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.hookspecs import hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the notifications page and API."""
    from industry_brain.notifications import views

    return [views.api, views.router]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the notifications page template."""
    return [Path(__file__).parent / "templates"]
