"""Login, tokens, lockout, idle timeout, logout, forced password change, page sessions."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from industry_brain.accounts.models import AuthSession, User
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.db import utcnow
from tests.conftest import api_token, bearer
from tests.factories import PASSWORD, make_org, make_user

ME = "/api/v1/auth/me"


def _token_response(client: TestClient, username: str, password: str) -> tuple[int, str]:
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    return response.status_code, response.json().get("detail", "")


def test_token_grants_access_and_logout_revokes_it(client: TestClient, db: Session) -> None:
    user = make_user(db, org=make_org(db), username="alice")
    token = api_token(client, "alice")
    me = client.get(ME, headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == user.id
    assert "password_hash" not in me.text
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_missing_or_forged_token_is_401(client: TestClient) -> None:
    assert client.get(ME).status_code == 401
    response = client.get(ME, headers=bearer("forged"))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_password_and_unknown_user_answer_alike(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="bob")
    wrong = _token_response(client, "bob", "Wrong-Pass-123")
    unknown = _token_response(client, "nobody", "Wrong-Pass-123")
    assert wrong == unknown
    assert wrong[0] == 401
    failures = db.scalars(
        select(AuditEvent).where(
            AuditEvent.event_type == "auth.login", AuditEvent.result == "failure"
        )
    ).all()
    assert {event.username for event in failures} == {"bob", "nobody"}


def test_five_failures_lock_the_account_for_fifteen_minutes(
    client: TestClient, db: Session
) -> None:
    user = make_user(db, org=make_org(db), username="carol")
    for _ in range(5):
        assert _token_response(client, "carol", "Wrong-Pass-123")[0] == 401
    status, detail = _token_response(client, "carol", PASSWORD)
    assert status == 401, "the right password must not open a locked account"
    db.rollback()
    db.refresh(user)
    assert user.locked_until is not None
    remaining = user.locked_until - utcnow()
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    assert db.scalar(select(AuditEvent).where(AuditEvent.event_type == "auth.lockout"))
    db.execute(
        update(User).where(User.id == user.id).values(locked_until=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    assert _token_response(client, "carol", PASSWORD)[0] == 200


def test_security_admin_unlocks_an_account(client: TestClient, db: Session) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="sec", roles=(Role.SECURITY_ADMIN,))
    user = make_user(db, org=make_org(db), username="dave")
    for _ in range(5):
        _token_response(client, "dave", "Wrong-Pass-123")
    token = api_token(client, "sec")
    response = client.post(f"/api/v1/accounts/users/{user.id}/unlock", headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert _token_response(client, "dave", PASSWORD)[0] == 200


def test_idle_session_expires_after_thirty_minutes(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="erin")
    token = api_token(client, "erin")
    db.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=29)))
    db.commit()
    assert client.get(ME, headers=bearer(token)).status_code == 200
    db.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.commit()
    response = client.get(ME, headers=bearer(token))
    assert response.status_code == 401
    assert "超时" in response.json()["detail"]


def test_activity_keeps_the_session_alive(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="fay")
    token = api_token(client, "fay")
    db.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=20)))
    db.commit()
    assert client.get(ME, headers=bearer(token)).status_code == 200
    db.rollback()
    seen = db.scalar(select(AuthSession.last_seen_at))
    assert seen is not None and utcnow() - seen < timedelta(minutes=1)


def test_generated_password_must_be_changed_first(client: TestClient, db: Session) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="root1", roles=(Role.SYSTEM_ADMIN,))
    admin = bearer(api_token(client, "root1"))
    org = make_org(db)
    created = client.post(
        "/api/v1/accounts/users",
        headers=admin,
        json={"org_id": org.id, "username": "newbie", "display_name": "新用户"},
    )
    assert created.status_code == 201
    generated = created.json()["generated_password"]
    token = bearer(api_token(client, "newbie", generated))
    blocked = client.get(f"/api/v1/accounts/organisations/{org.id}", headers=token)
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "password_change_required"
    weak = client.post(
        "/api/v1/auth/password",
        headers=token,
        json={"current_password": generated, "new_password": "short"},
    )
    assert weak.status_code == 422
    changed = client.post(
        "/api/v1/auth/password",
        headers=token,
        json={"current_password": generated, "new_password": "Fresh-Start-99"},
    )
    assert changed.status_code == 204
    assert client.get(f"/api/v1/accounts/organisations/{org.id}", headers=token).status_code == 200


def test_page_login_sets_a_protected_cookie(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="gina")
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    form = client.get("/login")
    csrf = form.cookies.get("ib_login_csrf")
    response = client.post(
        "/login",
        follow_redirects=False,
        data={"username": "gina", "password": PASSWORD, "login_csrf": csrf, "next": "/"},
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "ib_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert "gina" in home.text


def test_login_refuses_an_open_redirect(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="hank")
    client.get("/login")
    response = client.post(
        "/login",
        follow_redirects=False,
        data={
            "username": "hank",
            "password": PASSWORD,
            "login_csrf": client.cookies.get("ib_login_csrf"),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_page_form_without_csrf_token_is_refused(client: TestClient, db: Session) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="root2", roles=(Role.SYSTEM_ADMIN,))
    client.get("/login")
    client.post(
        "/login",
        data={
            "username": "root2",
            "password": PASSWORD,
            "login_csrf": client.cookies.get("ib_login_csrf"),
        },
    )
    response = client.post(
        "/accounts/organisations", data={"name": "无令牌机构", "org_type": "government"}
    )
    assert response.status_code == 403
    listing = client.get("/accounts/organisations")
    assert "无令牌机构" not in listing.text
