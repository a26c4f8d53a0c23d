"""Request and response bodies of the warnings API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from industry_brain.accounts.people import Person

OUTCOMES = {
    "resolved": "已化解",
    "helped": "已帮扶",
    "false_alarm": "误报",
    "gone": "已迁出/注销",
    "other": "其他",
}
Outcome = Literal["resolved", "helped", "false_alarm", "gone", "other"]


class RuleIn(BaseModel):
    """A rule to create. ``params`` and ``thresholds`` are checked against the kind when saved
    (wrong names or types are refused with a message naming the field)."""

    name: str = Field(min_length=1, max_length=100)
    kind: str = Field(max_length=30, description="yoy_drop, consecutive_decline, cliff, …")
    scope: str = Field(default="enterprise", max_length=20)
    indicator: str | None = Field(default=None, max_length=60)
    params: dict[str, Any] = Field(default_factory=dict)
    thresholds: dict[str, float | None] = Field(
        default_factory=dict, description="红/橙/黄/蓝 → threshold of the rule's measure"
    )
    why: str = Field(default="", max_length=1000, description="为什么重要 (empty: the kind's)")
    enabled: bool = True


class RulePatch(BaseModel):
    """Changes to a rule; fields left out keep their value."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    scope: str | None = Field(default=None, max_length=20)
    indicator: str | None = Field(default=None, max_length=60)
    params: dict[str, Any] | None = None
    thresholds: dict[str, float | None] | None = None
    why: str | None = Field(default=None, max_length=1000)
    enabled: bool | None = None


class RuleOut(BaseModel):
    """A rule with its kind's and indicator's names and a one-line description."""

    id: int
    name: str
    kind: str
    kind_label: str
    scope: str
    scope_label: str
    indicator: str | None
    indicator_name: str | None
    params: dict[str, Any]
    thresholds: dict[str, float]
    why: str
    enabled: bool
    description: str
    updated_by: str
    updated_at: datetime
    open_warnings: int = 0


class AssignIn(BaseModel):
    """Who follows a warning up, and by when."""

    assignee_id: int
    due_on: date
    note: str = Field(default="", max_length=1000)


class CommentIn(BaseModel):
    """What was done."""

    text: str = Field(min_length=1, max_length=2000)


class CloseIn(BaseModel):
    """How a warning ended: resolved, helped, false_alarm, gone (迁出/注销) or other (note)."""

    outcome: Outcome
    note: str = Field(default="", max_length=2000)


class ReopenIn(BaseModel):
    """Why a closed warning needs work again."""

    reason: str = Field(min_length=1, max_length=1000)


class WarningOut(BaseModel):
    """A warning in a list: its colour, subject, rule, month, task state and summary."""

    id: int
    rule_id: int
    rule_name: str
    kind: str
    level: str
    status: str
    condition: str
    cleared_period: str | None
    subject_type: str
    subject_key: str
    subject_name: str
    county_code: str | None
    county_name: str | None
    period: str
    since: str
    first_period: str
    value: float | None
    measure: float | None
    summary: str
    assignee: Person | None
    due_on: date | None
    overdue: bool
    outcome: str | None
    outcome_label: str | None
    created_at: datetime
    updated_at: datetime


class TimelineEntry(BaseModel):
    """One entry of a warning's timeline."""

    at: datetime
    kind: str
    label: str
    actor: str
    period: str | None
    level: str | None
    value: float | None
    text: str


class SeriesOut(BaseModel):
    """The chart of a warning: the subject's series with the rule's month marked."""

    label: str
    unit: str
    periods: list[str]
    values: list[float | None]
    source: str


class WarningDetail(WarningOut):
    """A warning with its explanation in words, facts, chart and timeline."""

    explanation: str
    why: str
    rule_description: str
    base: float | None
    threshold: float | None
    facts: dict[str, Any]
    outcome_note: str
    closed_by: str | None
    closed_at: datetime | None
    series: SeriesOut | None
    timeline: list[TimelineEntry]


class WarningPage(BaseModel):
    """A page of warnings, the total and the counts by colour of the filtered set."""

    total: int
    page: int
    per_page: int
    by_level: dict[str, int]
    items: list[WarningOut]
