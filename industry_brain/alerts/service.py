"""Reads of warnings and rules for pages, API and panels.

Due dates are dates in China (UTC+8, no daylight saving): a task due today is overdue from
tomorrow 00:00 Beijing time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.people import Person, people_by_id
from industry_brain.alerts.explain import Told, facts_of, summary
from industry_brain.alerts.kinds import KINDS, LEVELS
from industry_brain.alerts.models import AlertRule, AlertWarning
from industry_brain.alerts.schemas import OUTCOMES, WarningOut
from industry_brain.clock import BEIJING, beijing_today
from industry_brain.errors import NotFoundError

# Today's date in Beijing (due dates are Beijing dates); tests replace it to move the clock.
today = beijing_today

PER_PAGE = 50
SEVERITY = case({"红": 4, "橙": 3, "黄": 2, "蓝": 1}, value=AlertWarning.level, else_=0)


@dataclass(frozen=True)
class WarningFilter:
    """The list's filters; empty strings mean "any"."""

    level: str = ""
    rule_id: int | None = None
    scope: str = ""
    district: str = ""
    status: str = "open"  # open | closed | all
    assignee: str = ""  # a user id, or "none" for unassigned
    overdue: bool = False
    page: int = 1


Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def _filtered(query: Query, spec: WarningFilter) -> Query:
    w = AlertWarning
    if spec.level:
        query = query.where(w.level == spec.level)
    if spec.rule_id is not None:
        query = query.where(w.rule_id == spec.rule_id)
    if spec.scope:
        query = query.where(w.subject_type == spec.scope)
    if spec.district:
        query = query.where(w.county_code == spec.district)
    if spec.status in ("open", "closed"):
        query = query.where(w.status == spec.status)
    if spec.assignee == "none":
        query = query.where(w.assignee_id.is_(None))
    elif spec.assignee.isdigit():
        query = query.where(w.assignee_id == int(spec.assignee))
    if spec.overdue:
        query = query.where(w.status == "open", w.due_on < today())
    return query


def list_warnings(
    db: Session, *, spec: WarningFilter
) -> tuple[int, dict[str, int], list[WarningOut]]:
    """Return the total, the counts by colour and one page of the matching warnings, most
    severe and latest first."""
    by_level = {
        str(level): int(n)
        for level, n in db.execute(
            _filtered(select(AlertWarning.level, func.count()), spec).group_by(AlertWarning.level)
        )
    }
    total = sum(by_level.values())
    rows = db.execute(
        _filtered(select(AlertWarning, AlertRule), spec)
        .join(AlertRule, AlertRule.id == AlertWarning.rule_id)
        .order_by(SEVERITY.desc(), AlertWarning.period.desc(), AlertWarning.id.desc())
        .limit(PER_PAGE)
        .offset((max(spec.page, 1) - 1) * PER_PAGE)
    ).all()
    people = people_by_id(db, {w.assignee_id for w, _ in rows if w.assignee_id})
    items = [warning_out(w, r, people.get(w.assignee_id or 0)) for w, r in rows]
    return total, {level: by_level.get(level, 0) for level in LEVELS}, items


def indicator_label(indicator_id: str | None) -> tuple[str, str]:
    """Return an indicator's name and unit ("" when the rule has none or it is gone)."""
    from industry_brain.monitor.indicators import get_indicator

    found = get_indicator(indicator_id) if indicator_id else None
    return (found.name, found.unit) if found else ("", "")


def told(warning: AlertWarning, rule: AlertRule) -> Told:
    """Return what the explanation of a warning needs."""
    name, unit = indicator_label(rule.indicator)
    return Told(
        kind=rule.kind, rule_name=rule.name, params=json.loads(rule.params),
        thresholds=json.loads(rule.thresholds), why=rule.why, indicator_name=name, unit=unit,
        subject_type=warning.subject_type, subject_name=warning.subject_name,
        level=warning.level, period=warning.period, since=warning.since_period,
        value=warning.value, base=warning.base, measure=warning.measure,
        threshold=warning.threshold, condition=warning.condition,
        cleared_period=warning.cleared_period, facts=facts_of(warning.facts),
    )  # fmt: skip


