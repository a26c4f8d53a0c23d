"""One enterprise as the platform sees it: published profile facts and its chain positions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.errors import NotFoundError
from industry_brain.warehouse.classification import mask
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

PERSONAL = {"legal_representative": "person_name", "contact_phone": "mobile"}


def enterprise_profile(db: Session, principal: Principal, uscc: str) -> dict[str, Any]:
    """Return the enterprise's published profile and chain positions; personal fields are
    masked for everyone but data admins."""
    from industry_brain.chain.service import enterprise_positions

    row = None
    if is_published(db, ENTERPRISE_PROFILE):
        row = (
            db.execute(text(f"SELECT * FROM {ENTERPRISE_PROFILE} WHERE uscc = :u"), {"u": uscc})
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"没有统一社会信用代码为 {uscc} 的企业（或尚未运行数据管道）")
    profile = dict(row)
    if not is_allowed(principal, "warehouse.export", "unmasked"):
        for column, kind in PERSONAL.items():
            profile[column] = mask(profile.get(column), kind)
    return {"profile": profile, "chains": enterprise_positions(db, uscc)}
