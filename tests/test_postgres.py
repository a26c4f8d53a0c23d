"""The same app on PostgreSQL: accounts, isolation and the audit chain under concurrency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from industry_brain import migrate
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.audit.service import verify_chain
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer, make_settings
from tests.factories import create_organisations_concurrently, make_org, make_user

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_settings(postgres_url: str, tmp_path: Path) -> Settings:
    """Settings pointing the serving DB at the session's PostgreSQL database."""
    return make_settings(tmp_path / "var", database_url=postgres_url)


@pytest.fixture
def pg_database(pg_settings: Settings) -> Iterator[Database]:
    """A migrated, emptied PostgreSQL serving DB."""
    database = Database.from_settings(pg_settings)
    migrate.upgrade(database.engine)
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE audit_events, auth_sessions, user_roles, users, organisations "
                "RESTART IDENTITY CASCADE"
            )
        )
    yield database
    database.dispose()


def test_accounts_and_isolation_on_postgres(pg_settings: Settings, pg_database: Database) -> None:
    assert pg_database.engine.dialect.name == "postgresql"
    with pg_database.writer() as db:
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="pgroot", roles=(Role.SYSTEM_ADMIN,))
        org_a, org_b = make_org(db), make_org(db)
        make_user(db, org=org_a, username="pg_a", roles=(Role.ORG_ADMIN,))
        b_id = org_b.id
    app = create_app(pg_settings, database=pg_database)
    with TestClient(app) as client:
        root = bearer(api_token(client, "pgroot"))
        created = client.post(
            "/api/v1/accounts/organisations",
            headers=root,
            json={"name": "省级能力中心", "org_type": "data_party"},
        )
        assert created.status_code == 201
        duplicate = client.post(
            "/api/v1/accounts/organisations",
            headers=root,
            json={"name": "省级能力中心", "org_type": "data_party"},
        )
        assert duplicate.status_code == 409
        tenant = bearer(api_token(client, "pg_a"))
        assert (
            client.get(f"/api/v1/accounts/organisations/{b_id}/users", headers=tenant).status_code
            == 404
        )
    with pg_database.reader() as db:
        report = verify_chain(db)
    assert report.ok and report.rows_checked >= 8


def test_concurrent_changes_keep_one_audit_chain(pg_database: Database) -> None:
    create_organisations_concurrently(pg_database, count=24)
    with pg_database.reader() as db:
        report = verify_chain(db)
    assert report.ok, report.problems
    assert report.rows_checked == 24
