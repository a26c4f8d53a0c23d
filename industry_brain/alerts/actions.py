"""Audited changes of warnings: an evaluation's results, and the task workflow (assign,
comment, close with an outcome, reopen). Each writes the warning's timeline and one audit row
in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from industry_brain.accounts.models import User
from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.alerts.kinds import LEVEL_NAMES
from industry_brain.alerts.merge import Plan, finding_columns, track_key
from industry_brain.alerts.models import AlertWarning, AlertWarningEvent
from industry_brain.alerts.schemas import OUTCOMES, AssignIn, CloseIn
from industry_brain.alerts.service import today
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError


def do_apply_evaluation(
    db: Session,
    *,
    actor: Principal,
    plan: Plan,
    month: date,
    thresholds: dict[int, dict[str, float]],
    skipped: list[str],
) -> list[int]:
    """Store an evaluation's new warnings, updates and timeline (one audit row); return the
    new warnings' ids."""
    now = utcnow()
    if plan.updates:
        db.execute(update(AlertWarning), [{**row, "updated_at": now} for row in plan.updates])
    rows = [
        {
            "rule_id": f.rule_id,
            "subject_type": f.subject_type,
            "subject_key": f.subject_key[:120],
            "track_key": f.key,
            "status": "open",
            "condition": "active",
            "first_period": f.period,
            "outcome_note": "",
            "created_at": now,
            "updated_at": now,
            **finding_columns(f, thresholds),
        }
        for f in plan.new
    ]
    ids: dict[str, int] = {}
    if rows:
        returned = db.execute(
            insert(AlertWarning).returning(AlertWarning.id, AlertWarning.track_key), rows
        )
        ids = {str(key): int(warning_id) for warning_id, key in returned}
    events = plan.events + [
        {"warning_id": ids[f.key], "kind": "raised", "period": f.period, "level": f.level,
         "value": f.value, "text": f"{f.period:%Y-%m} 产生{LEVEL_NAMES[f.level]}预警"}
        for f in plan.new
    ]  # fmt: skip
    if events:
        db.execute(
            insert(AlertWarningEvent), [{**e, "actor": actor.username, "at": now} for e in events]
        )
    audit.append(
        db,
        actor=actor,
        event_type="alerts.warning.raise",
        object_type="alerts_evaluation",
        object_id=f"{month:%Y-%m}",
        detail={"changes": plan.counts, "new": len(ids), "skipped": skipped},
    )
    db.commit()
    return sorted(ids.values())


def _warning(db: Session, warning_id: int) -> AlertWarning:
    warning = db.get(AlertWarning, warning_id)
    if warning is None:
        raise NotFoundError(f"没有编号为 {warning_id} 的预警")
    return warning


def _record(
    db: Session, warning: AlertWarning, *, actor: Principal, kind: str, text: str,
    event_type: str, detail: dict[str, Any],
) -> None:  # fmt: skip
    """Add the timeline entry and the audit row of a change made by a person."""
    warning.updated_at = utcnow()
    db.add(AlertWarningEvent(warning_id=warning.id, kind=kind, actor=actor.username, text=text))
    db.flush()
    audit.append(
        db, actor=actor, event_type=event_type, object_type="alert_warning",
        object_id=warning.id, detail=detail,
    )  # fmt: skip
    db.commit()


def do_assign(db: Session, *, actor: Principal, warning_id: int, data: AssignIn) -> AlertWarning:
    """Assign an open warning to a government user with a due date (audited)."""
    require(actor, "alerts", "assign")
    warning = _warning(db, warning_id)
    if warning.status != "open":
        raise ConflictError("预警已办结，请先重新打开再指派")
    person = db.get(User, data.assignee_id)
    if person is None or not person.is_active or person.organisation.org_type != OrgType.GOVERNMENT:
        raise ValidationFailedError("只能指派给政府部门的在用账户", field="assignee_id")
    if data.due_on < today():
        raise ValidationFailedError("办理期限不能早于今天", field="due_on")
    warning.assignee_id, warning.due_on = person.id, data.due_on
    text = (
        f"指派给{person.display_name}（{person.organisation.name}），{data.due_on:%Y-%m-%d} 前办理"
    )
    _record(
        db, warning, actor=actor, kind="assigned",
        text=f"{text}。{data.note}" if data.note else text, event_type="alerts.warning.assign",
        detail={"assignee": person.username, "due_on": data.due_on.isoformat(), "note": data.note},
    )  # fmt: skip
    return warning


def do_comment(db: Session, *, actor: Principal, warning_id: int, text: str) -> AlertWarning:
    """Record what was done about a warning (audited)."""
    require(actor, "alerts", "comment")
    warning = _warning(db, warning_id)
    _record(
        db, warning, actor=actor, kind="commented", text=text.strip(),
        event_type="alerts.warning.comment", detail={"text": text.strip()},
    )  # fmt: skip
    return warning


def do_close(db: Session, *, actor: Principal, warning_id: int, data: CloseIn) -> AlertWarning:
    """Close an open warning with its outcome (其他 needs a note); audited."""
    require(actor, "alerts", "close")
    warning = _warning(db, warning_id)
    if warning.status != "open":
        raise ConflictError("预警已办结")
    note = data.note.strip()
    if data.outcome == "other" and not note:
        raise ValidationFailedError("结果为“其他”时请说明情况", field="note")
    warning.status, warning.outcome, warning.outcome_note = "closed", data.outcome, note
    warning.closed_at, warning.closed_by = utcnow(), actor.username
    if warning.condition == "cleared":  # the episode is over: a recurrence is a new warning
        warning.track_key = None
    label = OUTCOMES[data.outcome]
    _record(
        db, warning, actor=actor, kind="closed",
        text=f"办结：{label}" + (f"。{note}" if note else ""),
        event_type="alerts.warning.close", detail={"outcome": data.outcome, "note": note},
    )  # fmt: skip
    return warning


def do_reopen(db: Session, *, actor: Principal, warning_id: int, reason: str) -> AlertWarning:
    """Reopen a closed warning (audited); refused when a newer warning tracks its condition."""
    require(actor, "alerts", "reopen")
    warning = _warning(db, warning_id)
    if warning.status != "closed":
        raise ConflictError("预警尚未办结")
    if warning.track_key is None:
        key = track_key(warning.rule_id, warning.subject_key)
        holder = db.scalar(select(AlertWarning.id).where(AlertWarning.track_key == key))
        if holder is not None:
            raise ConflictError(f"同一规则与对象已有预警 #{holder}，请在该预警上办理")
        warning.track_key = key
    previous = warning.outcome
    warning.status, warning.outcome, warning.closed_at, warning.closed_by = "open", None, None, None
    _record(
        db, warning, actor=actor, kind="reopened", text=f"重新打开：{reason.strip()}",
        event_type="alerts.warning.reopen",
        detail={"reason": reason.strip(), "previous_outcome": previous},
    )  # fmt: skip
    return warning
