"""Audited changes of 招商 leads: add a candidate, move its stage (one step, 放弃 with a
reason, reopen), assign it, log a visit or a note, attach a file. Each writes the lead's
timeline and one audit row in one transaction; a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from industry_brain.accounts.models import User
from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, ValidationFailedError
from industry_brain.invest import lead_files
from industry_brain.invest.lead_models import ABANDONED, STAGES, InvestLead, InvestLeadEvent
from industry_brain.invest.lead_schemas import AssignIn, LeadIn, StageIn, VisitIn
from industry_brain.invest.lead_service import (
    candidate_facts,
    get_lead,
    known_node,
    lead_for,
    node_names,
    open_key,
    today,
)
from industry_brain.raw_files import size_label

POLICY = "invest.lead"


class DuplicateLeadError(ConflictError):
    """The candidate already has an open lead for this node; ``lead_id`` names it."""

    def __init__(self, lead_id: int) -> None:
        super().__init__(f"该企业在这一环节已有进行中的招商线索 #{lead_id}", field="uscc")
        self.lead_id = lead_id


def _record(
    db: Session, lead: InvestLead, *, actor: Principal, event_type: str,
    detail: dict[str, Any], **event: Any,
) -> InvestLeadEvent:  # fmt: skip
    """Add the timeline entry and the audit row of a change, and commit both."""
    now = utcnow()
    lead.updated_at = now
    entry = InvestLeadEvent(lead_id=lead.id, actor=actor.username, at=now, **event)
    db.add(entry)
    db.flush()
    audit.append(
        db, actor=actor, event_type=event_type, object_type="invest_lead", object_id=lead.id,
        detail=detail,
    )  # fmt: skip
    db.commit()
    return entry


def _claim(db: Session, lead: InvestLead) -> None:
    """Flush a lead that takes its open key; a concurrent holder makes it a duplicate."""
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        holder = lead_for(db, lead.uscc, lead.template_id, lead.node_id)
        if holder is None:
            raise
        raise DuplicateLeadError(holder) from None


def do_create_lead(db: Session, *, actor: Principal, data: LeadIn) -> InvestLead:
    """Add a candidate to the pipeline at 线索, with its name and score of today."""
    require(actor, POLICY, "create")
    uscc, template_id, node_id = data.uscc.strip().upper(), data.template_id, data.node_id
    if not known_node(template_id, node_id):
        raise ValidationFailedError(
            f"产业链模板“{template_id}”中没有环节“{node_id}”", field="node_id"
        )
    existing = lead_for(db, uscc, template_id, node_id)
    if existing is not None:
        raise DuplicateLeadError(existing)
    facts = candidate_facts(db, uscc=uscc, template_id=template_id, node_id=node_id)
    if facts is None:
        raise ValidationFailedError(
            f"未找到统一社会信用代码为 {uscc} 的企业（不在候选企业池，也不在企业画像中）",
            field="uscc",
        )
    name, score = facts
    now = utcnow()
    lead = InvestLead(
        uscc=uscc, name=name, template_id=template_id, node_id=node_id, stage=STAGES[0],
        open_key=open_key(uscc, template_id, node_id), score_at_add=score,
        created_by=actor.username, created_at=now, updated_at=now,
    )  # fmt: skip
    db.add(lead)
    _claim(db, lead)
    chain, node = node_names(template_id, node_id)
    scored = f"，加入时得分 {score:.1f}" if score is not None else "（加入时无评分）"
    _record(
        db, lead, actor=actor, event_type="invest.lead.create", kind="stage", stage=STAGES[0],
        text=f"加入招商线索：{chain} · {node}{scored}",
        detail={"uscc": uscc, "name": name, "template_id": template_id, "node_id": node_id,
                "score_at_add": score},
    )  # fmt: skip
    return lead


def do_change_stage(db: Session, *, actor: Principal, lead_id: int, data: StageIn) -> InvestLead:
    """Move a lead as asked: to 放弃 (the note is the reason), out of 放弃 (reopen), or one
    step forward or back."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    if data.to == ABANDONED:
        return do_abandon(db, actor=actor, lead_id=lead_id, reason=data.note)
    if lead.stage == ABANDONED:
        if data.to != (lead.abandoned_from or STAGES[0]):
            raise ValidationFailedError(
                f"重新打开只能回到放弃前的阶段“{lead.abandoned_from or STAGES[0]}”", field="to"
            )
        return do_reopen(db, actor=actor, lead_id=lead_id, note=data.note)
    return do_move_stage(db, actor=actor, lead_id=lead_id, to=data.to, note=data.note)


def do_move_stage(
    db: Session, *, actor: Principal, lead_id: int, to: str, note: str = ""
) -> InvestLead:
    """Move a lead one stage forward, or one back with a note saying why."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    if lead.stage == ABANDONED:
        raise ConflictError("该线索已放弃，请先重新打开")
    here = STAGES.index(lead.stage)
    there = STAGES.index(to) if to in STAGES else -10
    if abs(there - here) != 1:
        allowed = "、".join(STAGES[i] for i in (here + 1, here - 1) if 0 <= i < len(STAGES))
        raise ValidationFailedError(
            f"每次只能推进或退回一个阶段：当前为“{lead.stage}”，可改为{allowed}", field="to"
        )
    note = note.strip()
    if there < here and not note:
        raise ValidationFailedError("退回上一阶段请说明原因", field="note")
    verb, was = ("推进" if there > here else "退回"), lead.stage
    lead.stage = to
    _record(
        db, lead, actor=actor, event_type="invest.lead.update", kind="stage", stage=to,
        text=f"{verb}：{was} → {to}" + (f"。{note}" if note else ""),
        detail={"change": "stage", "from": was, "to": to, "note": note},
    )  # fmt: skip
    return lead


def do_abandon(db: Session, *, actor: Principal, lead_id: int, reason: str) -> InvestLead:
    """Abandon a lead (放弃) with the reason; it can be reopened later."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    reason = reason.strip()
    if lead.stage == ABANDONED:
        raise ConflictError("该线索已放弃")
    if lead.stage == STAGES[-1]:
        raise ConflictError("已落地的线索不能放弃；如需更正，请先退回到签约")
    if not reason:
        raise ValidationFailedError("放弃线索须填写原因", field="reason")
    was = lead.stage
    lead.stage, lead.abandoned_from, lead.abandon_reason = ABANDONED, was, reason
    lead.open_key = None
    _record(
        db, lead, actor=actor, event_type="invest.lead.update", kind="stage", stage=ABANDONED,
        text=f"放弃（原阶段：{was}）：{reason}",
        detail={"change": "abandon", "from": was, "reason": reason},
    )  # fmt: skip
    return lead


