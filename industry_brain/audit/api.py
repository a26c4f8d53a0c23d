"""JSON API of the audit log (audit admin only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from industry_brain.accounts.policy import require
from industry_brain.audit import service as audit
from industry_brain.audit.schemas import AuditEventOut, AuditPage, ChainReportOut
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("/events", response_model=AuditPage)
def list_events(
    db: DbDep,
    principal: ApiUser,
    username: Annotated[str | None, Query(max_length=64)] = None,
    event_type: Annotated[str | None, Query(max_length=64)] = None,
    result: Annotated[str | None, Query(max_length=16)] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AuditPage:
    """List audit rows, newest first."""
    require(principal, "audit", "read")
    rows, total = audit.list_events(
        db,
        username=username,
        event_type=event_type,
        result=result,
        since=since,
        limit=limit,
        offset=offset,
    )
    return AuditPage(total=total, items=[AuditEventOut.model_validate(row) for row in rows])


@router.get("/verify", response_model=ChainReportOut)
def verify(db: DbDep, principal: ApiUser) -> ChainReportOut:
    """Recompute the hash chain and report every edited or deleted row."""
    require(principal, "audit", "read")
    report = audit.verify_chain(db)
    return ChainReportOut(
        ok=report.ok,
        rows_checked=report.rows_checked,
        head_id=report.head_id,
        head_hash=report.head_hash,
        problems=report.problems,
    )
