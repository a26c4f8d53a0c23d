"""Changes to the watch list (关注名单): add with a note, remove; each audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError
from industry_brain.relocation.models import WatchEntry
from industry_brain.relocation.service import active_entry, risk_row


def do_watch(db: Session, *, actor: Principal, uscc: str, note: str = "") -> WatchEntry:
    """Put a scored enterprise on the watch list, keeping its score of today for comparison."""
    require(actor, "relocation", "watch")
    found = risk_row(db, uscc)
    if found is None:
        raise ValidationFailedError(
            f"企业 {uscc} 不在迁移风险评分范围内（只评分仍在本区域登记的本地企业）", field="uscc"
        )
    row, as_of, _ = found
    if active_entry(db, uscc) is not None:
        raise ConflictError(f"{row.name} 已在关注名单中")
    entry = WatchEntry(
        uscc=uscc,
        name=row.name,
        note=note.strip(),
        score_at_add=row.score,
        level_at_add=row.level,
        as_of_at_add=as_of,
        added_by=actor.username,
        removal_note="",
    )
    db.add(entry)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="relocation.watch.add",
        object_type="enterprise",
        object_id=uscc,
        detail={"note": entry.note, "score": row.score, "level": row.level},
    )
    db.commit()
    return entry


def do_unwatch(db: Session, *, actor: Principal, uscc: str, note: str = "") -> WatchEntry:
    """Take an enterprise off the watch list (its entry is kept, stamped as removed)."""
    require(actor, "relocation", "watch")
    entry = active_entry(db, uscc)
    if entry is None:
        raise NotFoundError(f"企业 {uscc} 不在关注名单中")
    entry.removed_at, entry.removed_by = utcnow(), actor.username
    entry.removal_note = note.strip()
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="relocation.watch.remove",
        object_type="enterprise",
        object_id=uscc,
        detail={"note": entry.removal_note, "added_by": entry.added_by},
    )
    db.commit()
    return entry
