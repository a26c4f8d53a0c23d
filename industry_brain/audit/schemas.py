"""Response models of the audit API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    """One audit row."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    user_id: int | None
    username: str
    org_id: int | None
    event_type: str
    object_type: str | None
    object_id: str | None
    result: str
    client_ip: str | None
    trace_id: str
    detail: str
    prev_hash: str
    row_hash: str


class AuditPage(BaseModel):
    """A page of audit rows, newest first."""

    total: int
    items: list[AuditEventOut]


class ChainReportOut(BaseModel):
    """The verdict on the audit chain."""

    ok: bool
    rows_checked: int
    head_id: int
    head_hash: str
    problems: list[str]