def county_name(code: str | None) -> str | None:
    """Return a district's name from its GB/T 2260 code."""
    from industry_brain.codes.regions import get_region

    region = get_region(code) if code else None
    return region.name if region else code


def is_overdue(warning: AlertWarning) -> bool:
    """Tell whether an open warning is past its due date."""
    return warning.status == "open" and warning.due_on is not None and warning.due_on < today()


def warning_out(warning: AlertWarning, rule: AlertRule, assignee: Person | None) -> WarningOut:
    """Return a warning as the list shows it."""
    return WarningOut(
        id=warning.id, rule_id=rule.id, rule_name=rule.name, kind=rule.kind,
        level=warning.level, status=warning.status, condition=warning.condition,
        cleared_period=f"{warning.cleared_period:%Y-%m}" if warning.cleared_period else None,
        subject_type=warning.subject_type, subject_key=warning.subject_key,
        subject_name=warning.subject_name, county_code=warning.county_code,
        county_name=county_name(warning.county_code), period=f"{warning.period:%Y-%m}",
        since=f"{warning.since_period:%Y-%m}", first_period=f"{warning.first_period:%Y-%m}",
        value=warning.value, measure=warning.measure, summary=summary(told(warning, rule)),
        assignee=assignee, due_on=warning.due_on, overdue=is_overdue(warning),
        outcome=warning.outcome, outcome_label=OUTCOMES.get(warning.outcome or ""),
        created_at=warning.created_at, updated_at=warning.updated_at,
    )  # fmt: skip


def get_warning(db: Session, warning_id: int) -> tuple[AlertWarning, AlertRule]:
    """Return a warning and its rule, or raise NotFoundError."""
    row = db.execute(
        select(AlertWarning, AlertRule)
        .join(AlertRule, AlertRule.id == AlertWarning.rule_id)
        .where(AlertWarning.id == warning_id)
    ).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {warning_id} 的预警")
    return row[0], row[1]


def districts(db: Session) -> list[tuple[str, str]]:
    """Return the districts that have warnings, with their names, for the list's filter."""
    codes = db.scalars(
        select(AlertWarning.county_code).where(AlertWarning.county_code.is_not(None)).distinct()
    )
    return sorted((code, county_name(code) or code) for code in codes if code)


def open_by_level(db: Session) -> dict[str, int]:
    """Return the open warnings by colour, and ``overdue``: those past their due date."""
    rows = dict(
        db.execute(
            select(AlertWarning.level, func.count())
            .where(AlertWarning.status == "open")
            .group_by(AlertWarning.level)
        ).all()
    )
    overdue = db.scalar(
        select(func.count())
        .select_from(AlertWarning)
        .where(AlertWarning.status == "open", AlertWarning.due_on < today())
    )
    return {**{level: int(rows.get(level, 0)) for level in LEVELS}, "overdue": int(overdue or 0)}


def monthly_flow(db: Session, *, months: int = 12) -> list[dict[str, Any]]:
    """Return, for each of the last ``months`` months (China time), the warnings raised, the
    warnings closed and the closed ones by outcome: the feedback loop."""
    first = today().replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    since = datetime(first.year, first.month, 1, tzinfo=BEIJING).astimezone(UTC)
    axis: dict[str, dict[str, Any]] = {}
    month = first
    while month <= today():
        axis[f"{month:%Y-%m}"] = {"raised": 0, "handled": 0, **dict.fromkeys(OUTCOMES, 0)}
        month = (month + timedelta(days=32)).replace(day=1)
    for (created,) in db.execute(
        select(AlertWarning.created_at).where(AlertWarning.created_at >= since)
    ):
        axis[f"{created.astimezone(BEIJING):%Y-%m}"]["raised"] += 1
    for closed, outcome in db.execute(
        select(AlertWarning.closed_at, AlertWarning.outcome).where(AlertWarning.closed_at >= since)
    ):
        if closed is None:
            continue
        row = axis[f"{closed.astimezone(BEIJING):%Y-%m}"]
        row["handled"] += 1
        row[outcome or "other"] += 1
    return [{"month": key, **row} for key, row in axis.items()]


def kind_label(kind: str) -> str:
    """Return a rule kind's Chinese name."""
    found = KINDS.get(kind)
    return found.label if found else kind
