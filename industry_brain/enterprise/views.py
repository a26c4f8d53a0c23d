"""Pages of enterprises: the list behind every drill-down; merges of provisional ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.codes.regions import get_region
from industry_brain.enterprise import actions, service
from industry_brain.enterprise.api import DirectoryQuery, MergeIn, merge_by_codes
from industry_brain.enterprise.directory import list_enterprises
from industry_brain.errors import DomainError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
METHOD_LABELS = {"exact_name": "名称一致", "fuzzy_name": "名称相似", "manual": "人工合并"}


def _page(
    request: Request,
    db: DbDep,
    principal: Principal,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    total, provisional = service.unmerged_provisional(db)
    return render(
        request,
        "enterprise/merges.html",
        {
            "merges": service.list_merges(db),
            "provisional_total": total,
            "provisional": provisional,
            "method_labels": METHOD_LABELS,
            "error": error,
        },
        principal=principal,
        status_code=status_code,
    )


@router.get("/enterprises/merges", response_class=HTMLResponse)
def merges_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the merges, the enterprises still under provisional ids and the merge form."""
    require(principal, "enterprise.merge", "read")
    return _page(request, db, principal)


@router.post("/enterprises/merges", response_class=HTMLResponse)
def merge(
    request: Request,
    db: DbDep,
    principal: FormUser,
    provisional_id: Annotated[str, Form(max_length=40)],
    uscc: Annotated[str, Form(max_length=40)],
    reason: Annotated[str, Form(max_length=500)],
) -> Response:
    """Merge a provisional id into a code given in the form."""
    try:
        body = MergeIn(provisional_id=provisional_id.strip(), uscc=uscc.strip(), reason=reason)
        merge_by_codes(db, principal=principal, body=body)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        message = exc.message if isinstance(exc, DomainError) else "请填写18位编码和合并理由"
        return _page(request, db, principal, error=message, status_code=422)
    return RedirectResponse("/enterprises/merges", status_code=303)


@router.post("/enterprises/merges/{merge_id}/undo", response_class=HTMLResponse)
def undo(
    request: Request,
    db: DbDep,
    principal: FormUser,
    merge_id: int,
    reason: Annotated[str, Form(max_length=500)],
) -> Response:
    """Undo a merge."""
    try:
        actions.do_undo_merge(db, actor=principal, merge_id=merge_id, reason=reason)
    except DomainError as exc:
        db.rollback()
        return _page(request, db, principal, error=exc.message, status_code=422)
    return RedirectResponse("/enterprises/merges", status_code=303)


@router.get("/enterprises", response_class=HTMLResponse)
def directory_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    spec: DirectoryQuery,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """List the enterprises behind a figure, filtered as the link says."""
    require(principal, "enterprise.directory", "read")
    found = list_enterprises(db, spec, page=page)
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    return render(
        request,
        "enterprise/list.html",
        {
            "found": found,
            "spec": spec,
            "query": query,
            "template_id": query.get("template"),
            "region_name": region.full_name if (region := get_region(spec.region or "")) else None,
        },
        principal=principal,
    )


@router.get("/enterprises/{uscc}", response_class=HTMLResponse)
def profile_page(request: Request, db: DbDep, principal: PageUser, uscc: str) -> Response:
    """Show one enterprise: registry facts, last 12 months, honors, chain positions."""
    from industry_brain.enterprise.profile import enterprise_profile

    require(principal, "enterprise.directory", "read")
    found = enterprise_profile(db, principal, uscc)
    return render(request, "enterprise/profile.html", found, principal=principal)
