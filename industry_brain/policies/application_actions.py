"""Audited changes of policy applications.

An enterprise submits (申报) an application for a published policy it is not ineligible for,
and resubmits one that was returned (退回); the government moves it one step at a time
申报 → 受理 → 审核 → 兑现, or returns it or refuses it (不予支持) with a reason. Each change is an
event of the application's timeline, one audit row and a notification to the enterprise, in
one transaction; a refusal changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.audit import service as audit
from industry_brain.clock import beijing_today as today
from industry_brain.db import utcnow
from industry_brain.errors import (
    ConflictError,
    HiddenObjectError,
    PermissionDeniedError,
    ValidationFailedError,
)
from industry_brain.notifications.service import notify
from industry_brain.policies.models import (
    CLOSED,
    REJECTED,
    RETURNED,
    STEPS,
    Policy,
    PolicyApplication,
    PolicyApplicationEvent,
)
from industry_brain.policies.schemas import ApplicationIn, TransitionIn
from industry_brain.policies.service import failed_clause, get_policy, is_open_now

POLICY = "policy.application"


class DuplicateApplicationError(ConflictError):
    """The enterprise already has an open application for the policy (``application_id``)."""

    def __init__(self, application_id: int) -> None:
        super().__init__(
            f"贵企业已有该政策进行中的申报 #{application_id}，不能重复申报", field="policy_id"
        )
        self.application_id = application_id


def open_key(policy_id: int, org_id: int) -> str:
    """Return the key only an open application of the enterprise for the policy holds."""
    return f"{policy_id}|{org_id}"


def _record(
    db: Session, application: PolicyApplication, policy: Policy, *, actor: Principal,
    event_type: str, note: str,
) -> None:  # fmt: skip
    """Add the timeline entry, the notification and the audit row; commit them together."""
    now = utcnow()
    application.updated_at = now
    db.add(PolicyApplicationEvent(application_id=application.id, status=application.status,
                                  note=note, actor=actor.username, at=now))  # fmt: skip
    if event_type == "policy.application.update":
        notify(db, org_id=application.org_id, kind="policy.application",
               title=f"政策申报 #{application.id}《{policy.title}》：{application.status}"
               + (f"（{note}）" if note else ""),
               link=f"/services/policies/applications/{application.id}")  # fmt: skip
    audit.append(
        db, actor=actor, event_type=event_type, object_type="policy_application",
        object_id=application.id,
        detail={"policy_id": policy.id, "uscc": application.uscc, "status": application.status,
                "note": note, "granted_wan_yuan": None if application.granted_wan_yuan is None
                else str(application.granted_wan_yuan)},
    )  # fmt: skip
    db.commit()


def _enterprise_of(db: Session, actor: Principal) -> Organisation:
    org = db.get(Organisation, actor.org_id) if actor.org_id else None
    if org is None or org.org_type != str(OrgType.ENTERPRISE) or not org.uscc:
        raise PermissionDeniedError("只有企业用户可以申报政策")
    return org


def _check_policy(db: Session, policy: Policy, uscc: str) -> None:
    if policy.status != "published":
        raise ValidationFailedError("该政策未发布或已失效，不能申报", field="policy_id")
    if policy.auto_grant:
        raise ValidationFailedError("该政策免申即享，符合条件的企业无需申报", field="policy_id")
    if not is_open_now(policy, today()):
        raise ValidationFailedError("不在该政策的有效期内，不能申报", field="policy_id")
    failed = failed_clause(db, policy, uscc)
    if failed is not None:
        raise ValidationFailedError(f"贵企业不符合申报条件：{failed}", field="policy_id")


def do_submit_application(
    db: Session, *, actor: Principal, policy_id: int, data: ApplicationIn
) -> PolicyApplication:
    """Apply for a policy as the actor's enterprise (申报); one open application per policy."""
    require(actor, POLICY, "create", target_org_id=actor.org_id)
    org = _enterprise_of(db, actor)
    policy = get_policy(db, policy_id)
    holder = _open_application(db, policy.id, org.id)
    if holder is not None:
        raise DuplicateApplicationError(holder)
    _check_policy(db, policy, org.uscc or "")
    now = utcnow()
    application = PolicyApplication(
        policy_id=policy.id, org_id=org.id, uscc=org.uscc, status=STEPS[0],
        open_key=open_key(policy.id, org.id), note=data.note.strip(),
        created_by=actor.username, created_at=now, updated_at=now,
    )  # fmt: skip
    db.add(application)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise DuplicateApplicationError(_open_application(db, policy.id, org.id) or 0) from None
    _record(db, application, policy, actor=actor, event_type="policy.application.submit",
            note=application.note)  # fmt: skip
    return application


def _open_application(db: Session, policy_id: int, org_id: int) -> int | None:
    return db.scalar(
        select(PolicyApplication.id).where(
            PolicyApplication.open_key == open_key(policy_id, org_id)
        )
    )


def get_application(db: Session, actor: Principal, application_id: int) -> PolicyApplication:
    """Return an application the actor may see (its own enterprise's, or any for government)."""
    application = db.get(PolicyApplication, application_id)
    if application is None or not is_allowed(
        actor, POLICY, "read", target_org_id=application.org_id
    ):
        raise HiddenObjectError("没有这份申报")
    return application


def do_resubmit(
    db: Session, *, actor: Principal, application_id: int, data: ApplicationIn
) -> PolicyApplication:
    """Submit a returned (退回) application again, with what was changed."""
    application = get_application(db, actor, application_id)
    require(actor, POLICY, "update", target_org_id=application.org_id)
    if actor.org_id != application.org_id:
        raise PermissionDeniedError("只有申报企业可以重新提交")
    if application.status != RETURNED:
        raise ConflictError(f"申报当前为“{application.status}”，只有退回的申报可以重新提交")
    note = data.note.strip()
    if not note:
        raise ValidationFailedError("请说明补正的内容", field="note")
    application.status, application.note = STEPS[0], note
    policy = get_policy(db, application.policy_id)
    _record(db, application, policy, actor=actor, event_type="policy.application.submit",
            note=note)  # fmt: skip
    return application


def do_transition(
    db: Session, *, actor: Principal, application_id: int, data: TransitionIn
) -> PolicyApplication:
    """Handle an application as the government: the next step, or 退回 / 不予支持 with a
    reason."""
    application = get_application(db, actor, application_id)
    require(actor, POLICY, "update", target_org_id=application.org_id)
    if not actor.is_system and actor.org_type != OrgType.GOVERNMENT:
        raise PermissionDeniedError("只有政府部门可以办理政策申报")
    here, to, reason = application.status, data.to, data.reason.strip()
    if here in CLOSED or here == RETURNED:
        raise ConflictError(f"申报当前为“{here}”，不能再办理")
    if to in (RETURNED, REJECTED):
        if not reason:
            raise ValidationFailedError(f"{to}须填写原因", field="reason")
        application.reason = reason
    elif STEPS.index(to) != STEPS.index(here) + 1:
        raise ValidationFailedError(
            f"须按 申报 → 受理 → 审核 → 兑现 逐步办理：当前为“{here}”，下一步是“"
            f"{STEPS[STEPS.index(here) + 1]}”", field="to",
        )  # fmt: skip
    if to == STEPS[-1]:
        application.granted_wan_yuan = data.granted_wan_yuan
    application.status = to
    if to in CLOSED:
        application.open_key = None
    policy = get_policy(db, application.policy_id)
    _record(db, application, policy, actor=actor, event_type="policy.application.update",
            note=reason)  # fmt: skip
    return application
