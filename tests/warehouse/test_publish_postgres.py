"""Publishing into PostgreSQL (COPY): the same figures as on SQLite, read through the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from industry_brain.db import Database
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, ALPHA_SITE, BETA, known_cluster
from tests.pg_serving import database, settings

__all__ = ["database", "known_cluster", "settings"]
pytestmark = pytest.mark.postgres


def test_published_values_and_types_on_postgres(
    known_cluster: PipelineReport, database: Database, client: TestClient, db: Session
) -> None:
    assert database.engine.dialect.name == "postgresql"
    assert known_cluster.published_rows["enterprise_month"] == 36
    columns = "longitude, latitude, above_scale, tags, last_period"
    profile = db.execute(
        text(f"SELECT {columns} FROM ads_enterprise_profile WHERE uscc = :u"), {"u": ALPHA}
    ).one()
    assert (float(profile.longitude), float(profile.latitude)) == pytest.approx(ALPHA_SITE)
    assert profile.above_scale is True and profile.tags == "规上、高新技术企业"
    assert str(profile.last_period) == "2024-12-01"
    revenue = db.execute(
        text("SELECT sum(revenue_wan_yuan) FROM ads_enterprise_month WHERE uscc = :u"), {"u": BETA}
    ).scalar()
    assert revenue == 6 * 50 + 6 * 150  # numeric, exact
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="pg_gov")
    headers = bearer(api_token(client, "pg_gov"))
    listed = client.get("/api/v1/enterprises", params={"period": "2023-01"}, headers=headers)
    assert listed.status_code == 200, listed.text
    assert [row["uscc"] for row in listed.json()["rows"]] == [ALPHA]
    overview = client.get("/api/v1/cockpit/panels/overview", headers=headers).json()
    assert overview["period"] == "2024-12" and overview["month"]["enterprises"] == 2
