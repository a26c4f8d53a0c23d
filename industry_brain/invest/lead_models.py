"""Tables of the 招商 pipeline: leads (one candidate followed for one chain node) and each
lead's timeline (stage moves, assignments, visits, notes, attachments).

Invariants:
- At most one *open* lead (any stage but 放弃) per (uscc, template, node): ``open_key``
  (``<uscc>|<template>|<node>``) is unique and set only while the lead is not abandoned, so the
  database itself refuses a second one even when two officers add the candidate at once.
- Every change of a lead is an event of its timeline; a stage event carries the stage the lead
  reached (its creation is the stage event of 线索), so the funnel counts when each lead
  first reached each stage from the timeline alone.
- An attachment's bytes are kept unchanged under ``<data_dir>/raw/invest/``; its event holds
  the path relative to the data directory, the SHA-256, the size and the original name.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow

STAGES = ("线索", "接洽", "考察", "签约", "落地")
ABANDONED = "放弃"
ALL_STAGES = (*STAGES, ABANDONED)
EVENT_KINDS = ("stage", "assign", "visit", "note", "attach")


class InvestLead(Base):
    """A candidate enterprise followed through the 招商 pipeline for one gap node."""

    __tablename__ = "invest_leads"
    __table_args__ = (Index("ix_invest_leads_template_node", "template_id", "node_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(200))
    template_id: Mapped[str] = mapped_column(String(64))
    node_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(4), index=True)  # ALL_STAGES
    open_key: Mapped[str | None] = mapped_column(String(150), unique=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    abandon_reason: Mapped[str | None] = mapped_column(Text)
    abandoned_from: Mapped[str | None] = mapped_column(String(4))  # the stage it left
    score_at_add: Mapped[float | None] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InvestLeadEvent(Base):
    """One entry of a lead's timeline: a stage reached, an assignment, a visit, a note or an
    attachment, with who made it and when."""

    __tablename__ = "invest_lead_events"
    __table_args__ = (Index("ix_invest_lead_events_kind_stage", "kind", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("invest_leads.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # EVENT_KINDS
    stage: Mapped[str | None] = mapped_column(String(4))  # the stage reached (kind stage)
    text: Mapped[str] = mapped_column(Text, default="")
    visited_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    people: Mapped[str | None] = mapped_column(String(500))
    attachment_path: Mapped[str | None] = mapped_column(String(500))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_bytes: Mapped[int | None] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
