"""The 荣枯指数 cockpit panel: the cluster's latest value against the line of 50, its trend and
the districts' values in the same month, read once per pipeline run."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from industry_brain.monitor import service
from industry_brain.monitor.indicators import all_indicators
from industry_brain.warehouse.pipeline.publish import cached_until_republished

TREND_MONTHS = 24


def prosperity_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the 荣枯指数 of the chosen month (default: the latest with a value)."""
    period = params.get("period")
    return cached_until_republished(db, ("prosperity", period), lambda: _panel(db, period))


def _panel(db: Session, wanted: str | None) -> dict[str, Any]:
    indicator = all_indicators()["prosperity"]
    found = service.series(db, indicator=indicator, dimension="cluster")
    valued = [p for p in found[0]["points"] if p["value"] is not None] if found else []
    if not valued:
        return {"ready": False}
    chosen = next((p for p in valued if p["period"] == wanted), valued[-1])
    ranked = service.ranking(db, indicator=indicator, dimension="region", period=chosen["period"])
    cluster = found[0]
    trend = [p for p in valued if p["period"] <= chosen["period"]][-TREND_MONTHS:]
    return {
        "ready": True,
        "period": chosen["period"],
        "value": chosen["value"],
        "above_line": chosen["value"] - 50,
        "member": cluster["member"],
        "list_query": chosen["list_query"],
        "forecast": cluster["forecast"][-1] if cluster["forecast"] else None,
        "accuracy": cluster["accuracy"],
        "lines": [{"name": indicator.name, "member_name": cluster["member_name"], "points": trend}],
        "districts": [row for row in ranked if row["value"] is not None],
    }
