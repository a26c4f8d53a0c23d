"""Migration 0020 adds the withdrawal columns of a manual value and takes them away again,
on both DBs, keeping the rows, and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

WITHDRAWN = {"withdrawn_at", "withdrawn_by", "withdrawn_reason"}


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("evaluation_manual_values")}


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0019")
    assert not WITHDRAWN & _columns(engine)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO evaluation_manual_values (system_id, indicator, year, value, unit, note,"
            " entered_by, entered_at) VALUES ('zhejiang-2025', 'zj-17', 2025, '1.5', '', '',"
            " 'data', CURRENT_TIMESTAMP)"
        ))  # fmt: skip
    migrate.upgrade(engine, "0020")
    assert WITHDRAWN <= _columns(engine)
    with engine.begin() as connection:
        kept = connection.execute(
            text("SELECT value, withdrawn_at, withdrawn_by, withdrawn_reason"
                 " FROM evaluation_manual_values")
        ).one()  # fmt: skip
        assert tuple(kept) == ("1.5", None, None, None)
        connection.execute(text(
            "UPDATE evaluation_manual_values SET withdrawn_at = CURRENT_TIMESTAMP,"
            " withdrawn_by = 'data', withdrawn_reason = '误填'"
        ))  # fmt: skip
    migrate.downgrade(engine, "0019")
    assert not WITHDRAWN & _columns(engine)
    assert migrate.current_revision(engine) == "0019"
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM evaluation_manual_values"))
        assert count.scalar() == 1
    migrate.upgrade(engine)
    assert model_drift(engine, "evaluation_") == [], "models and 0020 disagree"


def test_migration_0020_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0020_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
