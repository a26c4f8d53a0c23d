"""Tables of the warnings domain: rules as data, warnings, and each warning's history.

Invariant: at most one warning per (rule, subject) is *tracked* by the evaluation at a time:
``track_key`` (``<rule id>|<subject key>``) is unique and set only on the tracked one. An open
warning is always tracked; a closed one stays tracked while the condition that raised it
persists (so that closing it does not make the next run raise it again), and lets go when the
condition clears or a worse level raises a new warning.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class AlertRule(Base):
    """A warning rule: its kind, what it looks at, its parameters and colour thresholds."""

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    scope: Mapped[str] = mapped_column(String(20))  # enterprise | node | region | cluster
    indicator: Mapped[str | None] = mapped_column(String(60))
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: name → value
    thresholds: Mapped[str] = mapped_column(Text, default="{}")  # JSON: 红/橙/黄/蓝 → number
    why: Mapped[str] = mapped_column(Text, default="")  # 为什么重要, shown in explanations
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertWarning(Base):
    """One warning: a rule's condition on one subject, with the facts that explain it, and
    the task it became (assignee, due date, outcome)."""

    __tablename__ = "alert_warnings"
    __table_args__ = (
        Index("ix_alert_warnings_status_level", "status", "level"),
        Index("ix_alert_warnings_subject", "subject_type", "subject_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("alert_rules.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_key: Mapped[str] = mapped_column(String(120))
    subject_name: Mapped[str] = mapped_column(String(200))
    county_code: Mapped[str | None] = mapped_column(String(6), index=True)
    track_key: Mapped[str | None] = mapped_column(String(140), unique=True)
    level: Mapped[str] = mapped_column(String(2))  # 红 | 橙 | 黄 | 蓝
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    condition: Mapped[str] = mapped_column(String(10), default="active")  # active | cleared
    cleared_period: Mapped[date | None] = mapped_column(Date)
    first_period: Mapped[date] = mapped_column(Date)
    since_period: Mapped[date] = mapped_column(Date)
    period: Mapped[date] = mapped_column(Date)  # the latest month the condition held
    evaluated_period: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    base: Mapped[float | None] = mapped_column(Float)
    measure: Mapped[float | None] = mapped_column(Float)
    threshold: Mapped[float | None] = mapped_column(Float)
    facts: Mapped[str] = mapped_column(Text, default="{}")  # JSON, by rule kind
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertWarningEvent(Base):
    """One entry of a warning's timeline: raised, changed by a run, assigned, commented,
    closed, reopened (the evaluation's and the people's)."""

    __tablename__ = "alert_warning_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warning_id: Mapped[int] = mapped_column(
        ForeignKey("alert_warnings.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(64))
    period: Mapped[date | None] = mapped_column(Date)
    level: Mapped[str | None] = mapped_column(String(2))
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
