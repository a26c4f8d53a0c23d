"""Queries of the accounts domain and the checks of login sessions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import AuthSession, Organisation, PushToken, User
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import PushTokenOut, UserOut
from industry_brain.db import utcnow
from industry_brain.errors import AuthenticationError, HiddenObjectError, NotFoundError
from industry_brain.settings import Settings

TOUCH_INTERVAL = timedelta(seconds=60)
PUSH_TOKEN_PREFIX = "ibp_"
PUSH_SCOPE = "warehouse.push"


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


def organisation_id_by_uscc(db: Session, *, uscc: str) -> int | None:
    """Return the id of the organisation registered under a 统一社会信用代码, if any."""
    return db.scalar(select(Organisation.id).where(Organisation.uscc == uscc.strip().upper()))


def overview(db: Session, *, principal: Principal) -> dict[str, int] | None:
    """Return counts of organisations by type and of users, for those who may see them all."""
    if not is_allowed(principal, "organisation", "read"):
        return None
    rows = db.execute(select(Organisation.org_type, func.count()).group_by(Organisation.org_type))
    counts = {str(kind): int(count) for kind, count in rows}
    counts["users"] = db.scalar(select(func.count()).select_from(User)) or 0
    return counts


def locked_users(db: Session, *, principal: Principal) -> list[User]:
    """Return the accounts locked out now, for those who may unlock them."""
    require(principal, "user", "unlock")
    stmt = select(User).where(User.locked_until > utcnow()).order_by(User.locked_until.desc())
    return list(db.scalars(stmt))


def is_push_token(token: str) -> bool:
    """Return whether a bearer secret is a push token (they carry a prefix of their own)."""
    return token.startswith(PUSH_TOKEN_PREFIX)


def push_token_status(token: PushToken) -> str:
    """Return ``active``, ``expired`` or ``revoked``."""
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if token.expires_at <= utcnow() else "active"


def push_token_out(token: PushToken) -> PushTokenOut:
    """Return the API view of a push token (never its secret)."""
    fields = {name: getattr(token, name) for name in PushTokenOut.model_fields if name != "status"}
    return PushTokenOut.model_validate({**fields, "status": push_token_status(token)})


def list_push_tokens(db: Session, *, principal: Principal) -> list[PushToken]:
    """Return the push tokens of the principal's own organisation, newest first."""
    require(principal, "warehouse.push_token", "read", target_org_id=principal.org_id)
    stmt = select(PushToken).where(PushToken.org_id == principal.org_id)
    return list(db.scalars(stmt.order_by(PushToken.created_at.desc(), PushToken.id.desc())))


def authenticate_push_token(db: Session, *, token: str) -> PushToken:
    """Return the live push token for a secret; refuse a revoked or expired one by name."""
    found = db.scalar(select(PushToken).where(PushToken.token_hash == hash_token(token)))
    if found is None:
        raise AuthenticationError("推送令牌无效")
    status = push_token_status(found)
    if status == "revoked":
        assert found.revoked_at is not None
        raise AuthenticationError(
            f"推送令牌“{found.name}”已于 {found.revoked_at:%Y-%m-%d} 撤销，请使用新的令牌"
        )
    if status == "expired":
        raise AuthenticationError(
            f"推送令牌“{found.name}”已于 {found.expires_at:%Y-%m-%d} 过期，"
            "请由本企业机构管理员在企业工作台创建新令牌"
        )
    organisation = found.organisation
    if not organisation.is_active:
        raise AuthenticationError("账户已停用")
    if organisation.uscc != found.uscc:
        raise AuthenticationError("本机构的统一社会信用代码已变更，此推送令牌已失效")
    return found


def push_token_principal(token: PushToken) -> Principal:
    """Return who acts through a push token: its organisation, able to push and nothing else."""
    return Principal(
        user_id=None,
        username=f"push-token:{token.id}",
        org_id=token.org_id,
        org_type=OrgType(token.organisation.org_type),
        roles=frozenset({Role.MEMBER}),
        token_scope=token.scope,
    )


def touch_push_token(db: Session, *, token_id: int) -> None:
    """Record that a push token was used now."""
    token = db.get(PushToken, token_id)
    if token is not None:
        token.last_used_at = utcnow()
        db.commit()
