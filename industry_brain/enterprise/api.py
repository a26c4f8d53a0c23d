"""JSON API of enterprises: the list behind every drill-down, search, profiles, and merges of
provisional ids."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from industry_brain.accounts.policy import require
from industry_brain.enterprise import actions, service
from industry_brain.enterprise.directory import DirectoryFilter, list_enterprises
from industry_brain.enterprise.models import EnterpriseMerge
from industry_brain.enterprise.profile import enterprise_profile
from industry_brain.enterprise.schemas import EnterpriseProfile, SearchResult
from industry_brain.enterprise.search import MAX_LIMIT, search
from industry_brain.errors import ValidationFailedError
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/enterprises", tags=["enterprises"])


class MergeOut(BaseModel):
    """A recorded merge of a provisional id into a 统一社会信用代码."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    provisional_id: str
    provisional_name: str
    uscc: str
    matched_name: str
    method: str
    score: float
    reason: str
    status: str
    created_by: str
    created_at: datetime
    undone_by: str | None
    undone_at: datetime | None


class MergeIn(BaseModel):
    """A manual merge: the provisional id, the real code, and why."""

    provisional_id: str = Field(min_length=18, max_length=18)
    uscc: str = Field(min_length=18, max_length=18)
    reason: str = Field(min_length=1, max_length=500)


class UndoIn(BaseModel):
    """Why a merge is undone."""

    reason: str = Field(min_length=1, max_length=500)


@router.get("/merges", response_model=list[MergeOut])
def list_merges(db: DbDep, principal: ApiUser) -> list[EnterpriseMerge]:
    """List merges of provisional ids, newest first (data admin)."""
    require(principal, "enterprise.merge", "read")
    return service.list_merges(db)


@router.post("/merges", response_model=MergeOut, status_code=201)
def merge(db: DbDep, principal: ApiUser, body: MergeIn) -> EnterpriseMerge:
    """Merge a provisional id into a real code; the next pipeline run applies it."""
    return merge_by_codes(db, principal=principal, body=body)


@router.post("/merges/{merge_id}/undo", response_model=MergeOut)
def undo(db: DbDep, principal: ApiUser, merge_id: int, body: UndoIn) -> EnterpriseMerge:
    """Undo a merge; the pipeline will not propose the same pair again."""
    return actions.do_undo_merge(db, actor=principal, merge_id=merge_id, reason=body.reason)


def merge_by_codes(db: DbDep, *, principal: ApiUser, body: MergeIn) -> EnterpriseMerge:
    """Merge two published enterprises given by their codes (shared by the API and page)."""
    require(principal, "enterprise.merge", "create")
    provisional_id, uscc = body.provisional_id.strip().upper(), body.uscc.strip().upper()
    names = {code: service.served_name(db, code) for code in (provisional_id, uscc)}
    missing = [code for code, name in names.items() if name is None]
    if missing:
        raise ValidationFailedError(
            f"企业 {'、'.join(missing)} 不在已发布的企业画像中（请先导入并运行数据管道）"
        )
    return actions.do_merge_enterprise(
        db,
        actor=principal,
        provisional_id=provisional_id,
        uscc=uscc,
        provisional_name=names[provisional_id] or "",
        matched_name=names[uscc] or "",
        reason=body.reason,
    )


def directory_filter(
    db: DbDep,
    local: bool | None = None,
    above_scale: bool | None = None,
    county: Annotated[str | None, Query(max_length=6)] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    industry: Annotated[str | None, Query(max_length=5)] = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
    status: Annotated[str | None, Query(max_length=10)] = None,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
    template: Annotated[str | None, Query(max_length=64)] = None,
    node: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> DirectoryFilter:
    """Read a drill-down's filter from the query: ``region`` is any GB/T 2260 code (a province,
    city or county and everything in it), ``tag`` one tag (规上, 专精特新 …), ``period`` the
    month (YYYY-MM) the enterprise reported operations for; a chain node is read in the
    latest run."""
    run_id = None
    if template and node:
        from industry_brain.chain.service import latest_run, template_or_404

        template_or_404(template)
        run = latest_run(db, template)
        run_id = run.id if run else "none"
    return DirectoryFilter(
        local=local,
        above_scale=above_scale,
        county=county or None,
        region=region or None,
        industry=industry or None,
        tag=(tag or "").strip() or None,
        status=(status or "").strip() or None,
        period=date.fromisoformat(f"{period}-01") if period else None,
        chain_run=run_id,
        node=node or None,
        query=(q or "").strip() or None,
    )


DirectoryQuery = Annotated[DirectoryFilter, Depends(directory_filter)]


@router.get("")
def list_directory(
    principal: ApiUser,
    db: DbDep,
    spec: DirectoryQuery,
    page: Annotated[int, Query(ge=1)] = 1,
) -> dict[str, Any]:
    """List enterprises behind a figure: local, 规上, region, industry, tag, status, chain node,
    name; with ``period``, the enterprises that reported that month, their figures of the month
    (``month_*``) and the sums over all of them (``month``)."""
    require(principal, "enterprise.directory", "read")
    found = list_enterprises(db, spec, page=page)
    return {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "month": found.month,
        "rows": found.rows,
    }


@router.get("/search", response_model=SearchResult)
def search_enterprises(
    db: DbDep,
    principal: ApiUser,
    q: Annotated[str, Query(max_length=100, description="名称、曾用名或统一社会信用代码")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
) -> SearchResult:
    """Search enterprises by code (exact or prefix), current or former name (exact, prefix,
    substring) or a similar name (typos, reordered words), best first; each hit says which
    name or code matched."""
    require(principal, "enterprise.directory", "read")
    return search(db, query=q, limit=limit)


@router.get("/{uscc}", response_model=EnterpriseProfile)
def get_profile(
    db: DbDep,
    principal: ApiUser,
    uscc: Annotated[str, Path(pattern=r"^[0-9A-Z]{18}$")],
) -> EnterpriseProfile:
    """Return an enterprise's profile (企业画像): registry facts and names, 36 months of
    operations (gaps as null), tags, scores with their inputs, suppliers and customers, events
    newest first, chain positions with evidence. Government users and data admins read any
    profile; an enterprise's users only their own (another one answers 404)."""
    return enterprise_profile(db, principal, uscc)
