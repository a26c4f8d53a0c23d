"""Tables of the relocation domain: the watch list (关注名单) of enterprises at risk."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class WatchEntry(Base):
    """An enterprise on the shared watch list, with the score it had when it was added.

    Never deleted: removing it from the list stamps ``removed_at``; an enterprise is on the
    list while it has an entry without one (at most one such entry, kept by the actions).
    """

    __tablename__ = "relocation_watch"
    __table_args__ = (Index("ix_relocation_watch_uscc_removed", "uscc", "removed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    score_at_add: Mapped[float | None] = mapped_column(Float)
    level_at_add: Mapped[str | None] = mapped_column(String(4))
    as_of_at_add: Mapped[date | None] = mapped_column(Date)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_by: Mapped[str | None] = mapped_column(String(64))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal_note: Mapped[str] = mapped_column(Text, default="")
