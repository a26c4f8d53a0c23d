"""Migration 0010: the warnings tables up and down, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from industry_brain import migrate
from tests.migration_support import on_postgres, on_sqlite

TABLES = {"alert_rules", "alert_warnings", "alert_warning_events"}


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0010")
    assert TABLES <= set(inspect(engine).get_table_names())
    unique = inspect(engine).get_unique_constraints("alert_warnings")
    assert [c["column_names"] for c in unique] == [["track_key"]]
    migrate.downgrade(engine, "0009")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())


def test_migration_up_and_down_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_up_and_down_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
