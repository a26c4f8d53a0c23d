"""Migration 0015 adds the assessments and their answers and takes them away again, on both
DBs, and agrees with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

TABLES = {"diagnosis_assessments", "diagnosis_answers"}
ASSESSMENTS = {
    "id", "org_id", "uscc", "questionnaire_id", "questionnaire_version", "submitted_at",
    "submitted_by", "total", "level", "dimension_scores",
}  # fmt: skip
ANSWERS = {"id", "assessment_id", "question_id", "options", "points"}


def _insert(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (name, org_type, uscc, is_active, created_at)"
            " VALUES ('甲', 'enterprise', '91330100MA0000001X', true, CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO diagnosis_assessments (org_id, uscc, questionnaire_id,"
            " questionnaire_version, submitted_at, submitted_by, total, level, dimension_scores)"
            " SELECT id, uscc, 'smb-digital-2024', 1, CURRENT_TIMESTAMP, 'firm', 56, 2, '{}'"
            " FROM organisations"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO diagnosis_answers (assessment_id, question_id, options, points)"
            " SELECT id, 'network', '[\"d\"]', 8 FROM diagnosis_assessments"
        ))  # fmt: skip


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0014")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0015")
    assert {c["name"] for c in inspect(engine).get_columns("diagnosis_assessments")} == ASSESSMENTS
    assert {c["name"] for c in inspect(engine).get_columns("diagnosis_answers")} == ANSWERS
    indexes = {i["name"] for i in inspect(engine).get_indexes("diagnosis_assessments")}
    assert {"ix_diagnosis_assessments_org_submitted", "ix_diagnosis_assessments_level"} <= indexes
    _insert(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM diagnosis_answers")).scalar() == 1
    migrate.downgrade(engine, "0014")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == "0014"
    migrate.upgrade(engine)
    assert model_drift(engine, "diagnosis_") == [], "models and 0015 disagree"


def test_migration_0015_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0015_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
