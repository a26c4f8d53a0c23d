"""惠企政策 on PostgreSQL: a policy saved and evaluated over the published facts, the
enterprise notified once, an application through to 兑现 with its audit rows, the unique open
application and the cockpit figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from industry_brain.audit.models import AuditEvent
from industry_brain.audit.service import verify_chain
from industry_brain.db import Database
from industry_brain.notifications.models import Notification
from industry_brain.policies.actions import do_create_policy, do_update_policy
from industry_brain.policies.application_actions import (
    DuplicateApplicationError,
    do_submit_application,
    do_transition,
)
from industry_brain.policies.panel import policies_panel_data
from industry_brain.policies.schemas import ApplicationIn, TransitionIn
from tests.pg_serving import database, settings
from tests.policies.support import SYSTEM, arrange, policy_in, principal

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_policies_on_postgres(database: Database) -> None:
    assert database.engine.dialect.name == "postgresql"
    arrange(database)
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
        do_update_policy(db, actor=SYSTEM, policy_id=policy_id, data=policy_in(amount="50 万元"))
    ent, clerk = principal(database, "ent0"), principal(database, "clerk")
    with database.writer() as db:
        app_id = do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn()).id
    with database.writer() as db, pytest.raises(DuplicateApplicationError):
        do_submit_application(db, actor=ent, policy_id=policy_id, data=ApplicationIn())
    for to in ("受理", "审核", "兑现"):
        with database.writer() as db:
            granted = Decimal("50") if to == "兑现" else None
            data = TransitionIn.model_validate({"to": to, "granted_wan_yuan": granted})
            do_transition(db, actor=clerk, application_id=app_id, data=data)
    with database.reader() as db:
        matched = db.scalar(
            select(func.count(Notification.id)).where(Notification.kind == "policy.match")
        )
        events = db.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.event_type.like("policy.%"))
        )
        assert (matched, events) == (1, 6)  # create, update, submit, 3 × update
        assert verify_chain(db).ok
        panel = policies_panel_data(db, {})
    assert (panel["published"], panel["eligible_enterprises"], panel["granted_wan_yuan"]) == (
        1, 1, "50.00"
    )  # fmt: skip
    assert panel["applications"]["兑现"] == 1
