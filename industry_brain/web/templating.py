"""Jinja2 rendering shared by every domain's pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import ORG_TYPE_LABELS, ROLE_LABELS
from industry_brain.clock import beijing
from industry_brain.hookspecs import NavItem
from industry_brain.plugins import plugin_manager
from industry_brain.web.deps import csrf_token, get_settings

# Links that fit on the bar of a 1280 px screen beside the search box; more are grouped.
FLAT_NAV_MAX = 9


def beijing_time(moment: datetime | None) -> str:
    """Return a stored (UTC) time as Beijing time for pages: ``2026-12-02 18:30``."""
    return "" if moment is None else f"{beijing(moment):%Y-%m-%d %H:%M}"


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """Return the template environment over every plugin's template folders."""
    folders: list[Path] = [
        folder for group in plugin_manager().hook.ib_template_dirs() for folder in group
    ]
    environment = Jinja2Templates(directory=[str(folder) for folder in folders])
    environment.env.loader = ChoiceLoader([FileSystemLoader([str(f) for f in folders])])
    environment.env.filters["beijing_time"] = beijing_time
    environment.env.globals["beijing"] = beijing
    environment.env.globals.update(
        org_type_labels={str(k): v for k, v in ORG_TYPE_LABELS.items()},
        role_labels={str(k): v for k, v in ROLE_LABELS.items()},
    )
    return environment


@lru_cache(maxsize=1)
def nav_items() -> tuple[NavItem, ...]:
    """Return every registered navigation entry, in order."""
    items = [item for group in plugin_manager().hook.ib_nav_items() for item in group]
    return tuple(sorted(items, key=lambda item: (item.order, item.label)))


@dataclass(frozen=True)
class NavEntry:
    """What the bar shows: one link (``items`` of one), or a menu of a group's links."""

    label: str
    items: tuple[NavItem, ...]


def nav_entries(items: list[NavItem]) -> list[NavEntry]:
    """Return the bar's entries: every link on the bar when they fit on one line
    (``FLAT_NAV_MAX``), else each group's links as one menu, placed by its first link."""
    if len(items) <= FLAT_NAV_MAX:
        return [NavEntry(item.label, (item,)) for item in items]
    entries: list[NavEntry] = []
    placed: dict[str, int] = {}
    for item in items:
        if not item.group:
            entries.append(NavEntry(item.label, (item,)))
        elif item.group in placed:
            index = placed[item.group]
            entries[index] = NavEntry(item.group, (*entries[index].items, item))
        else:
            placed[item.group] = len(entries)
            entries.append(NavEntry(item.group, (item,)))
    return [NavEntry(e.items[0].label, e.items) if len(e.items) == 1 else e for e in entries]


def visible_nav(principal: Principal | None) -> list[NavItem]:
    """Return the entries the principal can open."""
    if principal is None:
        return []
    return [item for item in nav_items() if item.visible(principal)]


def script_json(data: object) -> str:
    """Return JSON safe inside a <script> element (no '<' that could close it early)."""
    return json.dumps(data, ensure_ascii=False, default=str).replace("<", "\\u003c")


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the layout's context (user, navigation, CSRF token)."""
    nav = visible_nav(principal)
    full: dict[str, Any] = {
        "principal": principal,
        "nav": nav,
        "nav_entries": nav_entries(nav),
        "csrf_token": csrf_token(get_settings(request), principal) if principal else "",
        "path": request.url.path,
        "can_search": bool(principal and is_allowed(principal, "enterprise.directory", "read")),
        "unread": _unread_notifications(request, principal),
    }
    full.update(context or {})
    return templates().TemplateResponse(request, name, full, status_code=status_code)


def _unread_notifications(request: Request, principal: Principal | None) -> int:
    """Return the signed-in user's unread notifications for the header (one indexed count)."""
    if principal is None or principal.user_id is None:
        return 0
    from industry_brain.notifications.service import unread_count

    with request.app.state.database.reader() as db:
        return unread_count(db, principal)
