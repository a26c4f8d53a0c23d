"""JSON API of the cockpit: the visible panels and each panel's figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from industry_brain.accounts.policy import require
from industry_brain.cockpit.registry import get_panel, visible_panels
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/cockpit", tags=["cockpit"])


@router.get("/panels")
def list_panels(principal: ApiUser) -> list[dict[str, Any]]:
    """List the cockpit panels this user sees, in order."""
    require(principal, "cockpit", "read")
    return [{"id": p.id, "title": p.title, "span": p.span} for p in visible_panels(principal)]


@router.get("/panels/{panel_id}")
def panel_data(
    db: DbDep,
    principal: ApiUser,
    panel_id: str,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> dict[str, Any]:
    """Return one panel's figures (``period`` YYYY-MM where the panel has periods)."""
    require(principal, "cockpit", "read")
    panel = get_panel(principal, panel_id)
    return panel.data(db, {"period": period} if period else {})
