"""Queries of the accounts domain and the checks of login sessions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import AuthSession, Organisation, User
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import UserOut
from industry_brain.db import utcnow
from industry_brain.errors import AuthenticationError, HiddenObjectError, NotFoundError
from industry_brain.settings import Settings

TOUCH_INTERVAL = timedelta(seconds=60)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def principal_for(user: User, *, session_id: int | None = None) -> Principal:
    """Return the principal a user acts as."""
    roles = frozenset(Role(name) for name in user.role_names if name in Role.__members__.values())
    return Principal(
        user_id=user.id,
        username=user.username,
        org_id=user.org_id,
        org_type=OrgType(user.organisation.org_type),
        roles=roles,
        session_id=session_id,
        must_change_password=user.must_change_password,
    )


def get_user_by_username(db: Session, *, username: str) -> User | None:
    """Return the user with this username, if any."""
    return db.scalar(select(User).where(User.username == username))


def get_organisation(db: Session, *, principal: Principal, org_id: int) -> Organisation:
    """Return an organisation the principal may read; others look like missing ones."""
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFoundError("机构不存在")
    if not is_allowed(principal, "organisation", "read", target_org_id=org.id):
        raise HiddenObjectError("机构不存在")
    return org


def list_organisations(
    db: Session,
    *,
    principal: Principal,
    query: str | None = None,
    org_type: OrgType | None = None,
) -> list[Organisation]:
    """Return the organisations the principal may read, by name."""
    stmt = select(Organisation).order_by(Organisation.org_type, Organisation.name)
    if not is_allowed(principal, "organisation", "read"):
        require(principal, "organisation", "read", target_org_id=principal.org_id)
        stmt = stmt.where(Organisation.id == principal.org_id)
    if query:
        stmt = stmt.where(Organisation.name.contains(query))
    if org_type:
        stmt = stmt.where(Organisation.org_type == org_type.value)
    return list(db.scalars(stmt))


def get_user(db: Session, *, principal: Principal, user_id: int) -> User:
    """Return a user the principal may read; others look like missing ones."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFoundError("用户不存在")
    if not is_allowed(principal, "user", "read", target_org_id=user.org_id):
        raise HiddenObjectError("用户不存在")
    return user


def list_users(db: Session, *, principal: Principal, org_id: int) -> list[User]:
    """Return the users of an organisation the principal may read."""
    if not is_allowed(principal, "user", "read", target_org_id=org_id):
        raise HiddenObjectError("机构不存在")
    return list(db.scalars(select(User).where(User.org_id == org_id).order_by(User.username)))


def count_users(db: Session, *, org_ids: list[int]) -> dict[int, int]:
    """Return the number of users of each organisation."""
    rows = db.execute(
        select(User.org_id, func.count()).where(User.org_id.in_(org_ids)).group_by(User.org_id)
    )
    return {int(org_id): int(count) for org_id, count in rows}


def user_out(user: User) -> UserOut:
    """Return the API view of a user."""
    locked = user.locked_until is not None and user.locked_until > utcnow()
    return UserOut(
        id=user.id,
        org_id=user.org_id,
        username=user.username,
        display_name=user.display_name,
        is_active=user.is_active,
        roles=sorted(user.role_names),
        locked=locked,
        must_change_password=user.must_change_password,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
    )


def authenticate_session(
    db: Session, *, settings: Settings, token: str, kind: str
) -> tuple[AuthSession, bool]:
    """Return the live session for a token and whether its last-seen time is due a touch."""
    session = db.scalar(select(AuthSession).where(AuthSession.token_hash == hash_token(token)))
    now = utcnow()
    if session is None or session.kind != kind or session.revoked_at is not None:
        raise AuthenticationError("未登录或登录已失效")
    if now - session.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        raise AuthenticationError("长时间未操作，登录已超时，请重新登录")
    if now - session.created_at > timedelta(hours=settings.session_max_hours):
        raise AuthenticationError("登录已过期，请重新登录")
    user = session.user
    if not user.is_active or not user.organisation.is_active:
        raise AuthenticationError("账户已停用")
    return session, now - session.last_seen_at > TOUCH_INTERVAL


def touch_session(db: Session, *, session_id: int) -> None:
    """Record activity on a session now (keeps it from idling out)."""
    session = db.get(AuthSession, session_id)
    if session is not None:
        session.last_seen_at = utcnow()
        db.commit()


def has_users(db: Session) -> bool:
    """Return whether any user exists."""
    return db.scalar(select(func.count()).select_from(User)) != 0


def own_organisation(db: Session, *, principal: Principal) -> Organisation | None:
    """Return the organisation the principal belongs to (part of who they are)."""
    return db.get(Organisation, principal.org_id) if principal.org_id is not None else None


def overview(db: Session, *, principal: Principal) -> dict[str, int] | None:
    """Return counts of organisations by type and of users, for those who may see them all."""
    if not is_allowed(principal, "organisation", "read"):
        return None
    rows = db.execute(select(Organisation.org_type, func.count()).group_by(Organisation.org_type))
    counts = {str(kind): int(count) for kind, count in rows}
    counts["users"] = db.scalar(select(func.count()).select_from(User)) or 0
    return counts
