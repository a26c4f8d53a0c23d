"""Deduplication: what an evaluation changes in the warnings, decided in plain Python.

For each (rule, subject) the evaluation either found the condition (a ``Finding`` with a
colour), found it not holding (an evaluable subject without colour), or could not evaluate it
(no row: a gap, too little history). Against the tracked warning of that (rule, subject):

- found, none tracked → a new open warning;
- found, tracked and open → the same warning, updated (month, value, colour up or down; the
  change is kept in its timeline); if its condition had cleared, it is noted as back;
- found, tracked but closed → left closed, unless the colour is now worse than when it was
  closed: then a new warning (the old one stops being tracked);
- not holding, tracked and open → "条件已解除 YYYY-MM" noted; people close warnings;
- not holding, tracked but closed → no longer tracked (a later recurrence is a new warning);
- not evaluated → nothing changes.

Re-running an evaluation over the same data changes nothing; corrected data for a month
already evaluated updates the same warning (noted as a correction).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from industry_brain.alerts.kinds import LEVEL_NAMES, LEVEL_RANK


@dataclass(frozen=True)
class Finding:
    """One evaluated (rule, subject) whose condition holds in the evaluation month."""

    rule_id: int
    subject_type: str
    subject_key: str
    subject_name: str
    county_code: str | None
    period: date
    value: float | None
    base: float | None
    measure: float | None
    level: str
    since: date | None
    facts: str

    @property
    def key(self) -> str:
        """The tracking key of its (rule, subject)."""
        return track_key(self.rule_id, self.subject_key)


@dataclass(frozen=True)
class Tracked:
    """A tracked warning, as the merge needs to see it."""

    id: int
    key: str
    status: str
    condition: str
    level: str
    since_period: date
    period: date
    value: float | None
    measure: float | None


@dataclass
class Plan:
    """The changes an evaluation makes: new warnings, updates by id, timeline entries."""

    new: list[Finding] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # with warning_id
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        """Count one change of a kind (raised, escalated, cleared …)."""
        self.counts[what] = self.counts.get(what, 0) + 1


def track_key(rule_id: int, subject_key: str) -> str:
    """Return the key that makes one tracked warning per (rule, subject)."""
    return f"{rule_id}|{subject_key}"


def _month(period: date) -> str:
    return f"{period:%Y-%m}"


def _event(
    warning_id: int, kind: str, text: str, *, period: date, level: str | None = None,
    value: float | None = None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "warning_id": warning_id,
        "kind": kind,
        "text": text,
        "period": period,
        "level": level,
        "value": value,
    }


def plan_changes(
    *,
    findings: list[Finding],
    cleared_keys: set[str],
    tracked: dict[str, Tracked],
    month: date,
    thresholds: dict[int, dict[str, float]],
) -> Plan:
    """Return what the evaluation of ``month`` changes (see the module docstring)."""
    plan = Plan()
    for finding in findings:
        current = tracked.get(finding.key)
        if current is None:
            plan.new.append(finding)
            plan.count("raised")
        elif current.status == "open":
            _update_open(plan, current, finding, thresholds)
        elif LEVEL_RANK[finding.level] > LEVEL_RANK[current.level]:
            plan.updates.append({"id": current.id, "track_key": None})
            plan.new.append(finding)
            plan.count("raised")
        else:
            plan.updates.append({"id": current.id, "evaluated_period": month})
    for key in sorted(cleared_keys):
        current = tracked.get(key)
        if current is None:
            continue
        if current.status == "closed":
            plan.updates.append({"id": current.id, "track_key": None, "evaluated_period": month})
        elif current.condition == "active":
            plan.updates.append(
                {"id": current.id, "condition": "cleared", "cleared_period": month,
                 "evaluated_period": month}
            )  # fmt: skip
            plan.events.append(_event(current.id, "cleared", f"条件已解除 {_month(month)}",
                                      period=month))  # fmt: skip
            plan.count("cleared")
    return plan


def _update_open(
    plan: Plan, current: Tracked, finding: Finding, thresholds: dict[int, dict[str, float]]
) -> None:
    values = finding_columns(finding, thresholds)
    changes: dict[str, Any] = {"id": current.id, **values}
    if current.condition == "cleared":
        changes.update(condition="active", cleared_period=None)
        plan.events.append(
            _event(current.id, "recurred", f"{_month(finding.period)} 条件再次出现",
                   period=finding.period, level=finding.level, value=finding.value)
        )  # fmt: skip
        plan.count("recurred")
    else:
        if not _note_change(plan, current, finding):
            return
        changes["since_period"] = min(current.since_period, values["since_period"])
    plan.updates.append(changes)


def _note_change(plan: Plan, current: Tracked, finding: Finding) -> bool:
    """Keep the history: a colour change, a new month, or a corrected value of the month."""
    level, old = finding.level, current.level
    if LEVEL_RANK[level] != LEVEL_RANK[old]:
        kind = "escalated" if LEVEL_RANK[level] > LEVEL_RANK[old] else "deescalated"
        verb = "升为" if kind == "escalated" else "降为"
        text = f"{_month(finding.period)} 由{LEVEL_NAMES[old]}{verb}{LEVEL_NAMES[level]}"
    elif finding.period != current.period:
        kind, text = "updated", f"{_month(finding.period)} 条件持续"
    elif not _same(finding.measure, current.measure) or not _same(finding.value, current.value):
        kind, text = "corrected", f"{_month(finding.period)} 数据更正后重新评估"
    else:
        return False
    plan.events.append(
        _event(current.id, kind, text, period=finding.period, level=level, value=finding.value)
    )
    plan.count(kind)
    return True


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def finding_columns(finding: Finding, thresholds: dict[int, dict[str, float]]) -> dict[str, Any]:
    """Return the warning columns a finding sets (its facts, month, colour and threshold)."""
    return {
        "subject_name": finding.subject_name[:200],
        "county_code": finding.county_code,
        "level": finding.level,
        "period": finding.period,
        "evaluated_period": finding.period,
        "since_period": finding.since or finding.period,
        "value": finding.value,
        "base": finding.base,
        "measure": finding.measure,
        "threshold": thresholds.get(finding.rule_id, {}).get(finding.level),
        "facts": json.dumps(json.loads(finding.facts or "{}"), ensure_ascii=False),
    }
