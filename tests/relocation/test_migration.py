"""Migration 0011 adds the watch list to a DB in use and takes it away again, on both DBs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import on_postgres, on_sqlite

COLUMNS = {
    "id",
    "uscc",
    "name",
    "note",
    "score_at_add",
    "level_at_add",
    "as_of_at_add",
    "added_by",
    "added_at",
    "removed_by",
    "removed_at",
    "removal_note",
}


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0010")
    assert "relocation_watch" not in inspect(engine).get_table_names()
    migrate.upgrade(engine, "0011")
    assert {c["name"] for c in inspect(engine).get_columns("relocation_watch")} == COLUMNS
    indexes = inspect(engine).get_indexes("relocation_watch")
    assert [(i["name"], i["column_names"]) for i in indexes] == [
        ("ix_relocation_watch_uscc_removed", ["uscc", "removed_at"])
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO relocation_watch (uscc, name, note, added_by, added_at, removal_note)"
                " VALUES ('91320412MA0000001X', '甲', '', 'gov', CURRENT_TIMESTAMP, '')"
            )
        )
    migrate.downgrade(engine, "0010")
    assert "relocation_watch" not in inspect(engine).get_table_names()
    assert migrate.current_revision(engine) == "0010"
    migrate.upgrade(engine)
    assert "relocation_watch" in inspect(engine).get_table_names()


def test_migration_0011_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0011_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
