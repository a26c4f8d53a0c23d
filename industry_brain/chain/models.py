"""Serving-DB tables of the chain: classification runs, assignments, confirmed labels, stats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class ChainRun(Base):
    """One classification of the warehouse's enterprises against one chain template."""

    __tablename__ = "chain_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64), index=True)
    template_version: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(200))
    enterprises: Mapped[int] = mapped_column(Integer, default=0)
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    labels_used: Mapped[int] = mapped_column(Integer, default=0)
    completeness_pct: Mapped[float | None] = mapped_column(Float)
    leaders: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class ChainAssignment(Base):
    """An enterprise on a node in a run: rank 1 is its main node; confirmed labels win."""

    __tablename__ = "chain_assignments"
    __table_args__ = (
        Index("ix_chain_assignments_run_node", "run_id", "node_id"),
        Index("ix_chain_assignments_run_uscc", "run_id", "uscc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("chain_runs.id", ondelete="CASCADE"))
    uscc: Mapped[str] = mapped_column(String(18))
    node_id: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12))


class ChainLabel(Base):
    """An operator's decision on an enterprise's node (``node_id`` NULL: not on the chain).

    Never deleted: a newer decision supersedes the older one. Active labels win over the
    classifier on every run and are passed to it as training examples.
    """

    __tablename__ = "chain_labels"
    __table_args__ = (Index("ix_chain_labels_active", "template_id", "uscc", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64))
    uscc: Mapped[str] = mapped_column(String(18))
    node_id: Mapped[str | None] = mapped_column(String(64))
    previous_node_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="active")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChainNodeStat(Base):
    """Per run and node: the figures of the chain page (definitions in docs/chain.md)."""

    __tablename__ = "chain_node_stats"

    run_id: Mapped[str] = mapped_column(
        ForeignKey("chain_runs.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enterprises: Mapped[int] = mapped_column(Integer)
    local_enterprises: Mapped[int] = mapped_column(Integer)
    above_scale: Mapped[int] = mapped_column(Integer)
    revenue_12m_wan_yuan: Mapped[float] = mapped_column(Float)
    revenue_share_pct: Mapped[float | None] = mapped_column(Float)
    revenue_yoy_pct: Mapped[float | None] = mapped_column(Float)
    local_purchases_wan_yuan: Mapped[float] = mapped_column(Float)
    outside_purchases_wan_yuan: Mapped[float] = mapped_column(Float)
    outside_dependence_pct: Mapped[float | None] = mapped_column(Float)
    health: Mapped[str] = mapped_column(String(12))
    suggestion: Mapped[str | None] = mapped_column(String(12))
    leaders: Mapped[str] = mapped_column(Text, default="[]")
