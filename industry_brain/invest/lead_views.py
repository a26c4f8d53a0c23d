"""Pages of the 招商 pipeline: the board (/invest/leads), one lead (/invest/leads/{id}) with
its forms, and the form endpoint the candidate page posts to add a lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.people import government_people
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import (
    DomainError,
    ValidationFailedError,
)
from industry_brain.invest import lead_actions
from industry_brain.invest.lead_actions import DuplicateLeadError
from industry_brain.invest.lead_api import file_response
from industry_brain.invest.lead_detail import lead_detail
from industry_brain.invest.lead_models import ALL_STAGES, STAGES
from industry_brain.invest.lead_schemas import AssignIn, LeadIn, StageIn, VisitIn
from industry_brain.invest.lead_service import (
    PER_COLUMN,
    LeadFilter,
    board_columns,
    count_by_stage,
    filter_choices,
    today,
)
from industry_brain.raw_files import size_label, upload_limit
from industry_brain.settings import Settings
from industry_brain.web.deps import DbDep, FormUser, PageUser, SettingsDep
from industry_brain.web.forms import act
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
POLICY = "invest.lead"
SLUGS = dict(
    zip(ALL_STAGES, ("lead", "contact", "inspect", "signed", "landed", "abandoned"), strict=True)
)
NOTICES = {
    "created": "已加入招商线索。",
    "duplicate": "该企业在这一环节已有进行中的招商线索，已为您打开。",
}
LABELS = {"due_on": "办理期限", "note": "说明", "text": "内容", "visited_on": "走访日期",
          "place": "地点", "people": "参与人员", "to": "阶段"}  # fmt: skip
StageQuery = Annotated[str, Query(pattern="^(线索|接洽|考察|签约|落地|放弃)?$")]


@router.get("/invest/leads", response_class=HTMLResponse)
def board_page(
    request: Request, db: DbDep, principal: PageUser, stage: StageQuery = "",
    assignee: Annotated[str, Query(pattern=r"^(me|none|\d+)?$")] = "",
    template: Annotated[str, Query(max_length=64)] = "",
    node: Annotated[str, Query(max_length=64)] = "",
    overdue: bool = False, reached: StageQuery = "",
    month: Annotated[str, Query(pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$")] = "",
) -> Response:  # fmt: skip
    """Show the leads in columns by stage, with the filters."""
    require(principal, POLICY, "read")
    spec = LeadFilter(stage, assignee, template, node, overdue, reached, month)
    by_stage = count_by_stage(db, spec, me=principal.user_id)
    return render(
        request, "invest/board.html",
        {
            "spec": spec, "stages": ALL_STAGES, "slugs": SLUGS, "by_stage": by_stage,
            "total": sum(by_stage.values()), "per_column": PER_COLUMN,
            "columns": board_columns(db, spec, me=principal.user_id),
            "chains": filter_choices(db), "people": government_people(db),
        },
        principal=principal,
    )  # fmt: skip


@router.post("/invest/leads", response_class=HTMLResponse)
def create(
    db: DbDep, principal: FormUser,
    uscc: Annotated[str, Form(max_length=18)] = "",
    template_id: Annotated[str, Form(max_length=64)] = "",
    node_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    """Add a candidate to the pipeline and open its lead (the existing one if it is one)."""
    if not (uscc.strip() and template_id and node_id):
        raise ValidationFailedError("缺少企业、产业链模板或环节")
    data = LeadIn(uscc=uscc, template_id=template_id, node_id=node_id)
    try:
        lead = lead_actions.do_create_lead(db, actor=principal, data=data)
    except DuplicateLeadError as exc:
        return RedirectResponse(f"/invest/leads/{exc.lead_id}?notice=duplicate", status_code=303)
    return RedirectResponse(f"/invest/leads/{lead.id}?notice=created", status_code=303)


def _lead_page(
    request: Request, db: Session, principal: Principal, lead_id: int, *,
    limit: int, notice: str | None = None, error: str | None = None,
    duplicate_of: int | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    require(principal, POLICY, "read")
    lead = lead_detail(db, lead_id)
    return render(
        request, "invest/lead.html",
        {
            "lead": lead, "stages": STAGES, "slugs": SLUGS,
            "size_label": size_label, "can_act": is_allowed(principal, POLICY, "update"),
            "people": government_people(db), "today": today(), "max_bytes": limit,
            "max_label": size_label(limit), "notice": notice, "error": error,
            "duplicate_of": duplicate_of,
        },
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/invest/leads/{lead_id:int}", response_class=HTMLResponse)
def lead_page(
    request: Request, db: DbDep, settings: SettingsDep, principal: PageUser, lead_id: int,
    notice: Annotated[str, Query(max_length=20)] = "",
) -> Response:  # fmt: skip
    """Show a lead: facts, stage controls, assignment, visits, attachments and timeline."""
    limit = upload_limit(settings, f"/invest/leads/{lead_id}/attachments")
    return _lead_page(request, db, principal, lead_id, limit=limit, notice=NOTICES.get(notice))


def _act(
    request: Request, db: Session, principal: Principal, lead_id: int, limit: int,
    change: Callable[[], Any],
) -> Response:  # fmt: skip
    """Make a change and return to the lead, or show it again with the refusal."""

    def refused(message: str, status: int, error: DomainError | None) -> Response:
        duplicate = error.lead_id if isinstance(error, DuplicateLeadError) else None
        return _lead_page(request, db, principal, lead_id, limit=limit, error=message,
                          duplicate_of=duplicate, status_code=status)  # fmt: skip

    return act(db, change, done=f"/invest/leads/{lead_id}", refused=refused, labels=LABELS)


def _limit(request: Request, settings: Settings) -> int:
    return upload_limit(settings, request.url.path)


@router.post("/invest/leads/{lead_id:int}/stage", response_class=HTMLResponse)
def stage(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, lead_id: int,
    to: Annotated[str, Form(max_length=4)] = "", note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Move the lead one stage, abandon it with a reason, or reopen it."""

    def change() -> None:
        data = StageIn.model_validate({"to": to, "note": note})
        lead_actions.do_change_stage(db, actor=principal, lead_id=lead_id, data=data)

    return _act(request, db, principal, lead_id, _limit(request, settings), change)


