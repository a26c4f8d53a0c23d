"""Migration 0013 adds the leads and their timeline to a DB in use and takes them away again,
on both DBs, whatever 0012 (the weights) holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from industry_brain import migrate
from tests.migration_support import model_drift, on_postgres, on_sqlite

LEADS = {
    "id", "uscc", "name", "template_id", "node_id", "stage", "open_key", "assignee_id", "due_on",
    "abandon_reason", "abandoned_from", "score_at_add", "created_by", "created_at", "updated_at",
}  # fmt: skip
EVENTS = {
    "id", "lead_id", "kind", "stage", "text", "visited_on", "place", "people", "attachment_path",
    "attachment_sha256", "attachment_name", "attachment_bytes", "actor", "at",
}  # fmt: skip
INSERT_LEAD = (
    "INSERT INTO invest_leads (uscc, name, template_id, node_id, stage, open_key, created_by,"
    " created_at, updated_at) VALUES ('91440300MA5F000010', '甲', 'new_energy_vehicle',"
    " 'battery_cells', '线索', :key, 'gov', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def _up_and_down(engine: Engine) -> None:
    migrate.upgrade(engine, "0012")
    assert not {"invest_leads", "invest_lead_events"} & set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0013")
    assert {c["name"] for c in inspect(engine).get_columns("invest_leads")} == LEADS
    assert {c["name"] for c in inspect(engine).get_columns("invest_lead_events")} == EVENTS
    indexes = {i["name"] for i in inspect(engine).get_indexes("invest_leads")}
    assert {"ix_invest_leads_template_node", "ix_invest_leads_stage"} <= indexes
    with engine.begin() as connection:
        connection.execute(text(INSERT_LEAD), {"key": "k"})
        connection.execute(
            text(
                "INSERT INTO invest_lead_events (lead_id, kind, stage, text, actor, at)"
                " SELECT id, 'stage', '线索', '加入', 'gov', CURRENT_TIMESTAMP FROM invest_leads"
            )
        )
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as connection:
        connection.execute(text(INSERT_LEAD), {"key": "k"})  # one open lead per key
    migrate.downgrade(engine, "0012")
    assert not {"invest_leads", "invest_lead_events"} & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == "0012"
    migrate.upgrade(engine)
    assert model_drift(engine, "invest_lead") == [], "models and 0013 disagree"


def test_migration_0013_on_sqlite(tmp_path: Path) -> None:
    on_sqlite(tmp_path, _up_and_down)


@pytest.mark.postgres
def test_migration_0013_on_postgres(postgres_url: str) -> None:
    on_postgres(postgres_url, _up_and_down)
