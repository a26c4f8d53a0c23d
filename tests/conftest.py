"""Shared fixtures: a migrated serving DB per test, the app, logins, PostgreSQL and browser.

Tests that need PostgreSQL or a browser skip with a reason on a machine without them; under
``CI=true`` a skip of such a test fails the run instead (see ``pytest_sessionfinish``).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain import migrate
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings, prepare_settings
from tests.factories import PASSWORD

pytest_plugins = ["tests.browser_support"]

IN_CI = os.environ.get("CI", "").lower() == "true"
REQUIRED_IN_CI = ("postgres", "browser")


FAST_HASHING = {"argon2_time_cost": 1, "argon2_memory_kib": 1024}


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Return prepared test settings rooted in ``data_dir`` (with cheap password hashing)."""
    values = {"env": "test", "data_dir": data_dir, **FAST_HASHING, **overrides}
    return prepare_settings(Settings.model_validate(values))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per session; tests start from a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    database = Database.from_settings(make_settings(folder))
    migrate.upgrade(database.engine)
    database.dispose()
    return folder / "serving.db"


@pytest.fixture
def settings(tmp_path: Path, migrated_template: Path) -> Settings:
    """Settings whose data directory holds a freshly migrated serving DB."""
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    shutil.copy(migrated_template, data_dir / "serving.db")
    return make_settings(data_dir)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The serving DB of the test's settings."""
    database = Database.from_settings(settings)
    yield database
    database.dispose()


@pytest.fixture
def db(database: Database) -> Iterator[Session]:
    """A session for arranging and inspecting state.

    It begins transactions DEFERRED, so reading never holds the write lock the app needs;
    call ``db.rollback()`` before reading what the app has written since.
    """
    with database.reader() as session:
        yield session


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    """A client of the app, with the app's startup and shutdown run."""
    app = create_app(settings, database=database)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def api_token(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API and return the bearer token."""
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def page_login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page (cookie session) with its double-submit token."""
    client.get("/login")
    client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "login_csrf": client.cookies.get("ib_login_csrf"),
        },
    )


def csrf_of(page: str) -> str:
    """Return the CSRF token of the first form of a page."""
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = os.environ.get(
        "IB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    parsed = make_url(url)
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        admin = psycopg.connect(conninfo, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {parsed.host}:{parsed.port}: {exc}")
    name = f"ib_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, fail the run when a PostgreSQL or browser test was skipped."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    required = [
        report for report in skipped if any(marker in report.keywords for marker in REQUIRED_IN_CI)
    ]
    if required:
        for report in required:
            reporter.write_line(f"CI: required test skipped: {report.nodeid}: {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
