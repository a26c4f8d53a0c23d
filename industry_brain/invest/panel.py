"""The 招商 funnel panel of the cockpit: leads per stage now, leads created and reaching each
stage per month (last 12 months, Beijing time), conversion and overdue leads.

Definitions (docs/invest.md, 招商线索):
- a lead *reaches* a stage when a stage event of its timeline moves it there; its creation is
  reaching 线索. Each lead counts once per stage, in the month it first reached it (a lead
  sent back and forward again is not counted twice);
- 签约率 (conversion) = leads that ever reached 签约 ÷ all leads; 落地率 likewise for 落地
  (a lead reaches 落地 only through 签约);
- overdue = leads still being worked (not 落地, not 放弃) past their due date.

It reads the leads' own tables, which people change between pipeline runs, so it is not
cached per run; it is a few indexed counts.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.clock import beijing
from industry_brain.invest.lead_models import ALL_STAGES, STAGES, InvestLeadEvent
from industry_brain.invest.lead_service import LeadFilter, count_by_stage, today
from industry_brain.months import add_months

MONTHS = 12


def last_months(count: int = MONTHS) -> list[str]:
    """Return the last ``count`` Beijing months, oldest first, as YYYY-MM."""
    this = today().replace(day=1)
    return [f"{add_months(this, offset):%Y-%m}" for offset in range(1 - count, 1)]


def first_reached(db: Session) -> list[tuple[int, str, date]]:
    """Return, for each lead and stage it reached, the Beijing date it first did."""
    rows = db.execute(
        select(InvestLeadEvent.lead_id, InvestLeadEvent.stage, func.min(InvestLeadEvent.at))
        .where(InvestLeadEvent.kind == "stage", InvestLeadEvent.stage.is_not(None))
        .group_by(InvestLeadEvent.lead_id, InvestLeadEvent.stage)
    ).all()
    return [(int(lead), str(stage), beijing(_aware(at)).date()) for lead, stage, at in rows]


def _aware(moment: datetime) -> datetime:
    """Return min()'s result as an aware UTC time, whatever the driver returned."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def invest_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the funnel: leads per stage, the monthly flow, conversion and overdue."""
    del params
    axis = last_months()
    months = {month: dict.fromkeys(ALL_STAGES, 0) for month in axis}
    ever: Counter[str] = Counter()
    for _lead, stage, day in first_reached(db):
        ever[stage] += 1
        if f"{day:%Y-%m}" in months and stage in ALL_STAGES:
            months[f"{day:%Y-%m}"][stage] += 1
    stages = count_by_stage(db, LeadFilter(), me=None)
    total = sum(stages.values())
    overdue = sum(count_by_stage(db, LeadFilter(overdue=True), me=None).values())
    signed, landed = ever[STAGES[3]], ever[STAGES[4]]
    return {
        "stages": stages,
        "total": total,
        "overdue": overdue,
        "months": [{"month": month, "counts": months[month]} for month in axis],
        "signed": signed,
        "landed": landed,
        "conversion_pct": _pct(signed, total),
        "landing_pct": _pct(landed, total),
    }
