"""Tables of 惠企政策: policies with their eligibility rule and the counts of its last
evaluation, the notices sent to matched enterprises, and applications with their timeline.

Invariants:
- ``policies.rule`` is the rule as data (JSON of the rules language), validated by
  ``industry_brain.rules`` before it is stored; it is never stored invalid.
- Who is eligible is not stored per enterprise: it is the rule over the published facts
  (``ads_enterprise_facts``), counted and listed by one query (``industry_brain.rules.serving``)
  whenever it is shown. ``met_count`` / ``not_met_count`` / ``unknown_count`` are the counts of
  the policy's last evaluation (NULL before the first), at ``evaluated_at``.
- ``policy_notices`` holds one row per (policy, enterprise) told that the published policy
  matches it; an enterprise is told once, however often the policy is evaluated again.
- At most one *open* application (not 兑现, not 不予支持) per policy and enterprise:
  ``open_key`` (``<policy_id>|<org_id>``) is unique and set only while it is open, so the
  database itself refuses a second one.
- Every change of an application is an event of its timeline and one audit row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow

STATUSES = ("draft", "published", "expired")
STATUS_LABELS = {"draft": "草稿", "published": "已发布", "expired": "已失效"}
RESULTS = ("met", "not_met", "unknown")
RESULT_LABELS = {"met": "符合", "not_met": "不符合", "unknown": "待补充数据"}
STEPS = ("申报", "受理", "审核", "兑现")
RETURNED, REJECTED = "退回", "不予支持"
APPLICATION_STATUSES = (*STEPS, RETURNED, REJECTED)
CLOSED = ("兑现", REJECTED)


class Policy(Base):
    """A 惠企 policy: its document, benefits and the eligibility rule."""

    __tablename__ = "policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200))
    doc_no: Mapped[str] = mapped_column(String(100), default="")  # 文号
    published_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    region_code: Mapped[str | None] = mapped_column(String(6))
    text: Mapped[str] = mapped_column(Text, default="")
    benefits: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[str] = mapped_column(String(200), default="")  # 扶持金额 as described
    auto_grant: Mapped[bool] = mapped_column(Boolean, default=False)  # 免申即享
    rule: Mapped[str] = mapped_column(Text)  # JSON
    status: Mapped[str] = mapped_column(String(10), index=True)  # STATUSES
    demo: Mapped[bool] = mapped_column(Boolean, default=False)  # 演示数据
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    met_count: Mapped[int | None] = mapped_column(Integer)
    not_met_count: Mapped[int | None] = mapped_column(Integer)
    unknown_count: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PolicyNotice(Base):
    """An enterprise told that a published policy matches it (once per policy)."""

    __tablename__ = "policy_notices"
    __table_args__ = (UniqueConstraint("policy_id", "uscc", name="uq_policy_notices_policy_uscc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"))
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PolicyApplication(Base):
    """An enterprise's application for a policy (申报 → 受理 → 审核 → 兑现)."""

    __tablename__ = "policy_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    uscc: Mapped[str] = mapped_column(String(18))
    status: Mapped[str] = mapped_column(String(8), index=True)  # APPLICATION_STATUSES
    open_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")  # the enterprise's statement
    reason: Mapped[str | None] = mapped_column(Text)  # of the last 退回 / 不予支持
    granted_wan_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 兑现金额
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PolicyApplicationEvent(Base):
    """One step of an application's timeline: the status reached, by whom, why."""

    __tablename__ = "policy_application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("policy_applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
