"""The map's figures on PostgreSQL: the same as on SQLite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, BETA, GAMMA, WUJIN, XINBEI
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_regions_points_and_panel_on_postgres(
    known_cluster: PipelineReport, client: TestClient, db: Session
) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="pg_map")
    headers = bearer(api_token(client, "pg_map"))
    country = client.get("/api/v1/map/regions", params={"region": "100000"}, headers=headers)
    assert country.status_code == 200, country.text
    figures = {c["code"]: c["enterprises"] for c in country.json()["children"] if c["enterprises"]}
    assert figures == {"320000": 2, "440000": 1}
    panel = client.get("/api/v1/cockpit/panels/map", headers=headers).json()
    rows = {c["code"]: (c["enterprises"], c["above_scale"], c["revenue_12m_wan_yuan"])
            for c in panel["children"] if c["enterprises"]}  # fmt: skip
    assert rows == {WUJIN: (1, 1, 1440.0), XINBEI: (1, 0, 1200.0)}
    assert panel["period"] == "2024-12"
    params = {"region": "100000", "colour": "tag", "status": "存续"}
    drawn = client.get("/api/v1/map/points", params=params, headers=headers).json()
    assert [p["uscc"] for p in drawn["points"]] == [ALPHA, BETA]
    assert GAMMA not in {p["uscc"] for p in drawn["points"]}  # 迁出
