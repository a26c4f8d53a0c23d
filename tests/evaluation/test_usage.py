"""Usage recording (M4): logins in the login's transaction, module use per answered request of a
principal with an organisation, counted in memory and upserted at flush or shutdown."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.evaluation import usage
from industry_brain.evaluation.usage_models import UsageMonthly, UsageMonthlyUser
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user

MAY = datetime(2025, 5, 20, 8, 0, tzinfo=UTC)


def rows(db: Session) -> dict[tuple[int, str, str], tuple[int, int, int]]:
    """Return usage_monthly as (org, month, module) → (logins, requests, users seen)."""
    db.rollback()
    return {
        (r.org_id, r.month, r.module): (r.logins, r.requests, r.users_seen)
        for r in db.scalars(select(UsageMonthly))
    }


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("/api/v1/chain/templates", "chain"),
        ("/api/v1/auth/me", "auth"),
        ("/chain/new_energy_vehicle", "chain"),
        ("/policies", "policies"),
        ("/", ""),
        ("/static/app.css", None),
        ("/api/docs", None),
        ("/api/v1/openapi.json", "openapi.json"),
    ],
)
def test_module_of_a_path(path: str, module: str | None) -> None:
    assert usage.module_of(path) == module


def principal(org_id: int | None, user_id: int | None) -> Principal:
    return Principal(user_id=user_id, username="u", org_id=org_id, org_type=None, roles=frozenset())


def test_flushes_add_up_and_count_each_user_once(database: Database, db: Session) -> None:
    with database.writer() as w:
        org = make_org(w)
        first, second = make_user(w, org=org), make_user(w, org=org)
        org_id, ids = org.id, (first.id, second.id)
    recorder = usage.UsageRecorder(flush_seconds=3600)
    for user_id in (ids[0], ids[0], ids[1]):
        recorder.add(principal(org_id, user_id), "chain", at=MAY)
    recorder.add(principal(org_id, ids[0]), "policies", at=MAY)
    recorder.add(principal(None, None), "chain", at=MAY)  # the CLI or a push: not recorded
    assert not recorder.due()  # within the interval
    assert recorder.flush(database) == 2
    recorder.add(principal(org_id, ids[1]), "chain", at=MAY)
    assert recorder.flush(database) == 1
    assert recorder.flush(database) == 0  # nothing waiting
    assert rows(db) == {
        (org_id, "2025-05", "chain"): (0, 4, 2),
        (org_id, "2025-05", "policies"): (0, 1, 1),
    }
    assert len(db.scalars(select(UsageMonthlyUser)).all()) == 3


class BrokenDatabase:
    """A serving DB that cannot be written (locked, down)."""

    def writer(self) -> Session:
        raise RuntimeError("database is locked")


def test_a_failed_flush_keeps_the_counts(database: Database, db: Session) -> None:
    with database.writer() as w:
        org = make_org(w)
        user = make_user(w, org=org)
        org_id, user_id = org.id, user.id
    recorder = usage.UsageRecorder(flush_seconds=0)
    recorder.add(principal(org_id, user_id), "chain", at=MAY)
    assert recorder.flush(BrokenDatabase()) == 0  # type: ignore[arg-type]  # a stand-in
    assert rows(db) == {}
    recorder.add(principal(org_id, user_id), "chain", at=MAY)
    assert recorder.due()
    assert recorder.flush(database) == 1
    assert rows(db) == {(org_id, "2025-05", "chain"): (0, 2, 1)}


def test_login_is_recorded_in_its_transaction(
    settings: Settings, database: Database, db: Session
) -> None:
    with database.writer() as w:
        org = make_org(w)
        make_user(w, org=org, username="usage_login")
        org_id = org.id
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        api_token(c, "usage_login")
        api_token(c, "usage_login")
        c.post("/api/v1/auth/token", data={"username": "usage_login", "password": "wrong"})
    month = usage.month_of()
    assert rows(db)[(org_id, month, "login")] == (2, 0, 1)


def test_requests_are_recorded_by_module_for_members_of_an_organisation(
    settings: Settings, database: Database, db: Session
) -> None:
    with database.writer() as w:
        org = make_org(w)
        make_user(w, org=org, username="usage_member")
        operator = make_org(w, org_type=OrgType.OPERATOR)
        make_user(w, org=operator, username="usage_admin", roles=(Role.DATA_ADMIN,))
        org_id, operator_id = org.id, operator.id
    month = usage.month_of()
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        member = bearer(api_token(c, "usage_member"))
        admin = bearer(api_token(c, "usage_admin"))
        assert c.get("/api/v1/auth/me", headers=member).status_code == 200
        assert c.get("/api/v1/auth/me", headers=member).status_code == 200
        assert c.get("/api/v1/chain/templates", headers=admin).status_code == 200
        assert c.get("/api/v1/auth/me").status_code == 401  # no principal: not recorded
        assert c.get("/api/v1/no-such-module", headers=member).status_code == 404
        assert rows(db) == {  # not flushed yet: only the logins are stored
            (org_id, month, "login"): (1, 0, 1),
            (operator_id, month, "login"): (1, 0, 1),
        }
    assert rows(db) == {  # flushed at shutdown
        (org_id, month, "login"): (1, 0, 1),
        (org_id, month, "auth"): (0, 2, 1),
        (operator_id, month, "login"): (1, 0, 1),
        (operator_id, month, "chain"): (0, 1, 1),
    }


def test_store_adds_to_existing_rows(database: Database, db: Session) -> None:
    with database.writer() as w:
        org = make_org(w)
        user = make_user(w, org=org)
        key = (org.id, "2025-05", "chain")
        for _ in range(2):
            usage.store(w, requests=Counter({key: 3}), logins=Counter(), users=[(*key, user.id)])
        w.commit()
    assert rows(db) == {key: (0, 6, 1)}
