"""运行监测 on a PostgreSQL serving DB: the pipeline publishes, the API reads the same figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user
from tests.monitor.monitor_data import CLUSTER, WUJIN, XINBEI, load_monitor_cluster
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_rankings_series_and_panel_on_postgres(
    settings: Settings, database: Database, client: TestClient, db: Session, tmp_path: Path
) -> None:
    load_monitor_cluster(settings, database, tmp_path)
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="pg_monitor")
    headers = bearer(api_token(client, "pg_monitor"))
    ranking = client.get(
        "/api/v1/monitor/rankings",
        params={"indicator": "revenue", "dimension": "region", "period": "2025-03"},
        headers=headers,
    ).json()
    assert [(r["member"], r["value"], r["year_before"], r["reporting"]) for r in
            ranking["rows"]] == [(WUJIN, 160, 150, 2), (XINBEI, 40, 30, 2)]  # fmt: skip
    series = client.get("/api/v1/monitor/indicators/prosperity/series", headers=headers).json()[
        "series"
    ]
    assert series[0]["member"] == CLUSTER
    assert [p["value"] for p in series[0]["points"][-3:]] == [55.0, 50.0, 43.3333]
    forecasts = client.get("/api/v1/monitor/forecasts", headers=headers).json()
    assert len(forecasts) == 4 and all(len(f["points"]) == 6 for f in forecasts)
    listed = client.get(
        f"/api/v1/enterprises?{ranking['rows'][0]['list_query']}", headers=headers
    ).json()
    assert listed["total"] == 2 and float(listed["month"]["revenue_wan_yuan"]) == 160
    panel = client.get("/api/v1/cockpit/panels/prosperity", headers=headers).json()
    assert panel["value"] == 43.3333 and panel["districts"][0]["member"] == WUJIN
