"""The profile and the search on PostgreSQL: the same answers as on SQLite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from industry_brain.db import Database
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.conftest import api_token, bearer
from tests.enterprise.conftest import enterprise_org
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, ALPHA_FORMER, BETA, GAMMA, known_cluster
from tests.pg_serving import database, settings

__all__ = ["database", "known_cluster", "settings"]
pytestmark = pytest.mark.postgres


def test_profile_search_and_list_on_postgres(
    known_cluster: PipelineReport, database: Database, client: TestClient, db: Session
) -> None:
    assert database.engine.dialect.name == "postgresql"
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="pg_gov")
    enterprise_org(database, name="乙", uscc=BETA, username="pg_beta")
    gov = bearer(api_token(client, "pg_gov"))
    alpha = client.get(f"/api/v1/enterprises/{ALPHA}", headers=gov).json()
    assert alpha["months"]["revenue_wan_yuan"] == [None] * 12 + [100.0] * 12 + [120.0] * 12
    assert [s["score"] for s in alpha["scores"]] == [67, 60, 100]
    assert [c["points"] for c in alpha["scores"][1]["components"]] == [12, 3, 20, 0, 25]
    assert [(n["name"], n["is_current"]) for n in alpha["names"]][1] == (ALPHA_FORMER, False)
    assert [(r["uscc"], r["amount_12m_wan_yuan"]) for r in alpha["relations"]["suppliers"]] == [
        (BETA, 30.0),
        (GAMMA, 7.0),
    ]
    assert [e["event_date"] for e in alpha["events"]] == ["2024-03-01", "2023-11-06", "2017-12-31"]
    beta = bearer(api_token(client, "pg_beta"))
    assert client.get(f"/api/v1/enterprises/{ALPHA}", headers=beta).status_code == 404
    assert client.get(f"/api/v1/enterprises/{BETA}", headers=beta).status_code == 200
    hits = client.get("/api/v1/enterprises/search", params={"q": "甲电池"}, headers=gov).json()
    assert [(h["uscc"], h["field"]) for h in hits["hits"]] == [(ALPHA, "former_name")]
    fuzzy = client.get("/api/v1/enterprises/search", params={"q": "新能源科技常州甲"}, headers=gov)
    assert [h["uscc"] for h in fuzzy.json()["hits"]] == [ALPHA]
    for query, expected in (
        ("甲电池", {ALPHA}),
        ("%", set()),
        ("常_", set()),
        (ALPHA[:17], {ALPHA}),
    ):
        listed = client.get("/api/v1/enterprises", params={"q": query}, headers=gov).json()
        assert {row["uscc"] for row in listed["rows"]} == expected, query
