"""Tenant isolation: a user of enterprise A can never read enterprise B's users or data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import User
from industry_brain.accounts.roles import Role
from industry_brain.audit.models import AuditEvent
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user


@pytest.fixture
def two_tenants(client: TestClient, db: Session) -> dict[str, object]:
    """Enterprise A with its admin and member; enterprise B with a user."""
    org_a = make_org(db, name="甲企业有限公司")
    org_b = make_org(db, name="乙企业有限公司")
    make_user(db, org=org_a, username="a_admin", roles=(Role.ORG_ADMIN,))
    make_user(db, org=org_a, username="a_member")
    b_user = make_user(db, org=org_b, username="b_secret_user")
    return {
        "a": org_a.id,
        "b": org_b.id,
        "b_user": b_user.id,
        "token": bearer(api_token(client, "a_admin")),
    }


def test_organisation_list_shows_only_the_own_one(
    client: TestClient, two_tenants: dict[str, object]
) -> None:
    response = client.get("/api/v1/accounts/organisations", headers=two_tenants["token"])
    assert response.status_code == 200
    assert [org["id"] for org in response.json()] == [two_tenants["a"]]
    assert "乙企业" not in response.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/accounts/organisations/{b}", None),
        ("GET", "/api/v1/accounts/organisations/{b}/users", None),
        ("GET", "/api/v1/accounts/users/{b_user}", None),
        ("PATCH", "/api/v1/accounts/users/{b_user}", {"display_name": "改名"}),
        ("POST", "/api/v1/accounts/users/{b_user}/reset-password", None),
        ("PATCH", "/api/v1/accounts/organisations/{b}", {"name": "被改名"}),
        (
            "POST",
            "/api/v1/accounts/users",
            {"org_id": "{b}", "username": "intruder", "display_name": "入侵者"},
        ),
    ],
)
def test_probes_of_the_other_tenant_find_nothing(
    client: TestClient,
    db: Session,
    two_tenants: dict[str, object],
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    ids = {key: str(value) for key, value in two_tenants.items() if key != "token"}
    url = path.format(**ids)
    payload = {k: (int(v.format(**ids)) if "{" in v else v) for k, v in (body or {}).items()}
    response = client.request(
        method, url, headers=two_tenants["token"], json=payload if body else None
    )
    assert response.status_code == 404
    assert "乙企业" not in response.text and "b_secret_user" not in response.text
    db.rollback()
    b_user = db.get(User, two_tenants["b_user"])
    assert b_user is not None and b_user.display_name == "测试用户"
    assert db.scalar(select(User).where(User.username == "intruder")) is None
    denial = db.scalar(
        select(AuditEvent).where(AuditEvent.result == "denied").order_by(AuditEvent.id.desc())
    )
    assert denial is not None and denial.username == "a_admin"
    assert url in denial.detail


def test_own_users_are_visible_to_the_org_admin_only(
    client: TestClient, two_tenants: dict[str, object]
) -> None:
    users = client.get(
        f"/api/v1/accounts/organisations/{two_tenants['a']}/users", headers=two_tenants["token"]
    )
    assert {user["username"] for user in users.json()} == {"a_admin", "a_member"}
    member = bearer(api_token(client, "a_member"))
    assert (
        client.get(
            f"/api/v1/accounts/organisations/{two_tenants['a']}/users", headers=member
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/accounts/organisations/{two_tenants['a']}", headers=member).status_code
        == 200
    )


def test_org_admin_creates_members_but_cannot_promote(
    client: TestClient, two_tenants: dict[str, object]
) -> None:
    token = two_tenants["token"]
    created = client.post(
        "/api/v1/accounts/users",
        headers=token,
        json={"org_id": two_tenants["a"], "username": "a_new", "display_name": "新同事"},
    )
    assert created.status_code == 201
    assert created.json()["user"]["roles"] == ["member"]
    promoted = client.post(
        "/api/v1/accounts/users",
        headers=token,
        json={
            "org_id": two_tenants["a"],
            "username": "a_boss",
            "display_name": "自封管理员",
            "roles": ["org_admin"],
        },
    )
    assert promoted.status_code == 403


def test_other_tenant_page_is_not_found(client: TestClient, two_tenants: dict[str, object]) -> None:
    client.get("/login")
    client.post(
        "/login",
        data={
            "username": "a_admin",
            "password": "Correct-Horse-42",
            "login_csrf": client.cookies.get("ib_login_csrf"),
        },
    )
    own = client.get(f"/accounts/organisations/{two_tenants['a']}")
    assert own.status_code == 200 and "a_member" in own.text
    other = client.get(f"/accounts/organisations/{two_tenants['b']}")
    assert other.status_code == 404
    assert "乙企业" not in other.text
