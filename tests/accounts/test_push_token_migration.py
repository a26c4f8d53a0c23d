"""Migration 0008 adds the push tokens to a DB in use and takes them away again, on both DBs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from industry_brain import migrate

COLUMNS = {
    "id",
    "org_id",
    "name",
    "token_hash",
    "hint",
    "uscc",
    "scope",
    "created_by",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
    "revoked_by",
}


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0007")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisations (name, org_type, uscc, is_active, created_at) "
                "VALUES ('甲企业', 'enterprise', '91330100MA0000001X', true, CURRENT_TIMESTAMP)"
            )
        )
    migrate.upgrade(engine, "0008")
    assert migrate.current_revision(engine) == "0008"
    columns = {column["name"] for column in inspect(engine).get_columns("push_tokens")}
    assert columns == COLUMNS
    assert inspect(engine).get_unique_constraints("push_tokens")[0]["column_names"] == [
        "token_hash"
    ]
    with engine.begin() as connection:
        assert connection.scalar(text("SELECT count(*) FROM organisations")) == 1
    migrate.downgrade(engine, "0007")
    assert "push_tokens" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    assert "push_tokens" in inspect(engine).get_table_names()


def test_migration_0008_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'serving.db'}")
    try:
        _up_and_down(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_migration_0008_on_postgres(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        _up_and_down(engine)
    finally:
        migrate.downgrade(engine, "base")
        engine.dispose()
