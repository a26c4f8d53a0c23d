"""三权分立: the system, security and audit admins are separate people with separate powers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user


@pytest.fixture
def admins(client: TestClient, db: Session) -> dict[str, dict[str, str]]:
    """Tokens of the three operator admins."""
    operator = make_org(db, org_type=OrgType.OPERATOR)
    tokens = {}
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        make_user(db, org=operator, username=role.value.replace("_", ""), roles=(role,))
        tokens[role.value] = bearer(api_token(client, role.value.replace("_", "")))
    return tokens


def _user_id(client: TestClient, headers: dict[str, str]) -> int:
    user_id: int = client.get("/api/v1/auth/me", headers=headers).json()["user"]["id"]
    return user_id


@pytest.mark.parametrize("extra", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_system_admin_cannot_also_hold_another_admin_role(
    client: TestClient, admins: dict[str, dict[str, str]], extra: Role
) -> None:
    target = _user_id(client, admins["system_admin"])
    response = client.post(
        f"/api/v1/accounts/users/{target}/roles",
        headers=admins["security_admin"],
        json={"role": extra.value},
    )
    assert response.status_code == 409
    assert "三权分立" in response.json()["detail"]


def test_a_new_user_cannot_be_created_with_two_admin_roles(
    client: TestClient, db: Session, admins: dict[str, dict[str, str]]
) -> None:
    operator_id = client.get("/api/v1/auth/me", headers=admins["system_admin"]).json()[
        "organisation"
    ]["id"]
    response = client.post(
        "/api/v1/accounts/users",
        headers=admins["security_admin"],
        json={
            "org_id": operator_id,
            "username": "double",
            "display_name": "双职",
            "roles": ["system_admin", "audit_admin"],
        },
    )
    assert response.status_code in (403, 409)
    assert (
        client.post("/api/v1/auth/token", data={"username": "double", "password": "x"}).status_code
        == 401
    )


def test_admin_roles_are_for_operator_users_only(
    client: TestClient, db: Session, admins: dict[str, dict[str, str]]
) -> None:
    user = make_user(db, org=make_org(db))
    response = client.post(
        f"/api/v1/accounts/users/{user.id}/roles",
        headers=admins["security_admin"],
        json={"role": "audit_admin"},
    )
    assert response.status_code == 409
    assert "运营方" in response.json()["detail"]


def test_each_admin_has_only_its_own_powers(
    client: TestClient, db: Session, admins: dict[str, dict[str, str]]
) -> None:
    enterprise = make_org(db)
    member = make_user(db, org=enterprise)
    new_org = {"name": "经信局", "org_type": "government"}
    grant = {"role": "org_admin"}
    # the system admin manages organisations, not roles and not the audit log
    assert (
        client.post(
            "/api/v1/accounts/organisations", headers=admins["system_admin"], json=new_org
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/v1/accounts/users/{member.id}/roles", headers=admins["system_admin"], json=grant
        ).status_code
        == 403
    )
    assert client.get("/api/v1/audit/events", headers=admins["system_admin"]).status_code == 403
    # the security admin grants roles, but creates no organisations and reads no audit log
    assert (
        client.post(
            f"/api/v1/accounts/users/{member.id}/roles",
            headers=admins["security_admin"],
            json=grant,
        ).status_code
        == 200
    )
    assert (
        client.post(
            "/api/v1/accounts/organisations",
            headers=admins["security_admin"],
            json={**new_org, "name": "商务局"},
        ).status_code
        == 403
    )
    assert client.get("/api/v1/audit/events", headers=admins["security_admin"]).status_code == 403
    # the audit admin reads the audit log and nothing else
    assert client.get("/api/v1/audit/events", headers=admins["audit_admin"]).status_code == 200
    assert (
        client.get("/api/v1/accounts/organisations", headers=admins["audit_admin"]).status_code
        == 403
    )
    assert (
        client.get(f"/api/v1/accounts/users/{member.id}", headers=admins["audit_admin"]).status_code
        == 404
    )


def test_only_the_audit_admin_sees_the_audit_page(
    client: TestClient, db: Session, admins: dict[str, dict[str, str]]
) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR, name="第二运营方")
    make_user(db, org=operator, username="pageaudit", roles=(Role.AUDIT_ADMIN,))
    make_user(db, org=operator, username="pagesys", roles=(Role.SYSTEM_ADMIN,))
    for username, allowed in (("pageaudit", True), ("pagesys", False)):
        client.cookies.clear()
        client.get("/login")
        client.post(
            "/login",
            data={
                "username": username,
                "password": "Correct-Horse-42",
                "login_csrf": client.cookies.get("ib_login_csrf"),
            },
        )
        page = client.get("/audit")
        assert page.status_code == (200 if allowed else 403)
        home = client.get("/")
        assert ('href="/audit"' in home.text) is allowed
