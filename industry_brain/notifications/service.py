"""Sending and reading in-app notifications.

``notify`` adds to the caller's transaction and never commits: a notification is sent exactly
when the change it tells about is committed (other domains call it inside their actions).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import User
from industry_brain.accounts.principal import Principal
from industry_brain.notifications.models import Notification

PAGE = 50


def notify(
    db: Session, *, org_id: int, title: str, link: str, kind: str, user_id: int | None = None
) -> list[Notification]:
    """Add a notification for one user, or for every active user of the organisation (one
    for the organisation as a whole when it has none yet); the caller commits."""
    users: list[int | None]
    if user_id is not None:
        users = [user_id]
    else:
        users = list(
            db.scalars(
                select(User.id).where(User.org_id == org_id, User.is_active).order_by(User.id)
            )
        )
    users = users or [None]
    rows = [
        Notification(org_id=org_id, user_id=user, kind=kind, title=title[:300], link=link[:500])
        for user in users
    ]
    db.add_all(rows)
    return rows


def mine(principal: Principal) -> ColumnElement[bool]:
    """Return the condition selecting the notifications the principal sees."""
    if principal.user_id is None or principal.org_id is None:
        return Notification.id.is_(None)
    return or_(
        Notification.user_id == principal.user_id,
        and_(Notification.user_id.is_(None), Notification.org_id == principal.org_id),
    )


def unread_count(db: Session, principal: Principal) -> int:
    """Return how many of the principal's notifications are unread (for the header)."""
    found = db.scalar(
        select(func.count(Notification.id)).where(mine(principal), Notification.read_at.is_(None))
    )
    return int(found or 0)


def list_notifications(
    db: Session, principal: Principal, *, unread_only: bool = False, limit: int = PAGE
) -> list[Notification]:
    """Return the principal's notifications, newest first."""
    query = select(Notification).where(mine(principal))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    return list(db.scalars(query))
