"""Marking notifications read: the reader's own messages only. Reading is not governed state
of the platform, so it writes no audit row."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.db import utcnow
from industry_brain.errors import NotFoundError
from industry_brain.notifications.models import Notification
from industry_brain.notifications.service import mine


def do_mark_read(db: Session, *, actor: Principal, notification_id: int | None = None) -> int:
    """Mark one of the actor's notifications read, or all of them when no id is given;
    return how many changed. Another user's notification is answered as not found."""
    query = update(Notification).where(mine(actor), Notification.read_at.is_(None))
    if notification_id is not None:
        target = db.get(Notification, notification_id)
        if target is None or not _visible(target, actor):
            raise NotFoundError("没有这条消息")
        query = query.where(Notification.id == notification_id)
    result = db.execute(query.values(read_at=utcnow()))
    db.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _visible(row: Notification, actor: Principal) -> bool:
    if row.user_id is not None:
        return row.user_id == actor.user_id
    return row.org_id == actor.org_id
