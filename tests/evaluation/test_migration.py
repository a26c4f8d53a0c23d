"""Migration 0019 adds the manual values and their evidence and takes them away again, on
both DBs, and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

TABLES = {"evaluation_manual_values", "evaluation_evidence"}
VALUES = {"id", "system_id", "indicator", "year", "value", "unit", "note", "entered_by",
          "entered_at"}  # fmt: skip
EVIDENCE = {"id", "value_id", "filename", "sha256", "size", "relative_path"}


def _insert(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO evaluation_manual_values (system_id, indicator, year, value, unit, note,"
            " entered_by, entered_at) VALUES ('zhejiang-2025', 'zj-17', 2025, '1.5', '亿元', '',"
            " 'data', CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO evaluation_evidence (value_id, filename, sha256, size, relative_path)"
            " SELECT id, '审计报告.pdf', 'ab', 2, 'raw/evaluation/x/审计报告.pdf'"
            " FROM evaluation_manual_values"
        ))  # fmt: skip


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0018")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0019")
    names = inspect(engine)
    assert {c["name"] for c in names.get_columns("evaluation_manual_values")} == VALUES
    assert {c["name"] for c in names.get_columns("evaluation_evidence")} == EVIDENCE
    indexes = {i["name"] for i in names.get_indexes("evaluation_manual_values")}
    assert "ix_evaluation_manual_values_key" in indexes
    _insert(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM evaluation_evidence")).scalar() == 1
    migrate.downgrade(engine, "0018")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == "0018"
    migrate.upgrade(engine)
    assert model_drift(engine, "evaluation_") == [], "models and 0019 disagree"


def test_migration_0019_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0019_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
