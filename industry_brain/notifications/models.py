"""The notifications table: one message to one user, or to every user of an organisation.

Invariants:
- ``user_id`` set: the message is that user's; NULL: every user of ``org_id`` sees it (used
  when the organisation had no active user when it was sent).
- ``read_at`` is NULL until the message is marked read; nothing else of a row ever changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class Notification(Base):
    """A message shown in the app, with the link it leads to."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_org_user_read", "org_id", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
