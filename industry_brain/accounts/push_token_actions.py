"""Changes of push tokens (推送令牌): created and revoked by an enterprise's org admin.

Each ``do_*`` checks the policy, changes the row, writes one audit row in the same
transaction and commits. The secret is returned once by ``do_create_push_token`` and never
stored; only its SHA-256 is.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation, PushToken
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.accounts.schemas import PushTokenCreate
from industry_brain.accounts.service import (
    PUSH_SCOPE,
    PUSH_TOKEN_PREFIX,
    hash_token,
    push_token_status,
)
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    ValidationFailedError,
)

HINT_LENGTH = 8


def do_create_push_token(
    db: Session, *, actor: Principal, data: PushTokenCreate
) -> tuple[PushToken, str]:
    """Create a push token of the actor's enterprise; return it and its secret (shown once)."""
    require(actor, "warehouse.push_token", "create", target_org_id=actor.org_id)
    organisation = db.get(Organisation, actor.org_id) if actor.org_id is not None else None
    if organisation is None or organisation.org_type != OrgType.ENTERPRISE or not organisation.uscc:
        raise ValidationFailedError("只有登记了统一社会信用代码的企业可以创建推送令牌")
    live = db.scalars(
        select(PushToken).where(PushToken.org_id == organisation.id, PushToken.name == data.name)
    )
    if any(push_token_status(token) == "active" for token in live):
        raise ConflictError(f"已有名为“{data.name}”的有效推送令牌", field="name")
    secret = PUSH_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = PushToken(
        org_id=organisation.id,
        name=data.name,
        token_hash=hash_token(secret),
        hint=secret[:HINT_LENGTH],
        uscc=organisation.uscc,
        scope=PUSH_SCOPE,
        created_by=actor.username,
        created_at=now,
        expires_at=now + timedelta(days=data.days),
    )
    db.add(token)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="push_token.create",
        object_type="push_token",
        object_id=token.id,
        detail={
            "name": token.name,
            "uscc": token.uscc,
            "scope": token.scope,
            "expires_at": token.expires_at.isoformat(timespec="seconds"),
        },
    )
    db.commit()
    return token, secret


def do_revoke_push_token(db: Session, *, actor: Principal, token_id: int) -> PushToken:
    """Revoke a push token of the actor's enterprise; it is refused from then on."""
    token = db.get(PushToken, token_id)
    if token is None:
        raise NotFoundError("推送令牌不存在")
    if not is_allowed(actor, "warehouse.push_token", "read", target_org_id=token.org_id):
        raise HiddenObjectError("推送令牌不存在")
    require(actor, "warehouse.push_token", "revoke", target_org_id=token.org_id)
    if token.revoked_at is not None:
        raise ConflictError(f"推送令牌“{token.name}”已撤销")
    token.revoked_at = utcnow()
    token.revoked_by = actor.username
    audit.append(
        db,
        actor=actor,
        event_type="push_token.revoke",
        object_type="push_token",
        object_id=token.id,
        detail={"name": token.name, "uscc": token.uscc},
    )
    db.commit()
    return token
