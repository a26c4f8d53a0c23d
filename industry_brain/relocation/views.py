"""Pages of 企业迁移监测: the ranking and watch list (/relocation), one enterprise's signals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import DomainError
from industry_brain.relocation import actions, service
from industry_brain.relocation.api import LEVEL_PATTERN, risk_detail
from industry_brain.relocation.service import RiskFilter
from industry_brain.relocation.signals import LEVEL_COLOURS, LEVELS
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
BACK = r"^/relocation(/[0-9A-Z]{18})?(\?[-\w=&%:.]*)?$"


def _filter(county: str, chain_node: str, level: str) -> RiskFilter:
    template, _, node = chain_node.partition(":")
    return RiskFilter(
        county=county or None,
        template=template or None,
        node=node or None,
        level=level or None,
    )


@router.get("/relocation", response_class=HTMLResponse)
def index_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    tab: Annotated[str, Query(pattern=r"^(risk|watch)$")] = "risk",
    county: Annotated[str, Query(pattern=r"^(\d{6})?$")] = "",
    chain_node: Annotated[str, Query(max_length=130)] = "",
    level: Annotated[str, Query(pattern=f"({LEVEL_PATTERN})|^$")] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """Show the ranking (filters: district, chain node, level) or the watch list."""
    require(principal, "relocation", "read")
    found = service.list_risks(db, spec=_filter(county, chain_node, level), page=page)
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return render(
        request,
        "relocation/index.html",
        {
            "found": found,
            "tab": tab,
            "filters": {"county": county, "chain_node": chain_node, "level": level},
            "query": query,
            "districts": service.districts(db),
            "nodes": service.node_choices(),
            "levels": [name for name, _ in LEVELS],
            "thresholds": LEVELS,
            "colours": LEVEL_COLOURS,
            "watch": service.watch_list(db) if tab == "watch" else [],
            "rules": service.signal_rules(),
            "can_watch": is_allowed(principal, "relocation", "watch"),
        },
        principal=principal,
    )


def _detail_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    uscc: str,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    detail = risk_detail(db, principal, uscc)
    charts: dict[str, Any] = detail.months.model_dump()
    charts["as_of"] = f"{detail.as_of:%Y-%m}"
    return render(
        request,
        "relocation/detail.html",
        {
            "d": detail,
            "chart_json": script_json(charts),
            "colours": LEVEL_COLOURS,
            "can_watch": is_allowed(principal, "relocation", "watch"),
            "fired": {signal.signal: signal for signal in detail.signals},
            "error": error,
        },
        principal=principal,
        status_code=status_code,
    )


@router.get("/relocation/{uscc}", response_class=HTMLResponse)
def detail_page(request: Request, db: DbDep, principal: PageUser, uscc: str) -> Response:
    """Show an enterprise's score, its signals with their points, its months, its watch entry."""
    return _detail_page(request, db, principal, uscc)


@router.post("/relocation/watch", response_class=HTMLResponse)
def watch(
    request: Request,
    db: DbDep,
    principal: FormUser,
    uscc: Annotated[str, Form(pattern=r"^[0-9A-Z]{18}$")],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Add the enterprise to the watch list and return to its page."""
    try:
        actions.do_watch(db, actor=principal, uscc=uscc, note=note)
    except DomainError as exc:
        db.rollback()
        return _detail_page(request, db, principal, uscc, error=exc.message, status_code=422)
    return RedirectResponse(f"/relocation/{uscc}", status_code=303)


@router.post("/relocation/watch/{uscc}/remove", response_class=HTMLResponse)
def unwatch(
    request: Request,
    db: DbDep,
    principal: FormUser,
    uscc: str,
    back: Annotated[str, Form(pattern=BACK)] = "/relocation?tab=watch",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Take the enterprise off the watch list and return to where the form was."""
    try:
        actions.do_unwatch(db, actor=principal, uscc=uscc, note=note)
    except DomainError as exc:
        db.rollback()
        return _detail_page(request, db, principal, uscc, error=exc.message, status_code=422)
    return RedirectResponse(back, status_code=303)
