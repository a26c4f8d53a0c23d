"""Bad input gets a clear 4xx, nothing is stored, denials are audited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.roles import OrgType, Role
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user

ORGS = "/api/v1/accounts/organisations"


@pytest.fixture
def admin(client: TestClient, db: Session) -> dict[str, str]:
    """The bearer header of a system admin."""
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="root", roles=(Role.SYSTEM_ADMIN,)
    )
    return bearer(api_token(client, "root"))


def _org_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Organisation)) or 0


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower(), "the docs page must work offline"
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in spec["paths"] and ORGS in spec["paths"]


def test_malformed_json_is_422(client: TestClient, admin: dict[str, str], db: Session) -> None:
    before = _org_count(db)
    response = client.post(
        ORGS, headers={**admin, "content-type": "application/json"}, content=b'{"name": "x", '
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert _org_count(db) == before


def test_unknown_field_is_named(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(
        ORGS, headers=admin, json={"name": "某局", "org_type": "government", "is_admin": True}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.is_admin"]


def test_invalid_credit_code_is_named(
    client: TestClient, admin: dict[str, str], db: Session
) -> None:
    before = _org_count(db)
    response = client.post(
        ORGS,
        headers=admin,
        json={"name": "某某科技有限公司", "org_type": "enterprise", "uscc": "91440300708461136X"},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "body.uscc" and "校验位" in error["message"]
    assert _org_count(db) == before


def test_enterprise_without_credit_code_is_refused(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(ORGS, headers=admin, json={"name": "无码企业", "org_type": "enterprise"})
    assert response.status_code == 422
    assert response.json()["field"] == "uscc"


def test_duplicate_credit_code_is_a_conflict(client: TestClient, admin: dict[str, str]) -> None:
    body = {"org_type": "enterprise", "uscc": "91440300708461136T"}
    assert client.post(ORGS, headers=admin, json={**body, "name": "甲"}).status_code == 201
    again = client.post(ORGS, headers=admin, json={**body, "name": "乙"})
    assert again.status_code == 409 and again.json()["field"] == "uscc"


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "x'; DROP TABLE organisations; --",
        'a" onmouseover="x',
        "Robert'); --",
        "名称\x00",
    ],
)
def test_injection_strings_in_names_are_refused(
    client: TestClient, admin: dict[str, str], db: Session, name: str
) -> None:
    before = _org_count(db)
    response = client.post(ORGS, headers=admin, json={"name": name, "org_type": "government"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.name"
    assert _org_count(db) == before


def test_oversized_body_is_413(client: TestClient, admin: dict[str, str], db: Session) -> None:
    before = _org_count(db)
    huge = '{"name": "' + "甲" * 600_000 + '", "org_type": "government"}'
    response = client.post(
        ORGS, headers={**admin, "content-type": "application/json"}, content=huge.encode()
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert _org_count(db) == before


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "页面不存在"}


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]


def test_security_headers_are_set(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
