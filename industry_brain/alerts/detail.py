"""One warning in full: explanation, chart series and timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from industry_brain.accounts.people import people_by_id
from industry_brain.alerts.explain import explanation, rule_description
from industry_brain.alerts.models import AlertRule, AlertWarning, AlertWarningEvent
from industry_brain.alerts.schemas import SeriesOut, TimelineEntry, WarningDetail
from industry_brain.alerts.service import (
    get_warning,
    indicator_label,
    told,
    warning_out,
)
from industry_brain.months import months_ending
from industry_brain.warehouse.pipeline.publish import PUBLISHED_PREFIX, is_published

MONTHS = f"{PUBLISHED_PREFIX}enterprise_month"
CHART_MONTHS = 36
EVENT_LABELS = {
    "raised": "产生预警",
    "updated": "条件持续",
    "escalated": "升级",
    "deescalated": "降级",
    "corrected": "数据更正",
    "cleared": "条件解除",
    "recurred": "条件再次出现",
    "assigned": "指派",
    "commented": "处置记录",
    "closed": "办结",
    "reopened": "重新打开",
}


def enterprise_series(db: Session, warning: AlertWarning, rule: AlertRule) -> SeriesOut | None:
    """The enterprise's monthly series of the rule's indicator (营业收入 when the rule has
    none), 36 months up to the warning's month, gaps kept, from ``ads_enterprise_month``."""
    from industry_brain.monitor.indicators import get_indicator

    indicator = get_indicator(rule.indicator or "revenue")
    field = indicator.enterprise_field if indicator else None
    if indicator is None or field is None or not is_published(db, MONTHS):
        return None
    rows = db.execute(
        text(f"SELECT period, {field} FROM {MONTHS} WHERE uscc = :u ORDER BY period"),
        {"u": warning.subject_key},
    ).all()
    found = {str(period)[:7]: value for period, value in rows}
    periods = months_ending(warning.evaluated_period, CHART_MONTHS)
    values = [None if found.get(p) is None else float(found[p]) for p in periods]
    return SeriesOut(
        label=indicator.name, unit=indicator.unit, periods=periods, values=values,
        source="应用层 ads_enterprise_month（企业经营月报）",
    )  # fmt: skip


def member_series(
    warning: AlertWarning, rule: AlertRule, facts: dict[str, Any]
) -> SeriesOut | None:
    """The indicator's values for the node, district or cluster, as stored at evaluation."""
    points = facts.get("series") or []
    if isinstance(points, str):
        import json

        points = json.loads(points)
    if not points:
        return None
    name, unit = indicator_label(rule.indicator)
    return SeriesOut(
        label=name or (rule.indicator or ""), unit=unit,
        periods=[str(p["period"]) for p in points],
        values=[None if p.get("value") is None else float(p["value"]) for p in points],
        source="运行监测指标 monitor.indicator_values（评估时的数值）",
    )  # fmt: skip


def timeline(db: Session, warning_id: int) -> list[TimelineEntry]:
    """Return the warning's timeline, oldest first."""
    rows = db.scalars(
        select(AlertWarningEvent)
        .where(AlertWarningEvent.warning_id == warning_id)
        .order_by(AlertWarningEvent.at, AlertWarningEvent.id)
    )
    return [
        TimelineEntry(
            at=e.at,
            kind=e.kind,
            label=EVENT_LABELS.get(e.kind, e.kind),
            actor=e.actor,
            period=f"{e.period:%Y-%m}" if e.period else None,
            level=e.level,
            value=e.value,
            text=e.text,
        )  # fmt: skip
        for e in rows
    ]


def warning_detail(db: Session, warning_id: int) -> WarningDetail:
    """Return a warning with its explanation, chart series and timeline."""
    warning, rule = get_warning(db, warning_id)
    about = told(warning, rule)
    people = people_by_id(db, {warning.assignee_id} if warning.assignee_id else set())
    if warning.subject_type == "enterprise":
        series = enterprise_series(db, warning, rule)
    else:
        series = member_series(warning, rule, about.facts)
    unit = about.unit if rule.kind == "indicator_threshold" else ""
    return WarningDetail(
        **warning_out(warning, rule, people.get(warning.assignee_id or 0)).model_dump(),
        explanation=explanation(about), why=rule.why,
        rule_description=rule_description(rule.kind, about.params, about.thresholds, unit),
        base=warning.base, threshold=warning.threshold,
        facts={k: v for k, v in about.facts.items() if k != "series"},
        outcome_note=warning.outcome_note, closed_by=warning.closed_by,
        closed_at=warning.closed_at, series=series, timeline=timeline(db, warning.id),
    )  # fmt: skip
