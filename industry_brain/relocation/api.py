"""JSON API of 企业迁移监测: the risk ranking, one enterprise's signals, the watch list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import NotFoundError
from industry_brain.relocation import actions, service
from industry_brain.relocation.schemas import RiskDetail, RiskPage, WatchIn, WatchOut
from industry_brain.relocation.service import RiskFilter
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/monitor/relocation", tags=["relocation"])
USCC = Annotated[str, Path(pattern=r"^[0-9A-Z]{18}$")]
LEVEL_PATTERN = r"^(红|橙|黄|蓝)$"


def risk_filter(
    county: Annotated[str | None, Query(pattern=r"^\d{6}$", description="区县代码")] = None,
    template: Annotated[str | None, Query(max_length=64, description="产业链模板")] = None,
    node: Annotated[str | None, Query(max_length=64, description="环节（与模板同用）")] = None,
    level: Annotated[str | None, Query(pattern=LEVEL_PATTERN, description="等级")] = None,
) -> RiskFilter:
    """Read the ranking's filter from the query (a node is read in the template's latest run)."""
    return RiskFilter(county=county, template=template, node=node, level=level)


RiskQuery = Annotated[RiskFilter, Depends(risk_filter)]


def risk_detail(db: Session, principal: Principal, uscc: str) -> RiskDetail:
    """Return an enterprise's score, signals, rules, months and watch entry (API and page)."""
    require(principal, "relocation", "read")
    found = service.risk_row(db, uscc)
    if found is None:
        raise NotFoundError(f"企业 {uscc} 不在迁移风险评分范围内")
    row, as_of, status = found
    entry = service.active_entry(db, uscc)
    return RiskDetail(
        **row.model_dump(),
        as_of=as_of,
        status=status,
        rules=service.signal_rules(),
        months=service.month_series(db, uscc=uscc, as_of=as_of),
        watch=service.watch_out(entry, (row.score, row.level)) if entry else None,
    )


@router.get("", response_model=RiskPage)
def list_risks(
    db: DbDep, principal: ApiUser, spec: RiskQuery, page: Annotated[int, Query(ge=1)] = 1
) -> RiskPage:
    """Rank the local enterprises still registered in the region by relocation risk (score
    0–100 above 0, highest first), each with its signals and their points; with the count per
    level, the watch list's size and the latest backtest (``synthetic`` on demo data)."""
    require(principal, "relocation", "read")
    return service.list_risks(db, spec=spec, page=page)


@router.get("/watch", response_model=list[WatchOut])
def watch_list(db: DbDep, principal: ApiUser) -> list[WatchOut]:
    """List the watch list (关注名单) with each enterprise's score when added and now."""
    require(principal, "relocation", "read")
    return service.watch_list(db)


@router.post("/watch", response_model=WatchOut, status_code=201)
def watch(db: DbDep, principal: ApiUser, body: WatchIn) -> WatchOut:
    """Add a scored enterprise to the watch list with a note (audited)."""
    entry = actions.do_watch(db, actor=principal, uscc=body.uscc, note=body.note)
    return service.watch_out(entry, service.current_score(db, entry.uscc))


@router.delete("/watch/{uscc}", status_code=204)
def unwatch(
    db: DbDep,
    principal: ApiUser,
    uscc: USCC,
    note: Annotated[str, Query(max_length=500, description="移出原因")] = "",
) -> Response:
    """Remove an enterprise from the watch list (audited; the entry is kept)."""
    actions.do_unwatch(db, actor=principal, uscc=uscc, note=note)
    return Response(status_code=204)


@router.get("/{uscc}", response_model=RiskDetail)
def get_risk(db: DbDep, principal: ApiUser, uscc: USCC) -> RiskDetail:
    """Return an enterprise's score with every signal, the points rules, its electricity, tax,
    employees and revenue by month (null: not reported) and its watch entry."""
    return risk_detail(db, principal, uscc)
