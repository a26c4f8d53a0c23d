"""The same app on PostgreSQL: accounts, isolation and the audit chain under concurrency."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from industry_brain import migrate
from industry_brain.accounts import actions
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate
from industry_brain.app import create_app
from industry_brain.audit.service import verify_chain
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer, make_settings
from tests.factories import make_org, make_user

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
    def create(index: int) -> None:
        with pg_database.writer() as db:
            actions.do_create_organisation(
                db,
                actor=Principal.system("test"),
                data=OrganisationCreate(name=f"并发机构{index}", org_type=OrgType.GOVERNMENT),
            )

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, range(24)))
    with pg_database.reader() as db:
        report = verify_chain(db)
    assert report.ok, report.problems
    assert report.rows_checked == 24
