"""One lead with everything its page shows: facts, the stages it can move to, attachments
and the timeline (newest first)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.people import people_by_id
from industry_brain.errors import NotFoundError
from industry_brain.invest.lead_models import ABANDONED, STAGES, InvestLead, InvestLeadEvent
from industry_brain.invest.lead_schemas import AttachmentOut, LeadDetail, TimelineEntry
from industry_brain.invest.lead_service import get_lead, lead_out

KIND_LABELS = {"assign": "指派", "visit": "走访", "note": "备注", "attach": "附件"}
STAGE_LABELS = {"线索": "加入线索", ABANDONED: "放弃"}


def attachment_href(lead_id: int, event_id: int, *, api: bool = False) -> str:
    """Return the download link of an attachment (page or API)."""
    prefix = "/api/v1/invest/leads" if api else "/invest/leads"
    return f"{prefix}/{lead_id}/attachments/{event_id}"


def attachment_out(event: InvestLeadEvent, *, api: bool = False) -> AttachmentOut:
    """Return an attachment event as the page and the API list it."""
    return AttachmentOut(
        id=event.id, name=event.attachment_name or "", bytes=int(event.attachment_bytes or 0),
        sha256=event.attachment_sha256 or "", uploaded_by=event.actor, uploaded_at=event.at,
        href=attachment_href(event.lead_id, event.id, api=api),
    )  # fmt: skip


def _label(event: InvestLeadEvent) -> str:
    if event.kind != "stage":
        return KIND_LABELS.get(event.kind, event.kind)
    return STAGE_LABELS.get(event.stage or "", f"阶段：{event.stage}")


def _entry(event: InvestLeadEvent, *, api: bool) -> TimelineEntry:
    return TimelineEntry(
        id=event.id, at=event.at, kind=event.kind, label=_label(event), stage=event.stage,
        actor=event.actor, text=event.text, visited_on=event.visited_on, place=event.place,
        people=event.people,
        attachment=attachment_out(event, api=api) if event.kind == "attach" else None,
    )  # fmt: skip


def neighbours(lead: InvestLead) -> tuple[str | None, str | None, str | None]:
    """Return the stages a lead can move to: forward, back, and reopen (from 放弃)."""
    if lead.stage == ABANDONED:
        return None, None, lead.abandoned_from or STAGES[0]
    here = STAGES.index(lead.stage)
    forward = STAGES[here + 1] if here + 1 < len(STAGES) else None
    return forward, STAGES[here - 1] if here > 0 else None, None


def lead_detail(db: Session, lead_id: int, *, api: bool = False) -> LeadDetail:
    """Return a lead with its attachments and timeline, newest first."""
    lead = get_lead(db, lead_id)
    people = people_by_id(db, {lead.assignee_id} if lead.assignee_id else set())
    events = db.scalars(
        select(InvestLeadEvent)
        .where(InvestLeadEvent.lead_id == lead.id)
        .order_by(InvestLeadEvent.at.desc(), InvestLeadEvent.id.desc())
    ).all()
    forward, back, reopen = neighbours(lead)
    return LeadDetail(
        **lead_out(lead, people.get(lead.assignee_id or 0)).model_dump(),
        forward_to=forward, back_to=back, reopen_to=reopen,
        attachments=[attachment_out(e, api=api) for e in events if e.kind == "attach"],
        timeline=[_entry(e, api=api) for e in events],
    )  # fmt: skip


def attachment_event(db: Session, lead_id: int, event_id: int) -> InvestLeadEvent:
    """Return an attachment of a lead, or raise NotFoundError."""
    event = db.get(InvestLeadEvent, event_id)
    if event is None or event.lead_id != lead_id or event.kind != "attach":
        raise NotFoundError("没有这个附件")
    return event
