"""The audit log page (audit admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from industry_brain.accounts.policy import require
from industry_brain.audit import service as audit
from industry_brain.web.deps import DbDep, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    username: Annotated[str | None, Query(max_length=64)] = None,
    event_type: Annotated[str | None, Query(max_length=64)] = None,
    result: Annotated[str | None, Query(max_length=16)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """List audit rows with filters."""
    require(principal, "audit", "read")
    rows, total = audit.list_events(
        db,
        username=username or None,
        event_type=event_type or None,
        result=result or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "filters": {
            "username": username or "",
            "event_type": event_type or "",
            "result": result or "",
        },
        "event_types": audit.event_types(db),
        "event_labels": audit.EVENT_LABELS,
    }
    template = "audit/rows.html" if request.headers.get("hx-request") else "audit/index.html"
    return render(request, template, context, principal=principal)


@router.get("/audit/verify", response_class=HTMLResponse)
def verify_fragment(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Verify the chain and render the verdict."""
    require(principal, "audit", "read")
    page = "audit/verify.html" if request.headers.get("hx-request") else "audit/verify_page.html"
    return render(request, page, {"report": audit.verify_chain(db)}, principal=principal)
