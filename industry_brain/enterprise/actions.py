"""Changes of enterprise identity: merging a provisional id into a real 统一社会信用代码.

Each ``do_*`` checks the policy, changes the rows, writes one audit row in the same
transaction and commits; on any error nothing is stored.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.enterprise.models import MERGE_METHODS, EnterpriseMerge
from industry_brain.enterprise.resolution import is_provisional_id
from industry_brain.enterprise.uscc import InvalidUSCCError, normalize_uscc
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError


def active_merge(db: Session, provisional_id: str) -> EnterpriseMerge | None:
    """Return the active merge of a provisional id, if any."""
    return db.scalar(
        select(EnterpriseMerge).where(
            EnterpriseMerge.provisional_id == provisional_id, EnterpriseMerge.status == "active"
        )
    )


def do_merge_enterprise(
    db: Session,
    *,
    actor: Principal,
    provisional_id: str,
    uscc: str,
    provisional_name: str,
    matched_name: str,
    method: str = "manual",
    score: float = 1.0,
    reason: str = "",
) -> EnterpriseMerge:
    """Record that a provisional id is the enterprise with the code ``uscc``."""
    require(actor, "enterprise.merge", "create")
    provisional_id = provisional_id.strip().upper()
    if not is_provisional_id(provisional_id):
        raise ValidationFailedError(f"“{provisional_id}”不是本平台的临时编码")
    try:
        uscc = normalize_uscc(uscc)
    except InvalidUSCCError as exc:
        raise ValidationFailedError(f"统一社会信用代码无效：{exc}") from exc
    if method not in MERGE_METHODS:
        raise ValidationFailedError(f"未知的合并方式：{method}")
    existing = active_merge(db, provisional_id)
    if existing is not None:
        raise ConflictError(f"临时编码 {provisional_id} 已合并到 {existing.uscc}，请先撤销该合并")
    merge = EnterpriseMerge(
        provisional_id=provisional_id,
        uscc=uscc,
        provisional_name=provisional_name[:200],
        matched_name=matched_name[:200],
        method=method,
        score=round(score, 4),
        reason=reason,
        created_by=actor.username,
    )
    db.add(merge)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="enterprise.merge",
        object_type="enterprise",
        object_id=uscc,
        detail={
            "merge_id": merge.id,
            "provisional_id": provisional_id,
            "provisional_name": provisional_name,
            "matched_name": matched_name,
            "method": method,
            "score": merge.score,
            "reason": reason,
        },
    )
    db.commit()
    return merge


def do_undo_merge(db: Session, *, actor: Principal, merge_id: int, reason: str) -> EnterpriseMerge:
    """Undo a merge: the provisional id is its own enterprise again, and stays so."""
    require(actor, "enterprise.merge", "delete")
    if not reason.strip():
        raise ValidationFailedError("撤销合并须说明理由")
    merge = db.get(EnterpriseMerge, merge_id)
    if merge is None:
        raise NotFoundError(f"合并记录 {merge_id} 不存在")
    if merge.status != "active":
        raise ConflictError(f"合并记录 {merge_id} 已撤销")
    merge.status, merge.undone_by, merge.undone_at = "undone", actor.username, utcnow()
    audit.append(
        db,
        actor=actor,
        event_type="enterprise.merge.undo",
        object_type="enterprise",
        object_id=merge.uscc,
        detail={"merge_id": merge.id, "provisional_id": merge.provisional_id, "reason": reason},
    )
    db.commit()
    return merge
