"""Serving-DB tables of enterprises: the recorded merges of provisional ids."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow

MERGE_METHODS = ("exact_name", "fuzzy_name", "manual")


class EnterpriseMerge(Base):
    """A provisional id recorded as the same enterprise as a real 统一社会信用代码.

    Rows are never deleted: undoing a merge sets ``status`` to ``undone``, which also keeps
    the automatic step from proposing the same pair again. At most one merge of a
    provisional id is active.
    """

    __tablename__ = "enterprise_merges"
    __table_args__ = (
        Index(
            "uq_enterprise_merges_active",
            "provisional_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provisional_id: Mapped[str] = mapped_column(String(18), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    provisional_name: Mapped[str] = mapped_column(String(200))
    matched_name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="active")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_by: Mapped[str | None] = mapped_column(String(64))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
