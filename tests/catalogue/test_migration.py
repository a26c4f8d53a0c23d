"""Migration 0016 adds the catalogue tables to a DB in use and takes them away again, on both
DBs; the models agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

TABLES = {"catalogue_offerings", "catalogue_requests", "catalogue_messages", "catalogue_ratings"}
RATINGS = {"id", "request_id", "offering_id", "provider_org_id", "score", "comment",
           "created_by", "created_at"}  # fmt: skip
ORG = "INSERT INTO organisations (name, org_type, is_active, created_at) VALUES (:n, :t, true, CURRENT_TIMESTAMP)"  # noqa: E501
ROWS = [
    "INSERT INTO catalogue_offerings (provider_org_id, title, category, tags, description,"
    " price_unit, cases, active, created_by, created_at, updated_at) SELECT id, 'MES',"
    " '数字化改造', '[]', '部署制造执行系统', '', '[]', true, 'p', CURRENT_TIMESTAMP,"
    " CURRENT_TIMESTAMP"
    " FROM organisations WHERE name = '甲'",
    "INSERT INTO catalogue_requests (offering_id, enterprise_org_id, provider_org_id, message,"
    " status, created_by, created_at, updated_at) SELECT o.id, e.id, o.provider_org_id, '请联系',"
    " '已完成', 'f', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM catalogue_offerings o,"
    " organisations e WHERE e.name = '乙'",
]
RATE = (
    "INSERT INTO catalogue_ratings (request_id, offering_id, provider_org_id, score, comment,"
    " created_by, created_at) SELECT id, offering_id, provider_org_id, 5, '', 'f',"
    " CURRENT_TIMESTAMP FROM catalogue_requests"
)


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0015")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0016")
    assert TABLES <= set(inspect(engine).get_table_names())
    assert {c["name"] for c in inspect(engine).get_columns("catalogue_ratings")} == RATINGS
    with engine.begin() as connection:
        for name, kind in (("甲", "provider"), ("乙", "enterprise")):
            connection.execute(text(ORG), {"n": name, "t": kind})
        for statement in (*ROWS, RATE):
            connection.execute(text(statement))
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as connection:
        connection.execute(text(RATE))  # one rating per request
    migrate.downgrade(engine, "0015")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == "0015"
    migrate.upgrade(engine)
    assert model_drift(engine, "catalogue_") == [], "models and 0016 disagree"


def test_migration_0016_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0016_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
