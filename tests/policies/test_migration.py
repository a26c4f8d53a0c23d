"""Migration 0014 adds notifications, policies, results and applications to a DB in use and
takes them away again; 0017 turns the results into each policy's counts and the notices sent,
and back; on SQLite and PostgreSQL; the models agree with 0017."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

TABLES = {"notifications", "policies", "policy_results", "policy_applications",
          "policy_application_events"}  # fmt: skip
INSERT_POLICY = (
    "INSERT INTO policies (title, issuer, doc_no, text, benefits, amount, auto_grant, rule,"
    " status, demo, created_by, created_at, updated_at) VALUES ('奖励', '工信局', '', '', '', '',"
    " FALSE, '{}', 'published', FALSE, 'gov', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
INSERT_APPLICATION = (
    "INSERT INTO policy_applications (policy_id, org_id, uscc, status, open_key, note,"
    " created_by, created_at, updated_at) SELECT p.id, o.id, '91440300MA5F000010', '申报', :key,"
    " '', 'ent', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM policies p, organisations o"
)


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0013")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0014")
    assert TABLES <= set(inspect(engine).get_table_names())
    assert {c["name"] for c in inspect(engine).get_columns("policy_results")} == {
        "id", "policy_id", "uscc", "result", "clauses", "evaluated_at", "notified_at"
    }  # fmt: skip
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (name, org_type, uscc, is_active, created_at) VALUES"
            " ('甲', 'enterprise', '91440300MA5F000010', TRUE, CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        connection.execute(text(INSERT_POLICY))
        connection.execute(text(INSERT_APPLICATION), {"key": "1|1"})
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as connection:
        connection.execute(text(INSERT_APPLICATION), {"key": "1|1"})  # one open application
    migrate.downgrade(engine, "0013")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == "0013"
    migrate.upgrade(engine, "0014")
    assert TABLES <= set(inspect(engine).get_table_names())


def test_migration_0014_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0014_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)


RESULTS = (
    "INSERT INTO policy_results (policy_id, uscc, result, clauses, evaluated_at, notified_at)"
    " SELECT p.id, :uscc, :result, '{}', CURRENT_TIMESTAMP,"
    " CASE WHEN :told THEN CURRENT_TIMESTAMP END FROM policies p"
)


def _counts_and_notices(engine: Engine) -> None:
    migrate.upgrade(engine, "0016")
    with engine.begin() as connection:
        connection.execute(text(INSERT_POLICY))
        connection.execute(text("UPDATE policies SET evaluated_at = CURRENT_TIMESTAMP"))
        for uscc, result, told in (("A", "met", True), ("B", "met", False),
                                   ("C", "not_met", False), ("D", "unknown", False)):  # fmt: skip
            connection.execute(text(RESULTS), {"uscc": uscc, "result": result, "told": told})
    migrate.upgrade(engine, "0017")
    assert "policy_results" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        counts = connection.execute(
            text("SELECT met_count, not_met_count, unknown_count FROM policies")
        ).one()
        notices = connection.execute(text("SELECT uscc FROM policy_notices")).scalars().all()
    assert tuple(counts) == (2, 1, 1)
    assert notices == ["A"]
    assert model_drift(engine, "policies", "policy_notices") == [], "models and 0017 disagree"
    migrate.downgrade(engine, "0016")
    assert "policy_notices" not in inspect(engine).get_table_names()
    assert "met_count" not in {c["name"] for c in inspect(engine).get_columns("policies")}
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT uscc, notified_at FROM policy_results")).all()
    assert [(uscc, told is not None) for uscc, told in kept] == [("A", True)]


def test_migration_0017_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _counts_and_notices)


@pytest.mark.postgres
def test_migration_0017_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _counts_and_notices)
