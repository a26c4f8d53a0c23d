"""Alembic migrations: the schema they build matches the models, up and down, on both DBs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect

from industry_brain import migrate
from industry_brain.db import Base

EXPECTED_TABLES = {"organisations", "users", "user_roles", "auth_sessions", "audit_events"}


def _round_trip(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert EXPECTED_TABLES <= set(inspect(engine).get_table_names())
    migrate.load_all_models()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    migrate.downgrade(engine, "base")
    assert not EXPECTED_TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_migrations_on_sqlite(tmp_path: Path) -> None:
    _round_trip(create_engine(f"sqlite:///{tmp_path / 'm.db'}"))


@pytest.mark.postgres
def test_migrations_on_postgres(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        _round_trip(engine)
    finally:
        migrate.downgrade(engine, "base")
        engine.dispose()