def do_reopen(db: Session, *, actor: Principal, lead_id: int, note: str) -> InvestLead:
    """Reopen an abandoned lead at the stage it left; refused when the candidate has another
    open lead for the node."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    note = note.strip()
    if lead.stage != ABANDONED:
        raise ConflictError("该线索未放弃，无需重新打开")
    if not note:
        raise ValidationFailedError("重新打开请说明原因", field="note")
    holder = lead_for(db, lead.uscc, lead.template_id, lead.node_id)
    if holder is not None:
        raise DuplicateLeadError(holder)
    back, reason = lead.abandoned_from or STAGES[0], lead.abandon_reason
    lead.stage, lead.abandoned_from, lead.abandon_reason = back, None, None
    lead.open_key = open_key(lead.uscc, lead.template_id, lead.node_id)
    _claim(db, lead)
    _record(
        db, lead, actor=actor, event_type="invest.lead.update", kind="stage", stage=back,
        text=f"重新打开，回到“{back}”：{note}",
        detail={"change": "reopen", "to": back, "note": note, "abandon_reason": reason},
    )  # fmt: skip
    return lead


def do_assign(db: Session, *, actor: Principal, lead_id: int, data: AssignIn) -> InvestLead:
    """Assign a lead to an active government user with a due date (today or later)."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    if lead.stage == ABANDONED:
        raise ConflictError("该线索已放弃，请先重新打开再指派")
    person = db.get(User, data.assignee_id)
    org = person.organisation if person is not None else None
    if person is None or org is None or not (person.is_active and org.is_active):
        raise ValidationFailedError("只能指派给政府部门的在用账户", field="assignee_id")
    if org.org_type != OrgType.GOVERNMENT:
        raise ValidationFailedError("只能指派给政府部门的在用账户", field="assignee_id")
    if data.due_on < today():
        raise ValidationFailedError("办理期限不能早于今天", field="due_on")
    note = data.note.strip()
    lead.assignee_id, lead.due_on = person.id, data.due_on
    said = f"指派给{person.display_name}（{org.name}），{data.due_on:%Y-%m-%d} 前办理"
    _record(
        db, lead, actor=actor, event_type="invest.lead.update", kind="assign",
        text=said + (f"。{note}" if note else ""),
        detail={"change": "assign", "assignee": person.username,
                "due_on": data.due_on.isoformat(), "note": note},
    )  # fmt: skip
    return lead


def do_log_visit(db: Session, *, actor: Principal, lead_id: int, data: VisitIn) -> InvestLead:
    """Log a visit (date, place, people met, what was said) or a note."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    said, place, people = data.text.strip(), data.place.strip(), data.people.strip()
    if data.kind == "visit":
        if data.visited_on is None:
            raise ValidationFailedError("请填写走访日期", field="visited_on")
        if data.visited_on > today():
            raise ValidationFailedError("走访日期不能晚于今天", field="visited_on")
        if not place:
            raise ValidationFailedError("请填写走访地点", field="place")
    if not said:
        raise ValidationFailedError(
            "请填写走访情况" if data.kind == "visit" else "请填写备注内容", field="text"
        )
    visit = data.kind == "visit"
    _record(
        db, lead, actor=actor, event_type="invest.lead.visit", kind=data.kind, text=said,
        visited_on=data.visited_on if visit else None, place=place if visit else None,
        people=people if visit else None,
        detail={"kind": data.kind, "visited_on": data.visited_on if visit else None,
                "place": place if visit else None, "people": people if visit else None,
                "text": said},
    )  # fmt: skip
    return lead


def do_attach(
    db: Session, *, actor: Principal, data_dir: Path, lead_id: int, stream: BinaryIO,
    name: str, note: str = "", max_bytes: int = lead_files.ATTACHMENT_MAX_BYTES,
) -> InvestLeadEvent:  # fmt: skip
    """Keep a file with a lead in the raw store (byte for byte, with its SHA-256)."""
    require(actor, POLICY, "update")
    lead = get_lead(db, lead_id)
    stored = lead_files.store(data_dir, lead_id=lead.id, stream=stream, name=name,
                              max_bytes=max_bytes)  # fmt: skip
    note = note.strip()
    said = f"上传附件“{stored.name}”（{size_label(stored.size)}）"
    try:
        return _record(
            db, lead, actor=actor, event_type="invest.lead.attach", kind="attach",
            text=said + (f"。{note}" if note else ""), attachment_path=stored.relative,
            attachment_sha256=stored.sha256, attachment_name=stored.name,
            attachment_bytes=stored.size,
            detail={"name": stored.name, "sha256": stored.sha256, "bytes": stored.size,
                    "path": stored.relative, "note": note},
        )  # fmt: skip
    except BaseException:
        db.rollback()
        lead_files.discard(data_dir, stored)
        raise
