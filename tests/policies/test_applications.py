"""Applications: 申报 → 受理 → 审核 → 兑现, 退回 with a reason and resubmission, 不予支持;
each change audited with the contract's event types and notified to the enterprise; refusals
(duplicate, ineligible, out of order, wrong party) change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from industry_brain.notifications.models import Notification
from industry_brain.policies.actions import do_create_policy
from industry_brain.policies.application_actions import (
    DuplicateApplicationError,
    do_resubmit,
    do_submit_application,
    do_transition,
)
from industry_brain.policies.models import PolicyApplication, PolicyApplicationEvent
from industry_brain.policies.schemas import ApplicationIn, TransitionIn
from tests.policies.support import SYSTEM, Known, arrange, policy_in, principal


@pytest.fixture
def known(database: Database) -> Known:
    return arrange(database)


@pytest.fixture
def policy_id(database: Database, known: Known) -> int:
    with database.writer() as db:
        return do_create_policy(db, actor=SYSTEM, data=policy_in()).id


def _state(database: Database) -> tuple[int, int, int, int]:
    with database.reader() as db:
        return tuple(  # type: ignore[return-value]
            int(db.scalar(select(func.count()).select_from(model)) or 0)
            for model in (PolicyApplication, PolicyApplicationEvent, AuditEvent, Notification)
        )


def _audit(database: Database) -> list[tuple[str, str | None]]:
    with database.reader() as db:
        rows = db.execute(
            select(AuditEvent.event_type, AuditEvent.username)
            .where(AuditEvent.event_type.like("policy.application.%"))
            .order_by(AuditEvent.id)
        )
        return [(event, user) for event, user in rows]


def _move(database: Database, app_id: int, to: str, **more: object) -> PolicyApplication:
    with database.writer() as db:
        data = TransitionIn.model_validate({"to": to, **more})
        return do_transition(db, actor=principal(database, "clerk"), application_id=app_id,
                             data=data)  # fmt: skip


def test_the_whole_workflow_is_audited(database: Database, known: Known, policy_id: int) -> None:
    ent = principal(database, "ent0")
    with database.writer() as db:
        app_id = do_submit_application(
            db, actor=ent, policy_id=policy_id, data=ApplicationIn(note="附营业执照")
        ).id
    for step in ("受理", "审核"):
        assert _move(database, app_id, step).status == step
    done = _move(database, app_id, "兑现", granted_wan_yuan="50")
    assert (done.status, done.granted_wan_yuan, done.open_key) == ("兑现", Decimal("50.00"), None)
    assert _audit(database) == [
        ("policy.application.submit", "ent0"),
        ("policy.application.update", "clerk"),
        ("policy.application.update", "clerk"),
        ("policy.application.update", "clerk"),
    ]
    with database.reader() as db:
        events = db.scalars(
            select(PolicyApplicationEvent.status).order_by(PolicyApplicationEvent.id)
        )
        assert list(events) == ["申报", "受理", "审核", "兑现"]
        told = db.scalars(
            select(Notification.title).where(Notification.kind == "policy.application")
            .order_by(Notification.id)
        )  # fmt: skip
        assert [t.split("：")[-1] for t in told] == ["受理", "审核", "兑现"]
    with database.writer() as db:  # closed: a new application may be made
        again = do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn())
        assert again.status == "申报"


def test_returned_then_resubmitted(database: Database, known: Known, policy_id: int) -> None:
    ent = principal(database, "ent0")
    with database.writer() as db:
        app_id = do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn()).id
    with pytest.raises(ValidationFailedError, match="退回须填写原因"):
        _move(database, app_id, "退回")
    returned = _move(database, app_id, "退回", reason="缺少上年度审计报告")
    assert (returned.status, returned.reason) == ("退回", "缺少上年度审计报告")
    with database.writer() as db, pytest.raises(DuplicateApplicationError):
        do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn())
    with database.writer() as db:
        again = do_resubmit(db, actor=ent, application_id=app_id,
                            data=ApplicationIn(note="已补审计报告"))  # fmt: skip
        assert again.status == "申报"
    assert _move(database, app_id, "不予支持", reason="年度资金已用完").open_key is None
    assert [e for e, _ in _audit(database)] == [
        "policy.application.submit", "policy.application.update",
        "policy.application.submit", "policy.application.update",
    ]  # fmt: skip


def test_refusals_change_nothing(database: Database, known: Known, policy_id: int) -> None:
    ent, other = principal(database, "ent0"), principal(database, "ent1")
    with database.writer() as db:
        app_id = do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn()).id
    before = _state(database)
    with database.writer() as db, pytest.raises(DuplicateApplicationError) as dup:
        do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn())
    assert dup.value.application_id == app_id
    with pytest.raises(ValidationFailedError, match="当前为“申报”，下一步是“受理”"):
        _move(database, app_id, "兑现")
    with database.writer() as db, pytest.raises(PermissionDeniedError):
        do_transition(db, actor=ent, application_id=app_id, data=TransitionIn(to="受理"))
    with database.writer() as db, pytest.raises(PermissionDeniedError):  # another enterprise's
        do_transition(db, actor=other, application_id=app_id, data=TransitionIn(to="受理"))
    with database.writer() as db, pytest.raises(ConflictError, match="只有退回的申报"):
        do_resubmit(db, actor=ent, application_id=app_id, data=ApplicationIn(note="再交"))
    with database.writer() as db, pytest.raises(ValidationFailedError) as ineligible:
        do_submit_application(db, actor=other, policy_id=policy_id, data=ApplicationIn())
    assert ineligible.value.message == (
        "贵企业不符合申报条件：上年营业收入 >= 2000 万元（上年营业收入为 1500 万元）"
    )
    assert _state(database) == before


def test_unknown_may_apply_draft_and_auto_grant_may_not(database: Database, known: Known) -> None:
    with database.writer() as db:
        draft = do_create_policy(db, actor=SYSTEM, data=policy_in(status="draft")).id
        auto = do_create_policy(db, actor=SYSTEM, data=policy_in(auto_grant=True)).id
        open_ = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
    third = principal(database, "ent2")  # 丙: revenue unknown
    for pid, message in ((draft, "未发布"), (auto, "免申即享")):
        with database.writer() as db, pytest.raises(ValidationFailedError, match=message):
            do_submit_application(db, actor=third, policy_id=pid, data=ApplicationIn())
    with database.writer() as db:
        assert do_submit_application(db, actor=third, policy_id=open_,
                                     data=ApplicationIn()).status == "申报"  # fmt: skip
