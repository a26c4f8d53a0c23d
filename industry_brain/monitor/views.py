"""The 运行监测 page: an indicator's trend and forecast, ranking, comparison and 荣枯指数."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.monitor import service
from industry_brain.monitor.api import DimensionQuery, MembersQuery, PeriodQuery
from industry_brain.monitor.backtest import MODEL
from industry_brain.monitor.evaluations import demo_data_loaded, latest_evaluation
from industry_brain.monitor.indicators import DIMENSION_LABELS, Indicator, all_indicators
from industry_brain.monitor.prosperity import MEASURES
from industry_brain.web.deps import DbDep, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
COMPARE_MAX = 4
PROSPERITY = ("prosperity", *[f"prosperity_{field.split('_')[0]}" for field, _, _ in MEASURES])


def chosen_members(
    ranked: list[dict[str, Any]], known: list[str], wanted: list[str] | None
) -> list[str]:
    """Return the members to draw: those asked for (known ones, at most four), else the four
    best ranked with a value."""
    picked = [member for member in dict.fromkeys(wanted or []) if member in known]
    if picked:
        return picked[:COMPARE_MAX]
    return [row["member"] for row in ranked if row["value"] is not None][:COMPARE_MAX]


def prosperity_lines(db: Session) -> list[dict[str, Any]]:
    """Return the cluster's 荣枯指数 and its three diffusion indices as chart lines."""
    lines = []
    for indicator_id in PROSPERITY:
        indicator = all_indicators()[indicator_id]
        found = service.series(db, indicator=indicator, dimension="cluster")
        if found:
            lines.append({"id": indicator_id, "name": indicator.name, **found[0]})
    return lines


def _context(
    db: Session, indicator: Indicator, dimension: str, period: str | None, wanted: list[str] | None
) -> dict[str, Any]:
    months = service.periods(db)
    month = period if period in months else (months[-1] if months else None)
    ranked = (
        service.ranking(db, indicator=indicator, dimension=dimension, period=month) if month else []
    )
    known = [m["member"] for m in service.members(db, dimension=dimension)]
    picked = chosen_members(ranked, known, wanted)
    drawn = service.series(db, indicator=indicator, dimension=dimension, chosen=picked)
    prosperity = prosperity_lines(db)
    return {
        "ready": bool(months),
        "indicator": indicator,
        "indicators": list(all_indicators().values()),
        "dimension": dimension,
        "dimensions": DIMENSION_LABELS,
        "period": month,
        "periods": months,
        "ranked": ranked,
        "picked": picked,
        "drawn": drawn,
        "focus": drawn[0] if drawn else None,
        "prosperity": prosperity,
        "synthetic": demo_data_loaded(db),
        "evaluation": latest_evaluation(db, model=MODEL),
        "config": {"unit": indicator.unit, "name": indicator.name, "series": drawn,
                   "prosperity": prosperity},
    }  # fmt: skip


@router.get("/monitor", response_class=HTMLResponse)
def monitor_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    indicator: Annotated[str, Query(max_length=64)] = "revenue",
    dimension: DimensionQuery = "cluster",
    period: PeriodQuery = None,
    member: MembersQuery = None,
) -> Response:
    """Show an indicator by month for a dimension: trend with forecast and MAPE, ranking,
    comparison of two to four members, and the 荣枯指数."""
    require(principal, "monitor", "read")
    chosen = service.indicator_or_404(indicator)
    context = _context(db, chosen, dimension, period, member)
    context["can_list"] = is_allowed(principal, "enterprise.directory", "read")
    context["config_json"] = script_json(context["config"])
    return render(request, "monitor/index.html", context, principal=principal)
