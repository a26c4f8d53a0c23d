"""The cockpit panel of the warnings: open warnings by colour, and the monthly feedback loop
(raised, handled, by outcome), in one panel so that the big screen keeps its room.

It reads the warnings' own tables, which people change between pipeline runs (assigning,
closing), so unlike panels of published figures it is not cached per run; it is a few indexed
counts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.alerts.models import AlertRule, AlertWarning
from industry_brain.alerts.schemas import OUTCOMES
from industry_brain.alerts.service import SEVERITY, monthly_flow, open_by_level, warning_out

SHOWN = 3


def alerts_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the open warnings by colour (and overdue), the most severe latest ones, and the
    last 12 months' raised, handled and outcomes."""
    del params
    rows = db.execute(
        select(AlertWarning, AlertRule)
        .join(AlertRule, AlertRule.id == AlertWarning.rule_id)
        .where(AlertWarning.status == "open")
        .order_by(SEVERITY.desc(), AlertWarning.period.desc(), AlertWarning.id.desc())
        .limit(SHOWN)
    ).all()
    months = monthly_flow(db)
    return {
        "open": open_by_level(db),
        "top": [warning_out(w, r, None).model_dump(mode="json") for w, r in rows],
        "months": months,
        "outcomes": OUTCOMES,
        "raised": sum(m["raised"] for m in months),
        "handled": sum(m["handled"] for m in months),
    }
