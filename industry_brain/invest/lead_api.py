"""JSON API of the 招商 pipeline under /api/v1/invest/leads (government users; policy object
``invest.lead``). A duplicate lead is refused with 409 and the existing lead's id and link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from industry_brain.accounts.people import Person, government_people
from industry_brain.accounts.policy import require
from industry_brain.invest import lead_actions, lead_files
from industry_brain.invest.lead_actions import DuplicateLeadError
from industry_brain.invest.lead_detail import attachment_event, attachment_out, lead_detail
from industry_brain.invest.lead_schemas import (
    AssignIn,
    AttachmentOut,
    LeadDetail,
    LeadIn,
    LeadPage,
    StageIn,
    VisitIn,
)
from industry_brain.invest.lead_service import (
    LeadFilter,
    count_by_stage,
    list_leads,
)
from industry_brain.raw_files import download_response, upload_limit
from industry_brain.settings import Settings
from industry_brain.web.deps import ApiUser, DbDep, SettingsDep

router = APIRouter(prefix="/api/v1/invest/leads", tags=["invest"])
POLICY = "invest.lead"
StageQuery = Annotated[str, Query(pattern="^(线索|接洽|考察|签约|落地|放弃)?$")]


def duplicate_response(exc: DuplicateLeadError) -> JSONResponse:
    """Answer a duplicate lead with 409, naming the existing lead and its links."""
    body = {
        "code": exc.code, "detail": exc.message, "field": exc.field, "lead_id": exc.lead_id,
        "link": f"/invest/leads/{exc.lead_id}", "api": f"{router.prefix}/{exc.lead_id}",
    }  # fmt: skip
    return JSONResponse(body, status_code=409)


@router.get("")
def list_all(
    db: DbDep,
    principal: ApiUser,
    stage: StageQuery = "",
    assignee: Annotated[
        str, Query(pattern=r"^(me|none|\d+)?$", description="用户编号、me 或 none")
    ] = "",
    template_id: Annotated[str, Query(max_length=64)] = "",
    node_id: Annotated[str, Query(max_length=64)] = "",
    overdue: bool = False,
    reached: StageQuery = "",
    month: Annotated[str, Query(pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="YYYY-MM")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> LeadPage:
    """List leads, most recently changed first, with the counts by stage of the filtered set."""
    require(principal, POLICY, "read")
    spec = LeadFilter(stage, assignee, template_id, node_id, overdue, reached, month)
    by_stage = count_by_stage(db, spec, me=principal.user_id)
    items = list_leads(db, spec, me=principal.user_id, limit=limit, offset=offset)
    return LeadPage(total=sum(by_stage.values()), by_stage=by_stage, items=items)


@router.post("", status_code=201, response_model=LeadDetail)
def create(db: DbDep, principal: ApiUser, body: LeadIn) -> Response | LeadDetail:
    """Add a candidate to the pipeline (audited); 409 with the existing lead if it is one."""
    try:
        lead = lead_actions.do_create_lead(db, actor=principal, data=body)
    except DuplicateLeadError as exc:
        return duplicate_response(exc)
    return lead_detail(db, lead.id, api=True)


@router.get("/assignees")
def assignees(db: DbDep, principal: ApiUser) -> list[Person]:
    """List the government users a lead can be assigned to."""
    require(principal, POLICY, "read")
    return government_people(db)


@router.get("/{lead_id}")
def get_one(db: DbDep, principal: ApiUser, lead_id: int) -> LeadDetail:
    """Return a lead with the stages it can move to, its attachments and timeline."""
    require(principal, POLICY, "read")
    return lead_detail(db, lead_id, api=True)


@router.post("/{lead_id}/stage", response_model=LeadDetail)
def stage(db: DbDep, principal: ApiUser, lead_id: int, body: StageIn) -> Response | LeadDetail:
    """Move a lead one stage, abandon it (放弃, the note is the reason) or reopen it."""
    try:
        lead_actions.do_change_stage(db, actor=principal, lead_id=lead_id, data=body)
    except DuplicateLeadError as exc:
        return duplicate_response(exc)
    return lead_detail(db, lead_id, api=True)


@router.post("/{lead_id}/assign")
def assign(db: DbDep, principal: ApiUser, lead_id: int, body: AssignIn) -> LeadDetail:
    """Assign a lead to a government user with a due date (audited)."""
    lead_actions.do_assign(db, actor=principal, lead_id=lead_id, data=body)
    return lead_detail(db, lead_id, api=True)


@router.post("/{lead_id}/visits", status_code=201)
def visit(db: DbDep, principal: ApiUser, lead_id: int, body: VisitIn) -> LeadDetail:
    """Log a visit or a note (audited)."""
    lead_actions.do_log_visit(db, actor=principal, lead_id=lead_id, data=body)
    return lead_detail(db, lead_id, api=True)


@router.get("/{lead_id}/attachments")
def attachments(db: DbDep, principal: ApiUser, lead_id: int) -> list[AttachmentOut]:
    """List a lead's attachments with their SHA-256."""
    require(principal, POLICY, "read")
    return lead_detail(db, lead_id, api=True).attachments


@router.post("/{lead_id}/attachments", status_code=201)
def attach(
    request: Request, db: DbDep, settings: SettingsDep, principal: ApiUser, lead_id: int,
    file: Annotated[UploadFile, File(description="附件（合同、会议纪要、企业介绍等）")],
    note: Annotated[str, Form(max_length=1000)] = "",
) -> AttachmentOut:  # fmt: skip
    """Keep a file with a lead, byte for byte with its SHA-256 (audited)."""
    event = lead_actions.do_attach(
        db, actor=principal, data_dir=settings.data_dir, lead_id=lead_id, stream=file.file,
        name=file.filename or "附件", note=note,
        max_bytes=upload_limit(settings, request.url.path),
    )  # fmt: skip
    return attachment_out(event, api=True)


def file_response(settings: Settings, db: DbDep, lead_id: int, event_id: int) -> Response:
    """Return an attachment's bytes, checked against their SHA-256, as a download."""
    event = attachment_event(db, lead_id, event_id)
    content = lead_files.read_verified(
        settings.data_dir, event.attachment_path or "", event.attachment_sha256 or ""
    )
    return download_response(content, event.attachment_name or "附件")


@router.get("/{lead_id}/attachments/{event_id}", response_class=Response)
def download(
    db: DbDep, settings: SettingsDep, principal: ApiUser, lead_id: int, event_id: int
) -> Response:
    """Download an attachment as it was uploaded."""
    require(principal, POLICY, "read")
    return file_response(settings, db, lead_id, event_id)
