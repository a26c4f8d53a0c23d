"""Migration 0021 adds the frozen snapshots (定稿) and takes them away again, on both DBs,
leaving the manual values alone, and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

COLUMNS = {"id", "system_id", "year", "payload", "sha256", "note", "created_by", "created_at"}


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0020")
    assert "evaluation_snapshots" not in _tables(engine)
    migrate.upgrade(engine, "0021")
    columns = {c["name"] for c in inspect(engine).get_columns("evaluation_snapshots")}
    assert columns == COLUMNS
    with engine.begin() as connection:
        for note in ("初稿", "报送版"):  # several snapshots of one system and year
            connection.execute(
                text("INSERT INTO evaluation_snapshots (system_id, year, payload, sha256, note,"
                     " created_by, created_at) VALUES ('zhejiang-2025', 2025, '{}', :sha, :note,"
                     " 'data', CURRENT_TIMESTAMP)"),
                {"sha": "0" * 64, "note": note},
            )  # fmt: skip
        count = connection.execute(text("SELECT count(*) FROM evaluation_snapshots"))
        assert count.scalar() == 2
    migrate.downgrade(engine, "0020")
    assert "evaluation_snapshots" not in _tables(engine)
    assert "evaluation_manual_values" in _tables(engine)
    assert migrate.current_revision(engine) == "0020"
    migrate.upgrade(engine)
    assert model_drift(engine, "evaluation_") == [], "models and 0021 disagree"


def test_migration_0021_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0021_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
