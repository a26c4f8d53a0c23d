"""The audit log: one row per governed change, hash-chained, tampering detected."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.audit.service import verify_chain
from industry_brain.db import Database
from tests.conftest import api_token, bearer
from tests.factories import create_organisations_concurrently, make_org, make_user


def _events(db: Session) -> list[AuditEvent]:
    db.rollback()
    return list(db.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_a_change_writes_one_complete_row(client: TestClient, db: Session) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    admin = make_user(db, org=operator, username="root", roles=(Role.SYSTEM_ADMIN,))
    token = bearer(api_token(client, "root"))
    before = len(_events(db))
    response = client.post(
        "/api/v1/accounts/organisations",
        headers={**token, "X-Request-ID": "4bf92f3577b34da6a3ce929d0e0e4736"},
        json={"name": "市经信局", "org_type": "government", "region_code": "330100"},
    )
    assert response.status_code == 201
    rows = _events(db)[before:]
    assert len(rows) == 1
    row = rows[0]
    assert (row.event_type, row.result, row.object_type) == (
        "organisation.create",
        "success",
        "organisation",
    )
    assert row.object_id == str(response.json()["id"])
    assert (row.user_id, row.username, row.org_id) == (admin.id, "root", operator.id)
    assert row.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert response.headers["x-request-id"] == row.trace_id
    assert row.client_ip == "testclient"
    assert row.occurred_at.tzinfo is not None
    assert json.loads(row.detail)["name"] == "市经信局"


def test_a_refused_change_stores_nothing_but_the_denial(client: TestClient, db: Session) -> None:
    member = make_user(db, org=make_org(db), username="plain")
    token = bearer(api_token(client, "plain"))
    before = len(_events(db))
    response = client.post(
        "/api/v1/accounts/organisations",
        headers=token,
        json={"name": "越权机构", "org_type": "government"},
    )
    assert response.status_code == 403
    rows = _events(db)[before:]
    assert [(r.event_type, r.result, r.user_id) for r in rows] == [
        ("access.denied", "denied", member.id)
    ]


def test_intact_chain_verifies(db: Session) -> None:
    org = make_org(db)
    for _ in range(3):
        make_user(db, org=org)
    report = verify_chain(db)
    assert report.ok and report.rows_checked == 4
    assert report.head_hash == _events(db)[-1].row_hash


def test_an_edited_row_is_named(db: Session) -> None:
    org = make_org(db)
    make_user(db, org=org)
    make_user(db, org=org)
    db.execute(update(AuditEvent).where(AuditEvent.id == 2).values(username="someone-else"))
    db.commit()
    report = verify_chain(db)
    assert not report.ok
    assert report.problems == ["第2条记录内容被篡改（哈希不符）"]


def test_a_deleted_row_is_named(db: Session) -> None:
    org = make_org(db)
    for _ in range(3):
        make_user(db, org=org)
    db.execute(delete(AuditEvent).where(AuditEvent.id == 3))
    db.commit()
    assert verify_chain(db).problems == ["第3条记录缺失（已被删除）"]


def test_a_forged_replacement_row_breaks_the_link(db: Session) -> None:
    """Re-hashing an edited row is not enough: the next row's link no longer matches."""
    from industry_brain.audit.service import row_digest

    org = make_org(db)
    make_user(db, org=org)
    make_user(db, org=org)
    row = db.get(AuditEvent, 2)
    assert row is not None
    row.result = "failure"
    row.row_hash = row_digest(row)
    db.commit()
    assert verify_chain(db).problems == ["第3条记录的前序哈希不匹配（链被改动）"]


def test_audit_rows_cannot_share_a_position(db: Session) -> None:
    make_org(db)
    count = db.scalar(text("SELECT COUNT(DISTINCT id) FROM audit_events"))
    assert count == len(_events(db))


def test_concurrent_changes_on_sqlite_keep_one_chain(database: Database) -> None:
    create_organisations_concurrently(database, count=24)
    with database.reader() as session:
        report = verify_chain(session)
    assert report.ok, report.problems
    assert report.rows_checked == 24
