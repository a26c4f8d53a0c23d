"""Push tokens: created once on the workbench, push the own enterprise's rows and nothing else."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation, PushToken
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.roles import Role
from industry_brain.audit.models import AuditEvent
from industry_brain.db import utcnow
from industry_brain.warehouse.models import ImportBatch
from tests.conftest import api_token, bearer, csrf_of, page_login
from tests.factories import make_org, make_user

PUSH = "/api/v1/warehouse/push/operations"
SECRET = re.compile(r'<code id="token-secret">(ibp_[A-Za-z0-9_-]+)</code>')


@pytest.fixture
def firms(client: TestClient, db: Session) -> dict[str, Organisation]:
    """Enterprise A (admin and member) and enterprise B (admin)."""
    a, b = make_org(db, name="甲企业有限公司"), make_org(db, name="乙企业有限公司")
    make_user(db, org=a, username="a_admin", roles=(Role.ORG_ADMIN,))
    make_user(db, org=a, username="a_member")
    make_user(db, org=b, username="b_admin", roles=(Role.ORG_ADMIN,))
    return {"a": a, "b": b}


def _create_on_workbench(client: TestClient, username: str, name: str, days: str = "90") -> str:
    page_login(client, username)
    page = client.get("/workbench")
    assert page.status_code == 200, page.text
    created = client.post(
        "/workbench/tokens", data={"csrf_token": csrf_of(page.text), "name": name, "days": days}
    )
    assert created.status_code == 200, created.text
    assert created.headers["cache-control"] == "no-store"
    found = SECRET.search(created.text)
    assert found is not None, "the secret is shown once after creation"
    return found.group(1)


def _rows(org: Organisation, *periods: str) -> dict[str, list[dict[str, object]]]:
    return {"rows": [{"uscc": org.uscc, "period": p, "revenue_wan_yuan": 321.5} for p in periods]}


def test_a_token_is_shown_once_pushes_and_its_batch_shows_the_rejected_rows(
    client: TestClient, db: Session, firms: dict[str, Organisation]
) -> None:
    secret = _create_on_workbench(client, "a_admin", "ERP 夜间推送", days="30")
    token = db.scalar(select(PushToken).where(PushToken.org_id == firms["a"].id))
    assert token is not None and token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.uscc == firms["a"].uscc and token.scope == "warehouse.push"
    assert (token.expires_at - token.created_at) == timedelta(days=30)
    assert secret not in client.get("/workbench").text  # never shown again
    assert token.hint in client.get("/workbench").text

    pushed = client.post(PUSH, headers=bearer(secret), json=_rows(firms["a"], "2024-05", "2024-13"))
    assert pushed.status_code == 200, pushed.text
    assert (pushed.json()["accepted"], pushed.json()["rejected"]) == (1, 1)
    batch_id = pushed.json()["batch_id"]
    db.rollback()
    batch = db.get(ImportBatch, batch_id)
    assert batch is not None and batch.org_id == firms["a"].id
    assert batch.created_by == f"push-token:{token.id}" and batch.source == "push"
    used = db.get(PushToken, token.id)
    assert used is not None and used.last_used_at is not None

    workbench = client.get("/workbench").text
    assert f'href="/warehouse/batches/{batch_id}"' in workbench
    assert "推送令牌“ERP 夜间推送”" in workbench  # the submitter, by the token's name
    assert '<strong id="wb-rejected" class="bad">1</strong>' in workbench
    detail = client.get(f"/warehouse/batches/{batch_id}")
    assert detail.status_code == 200
    rows = re.findall(r"<tr><td data-label=\"行号\">(\d+)</td>(.*?)</tr>", detail.text, re.S)
    assert [number for number, _ in rows] == ["3"]  # header is row 1, the bad row is row 3
    assert "期间" in rows[0][1] and "2024-13" in rows[0][1]


def test_revoked_and_expired_tokens_are_refused_by_name(
    client: TestClient, db: Session, firms: dict[str, Organisation]
) -> None:
    secret = _create_on_workbench(client, "a_admin", "ERP")
    token_id = db.scalar(select(PushToken.id))
    assert client.post(PUSH, headers=bearer(secret), json=_rows(firms["a"], "2024-05")).is_success
    page = client.get("/workbench")
    revoked = client.post(
        f"/workbench/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page.text)}
    )
    assert revoked.status_code == 200 and "推送令牌已撤销" in revoked.text
    refused = client.post(PUSH, headers=bearer(secret), json=_rows(firms["a"], "2024-06"))
    assert refused.status_code == 401
    assert "“ERP”已于" in refused.json()["detail"] and "撤销" in refused.json()["detail"]

    second = _create_on_workbench(client, "a_admin", "ERP")  # the name is free again
    db.rollback()  # a read snapshot older than the app's writes cannot turn into a write
    db.execute(
        update(PushToken)
        .where(PushToken.revoked_at.is_(None))
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.commit()
    expired = client.post(PUSH, headers=bearer(second), json=_rows(firms["a"], "2024-06"))
    assert expired.status_code == 401 and "过期" in expired.json()["detail"]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 1  # only the first push
    workbench = client.get("/workbench").text
    assert workbench.count('<span class="bad">已撤销</span>') == 1
    assert workbench.count('<span class="bad">已过期</span>') == 1


def test_a_token_pushes_only_its_own_code_and_calls_no_other_api(
    client: TestClient, db: Session, firms: dict[str, Organisation]
) -> None:
    secret = _create_on_workbench(client, "a_admin", "ERP")
    token = bearer(secret)
    foreign = client.post(PUSH, headers=token, json=_rows(firms["b"], "2024-05"))
    assert foreign.status_code == 403 and "只能报送本企业的数据" in foreign.json()["detail"]
    for method, path in (
        ("GET", "/api/v1/auth/me"),
        ("GET", "/api/v1/warehouse/batches"),
        ("GET", "/api/v1/workbench"),
        ("GET", "/api/v1/accounts/push-tokens"),
        ("POST", "/api/v1/accounts/push-tokens"),
        ("POST", "/api/v1/warehouse/import/operations"),
        ("GET", f"/api/v1/accounts/organisations/{firms['a'].id}"),
    ):
        response = client.request(method, path, headers=token, json={"name": "x"})
        assert response.status_code == 403, (path, response.text)
        assert "推送令牌只能用于数据推送接口" in response.json()["detail"]
    db.rollback()
    denial = db.scalar(
        select(AuditEvent).where(AuditEvent.result == "denied").order_by(AuditEvent.id.desc())
    )
    token_id = db.scalar(select(PushToken.id))
    assert denial is not None and denial.username == f"push-token:{token_id}"
    assert denial.org_id == firms["a"].id
    # the page session cookie is a different kind of credential: a token there is no login
    client.cookies.clear()
    client.cookies.set("ib_session", secret)
    assert client.get("/workbench", follow_redirects=False).status_code == 303


def test_the_policy_point_confines_a_push_token_to_pushing(
    db: Session, firms: dict[str, Organisation]
) -> None:
    from industry_brain.accounts.service import push_token_principal

    token = PushToken(
        id=1,
        org_id=firms["a"].id,
        name="x",
        token_hash="0" * 64,
        hint="ibp_",
        uscc="",
        scope="warehouse.push",
        created_by="t",
        expires_at=utcnow(),
    )
    token.organisation = firms["a"]
    principal = push_token_principal(token)
    own = firms["a"].id
    assert is_allowed(principal, "warehouse.push", "create", target_org_id=own)
    assert not is_allowed(principal, "warehouse.push", "create", target_org_id=firms["b"].id)
    for obj in ("warehouse.batch", "enterprise.profile", "organisation", "workbench"):
        assert not is_allowed(principal, obj, "read", target_org_id=own), obj


def test_creation_and_revocation_are_audited_and_admin_only(
    client: TestClient, db: Session, firms: dict[str, Organisation]
) -> None:
    admin, member = bearer(api_token(client, "a_admin")), bearer(api_token(client, "a_member"))
    created = client.post("/api/v1/accounts/push-tokens", headers=admin, json={"name": "MES"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith("ibp_") and body["token"]["status"] == "active"
    assert (
        client.post("/api/v1/accounts/push-tokens", headers=admin, json={"name": "MES"}).status_code
        == 409
    )
    too_long = client.post(
        "/api/v1/accounts/push-tokens", headers=admin, json={"name": "长期", "days": 366}
    )
    assert too_long.status_code == 422
    listed = client.get("/api/v1/accounts/push-tokens", headers=member)
    assert [t["name"] for t in listed.json()] == ["MES"] and "secret" not in listed.text
    token_id = body["token"]["id"]
    assert (
        client.post(
            "/api/v1/accounts/push-tokens", headers=member, json={"name": "私自"}
        ).status_code
        == 403
    )
    assert (
        client.delete(f"/api/v1/accounts/push-tokens/{token_id}", headers=member).status_code == 403
    )
    revoked = client.delete(f"/api/v1/accounts/push-tokens/{token_id}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    db.rollback()
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "push_token").order_by(AuditEvent.id)
    ).all()
    assert [(e.event_type, e.username, e.object_id) for e in events] == [
        ("push_token.create", "a_admin", str(token_id)),
        ("push_token.revoke", "a_admin", str(token_id)),
    ]
    assert body["secret"] not in events[0].detail


def test_another_enterprise_finds_neither_the_token_nor_the_batch(
    client: TestClient, db: Session, firms: dict[str, Organisation]
) -> None:
    b_admin = bearer(api_token(client, "b_admin"))
    b_token = client.post("/api/v1/accounts/push-tokens", headers=b_admin, json={"name": "乙ERP"})
    b_secret, b_id = b_token.json()["secret"], b_token.json()["token"]["id"]
    b_batch = client.post(PUSH, headers=bearer(b_secret), json=_rows(firms["b"], "2024-13"))
    batch_id = b_batch.json()["batch_id"]
    a_admin = bearer(api_token(client, "a_admin"))
    assert client.get("/api/v1/accounts/push-tokens", headers=a_admin).json() == []
    probes = [
        client.delete(f"/api/v1/accounts/push-tokens/{b_id}", headers=a_admin),
        client.get(f"/api/v1/warehouse/batches/{batch_id}/rejected", headers=a_admin),
    ]
    page_login(client, "a_admin")
    page = client.get("/workbench")
    assert batch_id not in page.text and "乙ERP" not in page.text
    probes.append(client.get(f"/warehouse/batches/{batch_id}"))
    probes.append(
        client.post(f"/workbench/tokens/{b_id}/revoke", data={"csrf_token": csrf_of(page.text)})
    )
    for probe in probes:
        assert probe.status_code == 404, probe.request.url
        assert "乙企业" not in probe.text and "2024-13" not in probe.text
    db.rollback()
    denials = db.scalars(
        select(AuditEvent).where(AuditEvent.result == "denied", AuditEvent.username == "a_admin")
    ).all()
    assert len(denials) == 4
    token = db.get(PushToken, b_id)
    assert token is not None and token.revoked_at is None
