"""``settings`` and ``database`` fixtures that put a test module's serving DB on PostgreSQL.

Import both into a module (and list them in ``__all__``) to run its tests, pipeline included,
against the session's PostgreSQL database: migrated, every table emptied first, and the
published ``ads_*`` tables dropped afterwards (the migration test compares that database with
the models and must not find them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from industry_brain import migrate
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import make_settings


@pytest.fixture
def settings(postgres_url: str, tmp_path: Path) -> Settings:
    """Settings whose serving DB is the session's PostgreSQL database."""
    return make_settings(tmp_path / "var", database_url=postgres_url)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """A migrated PostgreSQL serving DB with every table emptied; published tables dropped
    afterwards."""
    database = Database.from_settings(settings)
    migrate.upgrade(database.engine)
    tables = [t for t in inspect(database.engine).get_table_names() if t != "alembic_version"]
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    yield database
    published = [t for t in inspect(database.engine).get_table_names() if t.startswith("ads_")]
    with database.engine.begin() as connection:
        for table in published:
            connection.execute(text(f'DROP TABLE "{table}"'))
    database.dispose()
