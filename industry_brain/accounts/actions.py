"""Changes of accounts state. Each ``do_*`` checks the policy, changes the rows, writes one
audit row in the same transaction and commits; on any error nothing is stored.

Login is the exception that commits on failure too: the failure count, the lockout and the
audit row of a failed attempt must persist although the caller is refused.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from industry_brain.accounts.models import AuthSession, Organisation, User, UserRole
from industry_brain.accounts.passwords import (
    burn_verification_time,
    generate_password,
    hash_password,
    password_problems,
    verify_password,
)
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role, check_role_allowed
from industry_brain.accounts.schemas import (
    OrganisationCreate,
    OrganisationUpdate,
    UserCreate,
    UserUpdate,
)
from industry_brain.accounts.service import get_user_by_username, hash_token, principal_for
from industry_brain.audit import service as audit
from industry_brain.context import current_client_ip
from industry_brain.db import utcnow
from industry_brain.errors import (
    AuthenticationError,
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    ValidationFailedError,
)
from industry_brain.evaluation.usage import record_login
from industry_brain.settings import Settings

LOGIN_FAILED = "用户名或密码错误，或账户已被锁定"


def do_login(
    db: Session, *, settings: Settings, username: str, password: str, kind: str
) -> tuple[str, Principal]:
    """Check credentials and open a session; return its secret token and the principal."""
    user = get_user_by_username(db, username=username[:64])
    now = utcnow()
    if user is None:
        burn_verification_time(password)
        _audit_login_failure(db, username=username, reason="unknown_user")
        raise AuthenticationError(LOGIN_FAILED)
    locked = user.locked_until is not None and user.locked_until > now
    if locked or not verify_password(user.password_hash, password):
        _record_failure(db, settings=settings, user=user, locked=locked)
        raise AuthenticationError(LOGIN_FAILED)
    if not user.is_active or not user.organisation.is_active:
        _audit_login_failure(db, username=username, reason="inactive")
        raise AuthenticationError(LOGIN_FAILED)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    token = secrets.token_urlsafe(32)
    session = AuthSession(
        token_hash=hash_token(token), user=user, kind=kind, client_ip=current_client_ip()
    )
    db.add(session)
    db.flush()
    principal = principal_for(user, session_id=session.id)
    audit.append(
        db,
        actor=principal,
        event_type="auth.login",
        object_type="session",
        object_id=session.id,
        detail={"kind": kind},
    )
    record_login(db, principal)
    db.commit()
    return token, principal


def _record_failure(db: Session, *, settings: Settings, user: User, locked: bool) -> None:
    if not locked:
        user.failed_logins += 1
    reason = "locked" if locked else "bad_password"
    audit.append(
        db,
        actor=None,
        username=user.username,
        event_type="auth.login",
        result="failure",
        object_type="user",
        object_id=user.id,
        detail={"reason": reason, "failed_logins": user.failed_logins},
    )
    if not locked and user.failed_logins >= settings.lockout_threshold:
        user.locked_until = utcnow() + timedelta(minutes=settings.lockout_minutes)
        user.failed_logins = 0
        audit.append(
            db,
            actor=None,
            username=user.username,
            event_type="auth.lockout",
            object_type="user",
            object_id=user.id,
            detail={"minutes": settings.lockout_minutes},
        )
    db.commit()


def _audit_login_failure(db: Session, *, username: str, reason: str) -> None:
    audit.append(
        db,
        actor=None,
        username=username[:64] or "anonymous",
        event_type="auth.login",
        result="failure",
        detail={"reason": reason},
    )
    db.commit()


def do_logout(db: Session, *, actor: Principal) -> None:
    """Revoke the session or token the principal is using."""
    session = db.get(AuthSession, actor.session_id) if actor.session_id else None
    if session is None or session.revoked_at is not None:
        return
    session.revoked_at = utcnow()
    audit.append(
        db, actor=actor, event_type="auth.logout", object_type="session", object_id=session.id
    )
    db.commit()


def do_create_organisation(
    db: Session, *, actor: Principal, data: OrganisationCreate
) -> Organisation:
    """Create an organisation; an enterprise must carry a valid 统一社会信用代码."""
    require(actor, "organisation", "create")
    if data.org_type is OrgType.ENTERPRISE and not data.uscc:
        raise ValidationFailedError("企业机构必须填写统一社会信用代码", field="uscc")
    if db.scalar(select(Organisation.id).where(Organisation.name == data.name)):
        raise ConflictError(f"机构“{data.name}”已存在", field="name")
    if data.uscc and db.scalar(select(Organisation.id).where(Organisation.uscc == data.uscc)):
        raise ConflictError(f"统一社会信用代码 {data.uscc} 已被其他机构使用", field="uscc")
    org = Organisation(
        name=data.name, org_type=data.org_type.value, uscc=data.uscc, region_code=data.region_code
    )
    db.add(org)
    _flush_or_conflict(db, "机构名称或统一社会信用代码已存在")
    audit.append(
        db,
        actor=actor,
        event_type="organisation.create",
        object_type="organisation",
        object_id=org.id,
        detail=data.model_dump(mode="json"),
    )
    db.commit()
    return org


def do_update_organisation(
    db: Session, *, actor: Principal, org_id: int, data: OrganisationUpdate
) -> Organisation:
    """Rename, re-seat, deactivate or reactivate an organisation."""
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFoundError("机构不存在")
    if not is_allowed(actor, "organisation", "read", target_org_id=org.id):
        raise HiddenObjectError("机构不存在")
    require(actor, "organisation", "update", target_org_id=org.id)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if (
        data.name
        and data.name != org.name
        and db.scalar(select(Organisation.id).where(Organisation.name == data.name))
    ):
        raise ConflictError(f"机构“{data.name}”已存在", field="name")
    for key, value in changes.items():
        setattr(org, key, value)
    _flush_or_conflict(db, "机构名称已存在")
    audit.append(
        db,
        actor=actor,
        event_type="organisation.update",
        object_type="organisation",
        object_id=org.id,
        detail=changes,
    )
    db.commit()
    return org


def do_create_user(
    db: Session, *, actor: Principal, data: UserCreate, must_change_password: bool = True
) -> tuple[User, str | None]:
    """Create a user; return it and the generated password (None when one was given)."""
    org = db.get(Organisation, data.org_id)
    if org is None:
        raise NotFoundError("机构不存在", field="org_id")
    if not is_allowed(actor, "organisation", "read", target_org_id=org.id):
        raise HiddenObjectError("机构不存在", field="org_id")
    require(actor, "user", "create", target_org_id=org.id)
    roles = set(data.roles)
    _check_grantable(actor, roles)
    for role in sorted(roles):
        reason = check_role_allowed(role=role, org_type=OrgType(org.org_type), held=roles - {role})
        if reason:
            raise ConflictError(reason, field="roles")
    if get_user_by_username(db, username=data.username):
        raise ConflictError(f"用户名“{data.username}”已存在", field="username")
    generated = None
    password = data.password
    if password is None:
        password = generated = generate_password()
    problems = password_problems(password, username=data.username)
    if problems:
        raise ValidationFailedError("；".join(problems), field="password")
    user = User(
        org_id=org.id,
        username=data.username,
        display_name=data.display_name,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    user.roles = [UserRole(role=role.value, granted_by=actor.username) for role in sorted(roles)]
    db.add(user)
    _flush_or_conflict(db, "用户名已存在")
    audit.append(
        db,
        actor=actor,
        event_type="user.create",
        object_type="user",
        object_id=user.id,
        detail={
            "username": user.username,
            "org_id": org.id,
            "roles": sorted(r.value for r in roles),
        },
    )
    db.commit()
    return user, generated


def _check_grantable(actor: Principal, roles: set[Role]) -> None:
    """Only the security admin (or the shell) grants more than the member role."""
    if roles - {Role.MEMBER}:
        require(actor, "user.role", "grant")


def do_update_user(db: Session, *, actor: Principal, user_id: int, data: UserUpdate) -> User:
    """Change a user's display name or (de)activate the account."""
    user = _get_user(db, user_id, actor)
    require(actor, "user", "update", target_org_id=user.org_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("is_active") is False and user.id == actor.user_id:
        raise ConflictError("不能停用自己的账户", field="is_active")
    for key, value in changes.items():
        setattr(user, key, value)
    if changes.get("is_active") is False:
        _revoke_sessions(db, user)
    audit.append(
        db,
        actor=actor,
        event_type="user.update",
        object_type="user",
        object_id=user.id,
        detail=changes,
    )
    db.commit()
    return user


def do_grant_role(db: Session, *, actor: Principal, user_id: int, role: Role) -> User:
    """Grant a role, refusing any that would break 三权分立."""
    user = _get_user(db, user_id, actor)
    require(actor, "user.role", "grant", target_org_id=user.org_id)
    held = {Role(name) for name in user.role_names}
    if role in held:
        return user
    reason = check_role_allowed(role=role, org_type=OrgType(user.organisation.org_type), held=held)
    if reason:
        raise ConflictError(reason, field="role")
    user.roles.append(UserRole(role=role.value, granted_by=actor.username))
    audit.append(
        db,
        actor=actor,
        event_type="user.role.grant",
        object_type="user",
        object_id=user.id,
        detail={"role": role.value},
    )
    db.commit()
    return user


def do_revoke_role(db: Session, *, actor: Principal, user_id: int, role: Role) -> User:
    """Take a role away from a user."""
    user = _get_user(db, user_id, actor)
    require(actor, "user.role", "revoke", target_org_id=user.org_id)
    grant = next((grant for grant in user.roles if grant.role == role.value), None)
    if grant is None:
        raise NotFoundError("该用户没有此角色", field="role")
    if user.id == actor.user_id and role is Role.SECURITY_ADMIN:
        raise ConflictError("不能撤销自己的安全管理员角色", field="role")
    user.roles.remove(grant)
    audit.append(
        db,
        actor=actor,
        event_type="user.role.revoke",
        object_type="user",
        object_id=user.id,
        detail={"role": role.value},
    )
    db.commit()
    return user


def do_unlock_user(db: Session, *, actor: Principal, user_id: int) -> User:
    """Lift a lockout and clear the failure count."""
    user = _get_user(db, user_id, actor)
    require(actor, "user", "unlock", target_org_id=user.org_id)
    user.locked_until = None
    user.failed_logins = 0
    audit.append(db, actor=actor, event_type="user.unlock", object_type="user", object_id=user.id)
    db.commit()
    return user


def do_reset_password(db: Session, *, actor: Principal, user_id: int) -> tuple[User, str]:
    """Set a generated password that must be changed at next login; end open sessions."""
    user = _get_user(db, user_id, actor)
    require(actor, "user", "reset_password", target_org_id=user.org_id)
    password = generate_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.password_changed_at = utcnow()
    _revoke_sessions(db, user)
    audit.append(
        db, actor=actor, event_type="user.password.reset", object_type="user", object_id=user.id
    )
    db.commit()
    return user, password


def do_change_own_password(
    db: Session, *, actor: Principal, current_password: str, new_password: str
) -> None:
    """Change the caller's password after checking the current one."""
    if actor.user_id is None:
        raise AuthenticationError("未登录")
    user = _get_user(db, actor.user_id)
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailedError("当前密码不正确", field="current_password")
    problems = password_problems(new_password, username=user.username)
    if verify_password(user.password_hash, new_password):
        problems.append("新密码不能与当前密码相同")
    if problems:
        raise ValidationFailedError("；".join(problems), field="new_password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    _revoke_sessions(db, user, keep=actor.session_id)
    audit.append(
        db, actor=actor, event_type="user.password.change", object_type="user", object_id=user.id
    )
    db.commit()


def _get_user(db: Session, user_id: int, actor: Principal | None = None) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFoundError("用户不存在")
    if actor is not None and not is_allowed(actor, "user", "read", target_org_id=user.org_id):
        raise HiddenObjectError("用户不存在")
    return user


def _revoke_sessions(db: Session, user: User, *, keep: int | None = None) -> None:
    now = utcnow()
    sessions = db.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
    )
    for session in sessions:
        if session.id != keep:
            session.revoked_at = now


def _flush_or_conflict(db: Session, message: str) -> None:
    try:
        db.flush()
    except IntegrityError as exc:
        db.rollback()
        raise ConflictError(message) from exc
