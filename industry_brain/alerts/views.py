"""Pages of the warnings: the list (/alerts) and one warning with its task (/alerts/{id})."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.people import government_people
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.alerts import actions, rules, service
from industry_brain.alerts.detail import warning_detail
from industry_brain.alerts.kinds import LEVEL_NAMES, LEVELS, SCOPE_LABELS
from industry_brain.alerts.schemas import OUTCOMES, AssignIn, CloseIn
from industry_brain.alerts.service import PER_PAGE, WarningFilter
from industry_brain.errors import (
    DomainError,
    ValidationFailedError,
)
from industry_brain.monitor.evaluations import latest_evaluation
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.forms import act
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
LEVEL_CSS = {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue"}
STATUS_LABELS = {"open": "未办结", "closed": "已办结", "all": "全部"}
COMMON = {
    "levels": LEVELS,
    "level_names": LEVEL_NAMES,
    "level_css": LEVEL_CSS,
    "scope_labels": SCOPE_LABELS,
    "status_labels": STATUS_LABELS,
    "outcomes": OUTCOMES,
}


@router.get("/alerts", response_class=HTMLResponse)
def list_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    level: Annotated[str, Query(pattern="^(红|橙|黄|蓝)?$")] = "",
    rule: Annotated[str, Query(pattern=r"^\d*$")] = "",
    scope: Annotated[str, Query(pattern="^(enterprise|node|region|cluster)?$")] = "",
    district: Annotated[str, Query(pattern=r"^(\d{6})?$")] = "",
    status: Annotated[str, Query(pattern="^(open|closed|all)$")] = "open",
    assignee: Annotated[str, Query(pattern=r"^(none|\d+)?$")] = "",
    overdue: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """List warnings by colour with filters, and the rules' backtested accuracy."""
    require(principal, "alerts", "read")
    spec = WarningFilter(level, int(rule) if rule else None, scope, district, status, assignee,
                         overdue, page)  # fmt: skip
    total, by_level, items = service.list_warnings(db, spec=spec)
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return render(
        request,
        "alerts/index.html",
        {
            **COMMON,
            "spec": spec,
            "total": total,
            "by_level": by_level,
            "items": items,
            "pages": max(1, -(-total // PER_PAGE)),
            "query": query,
            "open": service.open_by_level(db),
            "rules": rules.list_rules(db),
            "districts": service.districts(db),
            "people": government_people(db),
            "evaluation": latest_evaluation(db, model="alerts.rules"),
            "can_edit_rules": is_allowed(principal, "alerts.rule", "update"),
        },  # fmt: skip
        principal=principal,
    )


def _detail_page(
    request: Request,
    db: Session,
    principal: Principal,
    warning_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    require(principal, "alerts", "read")
    warning = warning_detail(db, warning_id)
    chart = {
        "series": warning.series.model_dump() if warning.series else None,
        "period": warning.period, "since": warning.since, "level": warning.level,
    }  # fmt: skip
    return render(
        request,
        "alerts/detail.html",
        {
            **COMMON,
            "w": warning,
            "chart_json": script_json(chart),
            "can_act": is_allowed(principal, "alerts", "update"),
            "people": government_people(db),
            "today": service.today(),
            "error": error,
        },  # fmt: skip
        principal=principal,
        status_code=status_code,
    )


@router.get("/alerts/{warning_id:int}", response_class=HTMLResponse)
def detail_page(request: Request, db: DbDep, principal: PageUser, warning_id: int) -> Response:
    """Show a warning: the explanation, the series chart, the task and its timeline."""
    return _detail_page(request, db, principal, warning_id)


def _act(
    request: Request, db: Session, principal: Principal, warning_id: int,
    change: Callable[[], Any],
) -> Response:  # fmt: skip
    """Make a change and return to the warning, or show it again with the refusal."""

    def refused(message: str, status: int, _: DomainError | None) -> Response:
        return _detail_page(request, db, principal, warning_id, error=message, status_code=status)

    return act(db, change, done=f"/alerts/{warning_id}", refused=refused,
               labels={"due_on": "办理期限", "note": "说明"})  # fmt: skip


@router.post("/alerts/{warning_id:int}/assign", response_class=HTMLResponse)
def assign(
    request: Request, db: DbDep, principal: FormUser, warning_id: int,
    assignee_id: Annotated[str, Form(max_length=12)] = "",
    due_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    """Assign the warning to a colleague with a due date."""

    def change() -> None:
        if not assignee_id.isdigit():
            raise ValidationFailedError("请选择承办人")
        due = _date(due_on)
        data = AssignIn(assignee_id=int(assignee_id), due_on=due, note=note)
        actions.do_assign(db, actor=principal, warning_id=warning_id, data=data)

    return _act(request, db, principal, warning_id, change)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailedError("请填写办理期限（年-月-日）") from exc


@router.post("/alerts/{warning_id:int}/comment", response_class=HTMLResponse)
def comment(
    request: Request, db: DbDep, principal: FormUser, warning_id: int,
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Record what was done."""

    def change() -> None:
        if not text.strip():
            raise ValidationFailedError("请填写处置情况")
        actions.do_comment(db, actor=principal, warning_id=warning_id, text=text)

    return _act(request, db, principal, warning_id, change)


@router.post("/alerts/{warning_id:int}/close", response_class=HTMLResponse)
def close(
    request: Request, db: DbDep, principal: FormUser, warning_id: int,
    outcome: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Close the warning with its outcome."""

    def change() -> None:
        if outcome not in OUTCOMES:
            raise ValidationFailedError("请选择办结结果")
        data = CloseIn.model_validate({"outcome": outcome, "note": note})
        actions.do_close(db, actor=principal, warning_id=warning_id, data=data)

    return _act(request, db, principal, warning_id, change)


@router.post("/alerts/{warning_id:int}/reopen", response_class=HTMLResponse)
def reopen(
    request: Request, db: DbDep, principal: FormUser, warning_id: int,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    """Reopen a closed warning."""

    def change() -> None:
        if not reason.strip():
            raise ValidationFailedError("请说明重新打开的原因")
        actions.do_reopen(db, actor=principal, warning_id=warning_id, reason=reason)

    return _act(request, db, principal, warning_id, change)
