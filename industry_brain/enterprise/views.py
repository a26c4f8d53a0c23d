"""Pages of enterprises: the list behind every drill-down, the profile, the header search's
suggestions; merges of provisional ids."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.codes.regions import get_region
from industry_brain.enterprise import actions, service
from industry_brain.enterprise.api import DirectoryQuery, MergeIn, merge_by_codes
from industry_brain.enterprise.directory import list_enterprises
from industry_brain.enterprise.profile import enterprise_profile
from industry_brain.enterprise.schemas import EnterpriseProfile
from industry_brain.enterprise.search import search
from industry_brain.errors import DomainError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
METHOD_LABELS = {"exact_name": "名称一致", "fuzzy_name": "名称相似", "manual": "人工合并"}
SUGGESTIONS = 8


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


@router.get("/enterprises/suggest", response_class=HTMLResponse)
def suggest(
    request: Request,
    db: DbDep,
    principal: PageUser,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Return the header search's suggestions (an htmx fragment)."""
    require(principal, "enterprise.directory", "read")
    found = search(db, query=q, limit=SUGGESTIONS)
    return render(request, "enterprise/_suggestions.html", {"found": found}, principal=principal)


@router.get("/enterprises/{uscc}", response_class=HTMLResponse)
def profile_page(request: Request, db: DbDep, principal: PageUser, uscc: str) -> Response:
    """Show one enterprise (企业画像): facts and names, 36 months, tags, scores, suppliers and
    customers, events, chain positions."""
    found = enterprise_profile(db, principal, uscc)
    return render(
        request, "enterprise/profile.html", profile_context(found, principal), principal=principal
    )


def profile_context(found: EnterpriseProfile, principal: Principal) -> dict[str, Any]:
    """Return what ``enterprise/_profile_body.html`` needs: the profile and its charts' data."""
    charts = found.model_dump(mode="json", include={"months", "relations"})
    charts.update(
        uscc=found.profile.uscc,
        name=found.profile.name,
        links=is_allowed(principal, "enterprise.directory", "read"),
    )
    return {"p": found, "profile_json": script_json(charts)}
