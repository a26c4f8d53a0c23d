"""Reads of enterprise identity: merges, enterprises still under provisional ids, names."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from industry_brain.enterprise.models import EnterpriseMerge
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

PROFILE_TABLE = ENTERPRISE_PROFILE


def list_merges(db: Session, *, limit: int = 500) -> list[EnterpriseMerge]:
    """Return the merges, newest first."""
    return list(
        db.scalars(select(EnterpriseMerge).order_by(EnterpriseMerge.id.desc()).limit(limit))
    )


def served_name(db: Session, code: str) -> str | None:
    """Return an enterprise's name as last published (``ads_enterprise_profile``).

    A provisional id already merged is no longer published under its own code: its name is
    the one recorded with the merge.
    """
    name = None
    if is_published(db, PROFILE_TABLE):
        name = db.execute(
            text(f"SELECT name FROM {PROFILE_TABLE} WHERE uscc = :code"), {"code": code}
        ).scalar()
    if name is None:
        name = db.scalar(
            select(EnterpriseMerge.provisional_name)
            .where(EnterpriseMerge.provisional_id == code)
            .order_by(EnterpriseMerge.id.desc())
            .limit(1)
        )
    return str(name) if name is not None else None


def unmerged_provisional(db: Session, *, limit: int = 100) -> tuple[int, list[tuple[str, str]]]:
    """Return how many published enterprises still have a provisional id, and the first ones."""
    if not is_published(db, PROFILE_TABLE):
        return 0, []
    where = f"FROM {PROFILE_TABLE} WHERE uscc LIKE 'P%'"
    total = db.execute(text(f"SELECT count(*) {where}")).scalar() or 0
    rows = db.execute(
        text(f"SELECT uscc, name {where} ORDER BY name LIMIT :limit"), {"limit": limit}
    ).all()
    return int(total), [(str(code), str(name)) for code, name in rows]