def _date(text: str, message: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailedError(message) from exc


@router.post("/invest/leads/{lead_id:int}/assign", response_class=HTMLResponse)
def assign(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, lead_id: int,
    assignee_id: Annotated[str, Form(max_length=12)] = "",
    due_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    """Assign the lead to a colleague with a due date."""

    def change() -> None:
        if not assignee_id.isdigit():
            raise ValidationFailedError("请选择承办人")
        due = _date(due_on, "请填写办理期限（年-月-日）")
        data = AssignIn(assignee_id=int(assignee_id), due_on=due, note=note)
        lead_actions.do_assign(db, actor=principal, lead_id=lead_id, data=data)

    return _act(request, db, principal, lead_id, _limit(request, settings), change)


@router.post("/invest/leads/{lead_id:int}/visits", response_class=HTMLResponse)
def visit(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, lead_id: int,
    kind: Annotated[str, Form(max_length=10)] = "visit",
    visited_on: Annotated[str, Form(max_length=10)] = "",
    place: Annotated[str, Form(max_length=200)] = "",
    people: Annotated[str, Form(max_length=500)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Log a visit or a note."""

    def change() -> None:
        if kind not in ("visit", "note"):
            raise ValidationFailedError("请选择走访或备注")
        day = _date(visited_on, "请填写走访日期（年-月-日）") if kind == "visit" else None
        if not text.strip():
            raise ValidationFailedError("请填写走访情况" if kind == "visit" else "请填写备注内容")
        data = VisitIn.model_validate(
            {"kind": kind, "visited_on": day, "place": place, "people": people, "text": text}
        )
        lead_actions.do_log_visit(db, actor=principal, lead_id=lead_id, data=data)

    return _act(request, db, principal, lead_id, _limit(request, settings), change)


@router.post("/invest/leads/{lead_id:int}/attachments", response_class=HTMLResponse)
def attach(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, lead_id: int,
    file: Annotated[UploadFile | None, File()] = None,
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    """Keep a file with the lead."""
    limit = _limit(request, settings)

    def change() -> None:
        if file is None or not file.filename:
            raise ValidationFailedError("请选择要上传的文件")
        lead_actions.do_attach(
            db, actor=principal, data_dir=settings.data_dir, lead_id=lead_id,
            stream=file.file, name=file.filename, note=note, max_bytes=limit,
        )  # fmt: skip

    return _act(request, db, principal, lead_id, limit, change)


@router.get("/invest/leads/{lead_id:int}/attachments/{event_id:int}", response_class=Response)
def download(
    db: DbDep, settings: SettingsDep, principal: PageUser, lead_id: int, event_id: int
) -> Response:
    """Download an attachment as it was uploaded (checked against its SHA-256)."""
    require(principal, POLICY, "read")
    return file_response(settings, db, lead_id, event_id)
