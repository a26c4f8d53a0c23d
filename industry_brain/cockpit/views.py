"""The cockpit page: every visible panel, drawn by its own template, in a grid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from industry_brain.accounts.policy import require
from industry_brain.cockpit.registry import visible_panels
from industry_brain.web.deps import DbDep, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
# The big screen reloads itself: the pipeline publishes new figures at most a few times a day.
REFRESH_SECONDS = 300


@router.get("/cockpit", response_class=HTMLResponse)
def cockpit_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
    screen: Annotated[str | None, Query(pattern=r"^big$")] = None,
) -> Response:
    """Show the cockpit's panels for the chosen period (``screen=big``: the big screen)."""
    require(principal, "cockpit", "read")
    params = {"period": period} if period else {}
    panels = [(panel, panel.data(db, params)) for panel in visible_panels(principal)]
    charts = {panel.id: data["trend"] for panel, data in panels if "trend" in data}
    return render(
        request,
        "cockpit/index.html",
        {
            "panels": panels,
            "big": screen == "big",
            "refresh_seconds": REFRESH_SECONDS,
            "period": period,
            "charts_json": script_json(charts),
        },
        principal=principal,
    )
