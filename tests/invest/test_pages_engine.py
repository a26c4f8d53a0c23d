"""The pages over a pool built by the real pipeline step (ENGINE's small dataset,
engine_dataset.py): every column the pages label is one the step writes, the page and the API
show the same scores, the raw evidence holds the dataset's facts, the export holds the rows.
``check_real_pool`` is also run with the serving DB on PostgreSQL (test_pages_postgres.py)."""

from __future__ import annotations

import io
import json

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from industry_brain.accounts.principal import Principal
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.invest import pool_store
from industry_brain.invest.evidence_view import FIELDS
from industry_brain.invest.pool_step import invest_pool_step
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer, page_login
from tests.invest.engine_dataset import NODE, TEMPLATE, A, B, C, F, build_lake, seed_chain
from tests.invest.pages_support import make_users

API = f"/api/v1/invest/gaps/{TEMPLATE}/{NODE}/candidates"
GAP = f"/invest/gaps/{TEMPLATE}/{NODE}"


def build_real_pool(settings: Settings, database: Database) -> None:
    """Run the pipeline's 招商 step over ENGINE's dataset and create the users."""
    pool_store.clear_cache()
    seed_chain(database)
    con = build_lake(settings.resolved_lake_path)
    try:
        invest_pool_step(con, database, Principal.system("test"))
        columns = {row[0] for row in con.execute("DESCRIBE invest.pool").fetchall()}
    finally:
        con.close()
    missing = [column for column, *_ in FIELDS if column not in columns]
    assert missing == [], f"the pages label columns the pool does not have: {missing}"
    make_users(database)


def _evidence(client: TestClient, headers: dict[str, str], uscc: str) -> dict[str, str]:
    body = client.get(f"{API}/{uscc}", headers=headers).json()
    return {e["label"]: e["value"] for e in body["evidence"]}


def check_real_pool(settings: Settings, database: Database) -> None:
    """The API, the gap page, a candidate page, the map and the export over the real pool."""
    build_real_pool(settings, database)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        headers = bearer(api_token(c, "analyst"))
        page = c.get(API, headers=headers).json()
        assert [item["uscc"] for item in page["items"]] == [A, F, B, C]
        scores = [item["score"] for item in page["items"]]
        for item in page["items"]:
            assert abs(sum(f["contribution"] or 0 for f in item["factors"]) - item["score"]) < 1e-3
        facts = _evidence(c, headers, A)
        assert facts["发明专利（件）"] == "2" and facts["其他专利（件）"] == "3"
        assert facts["高新技术企业"] == "是" and facts["本地客户（家）"] == "1"
        assert facts["近12个月营业收入（万元）"] == "1,440.0"
        assert _evidence(c, headers, C)["到集群区域中心（公里）"] == "未知"
        page_login(c, "analyst")
        html = c.get(GAP).text
        for uscc, score in zip((A, F, B, C), scores, strict=True):
            assert uscc in html and f'<span class="invest-score">{score:.1f}</span>' in html
        detail = c.get(f"{GAP}/candidates/{C}").text
        assert "距离未知" in detail and "factor-row-missing" in detail
        drawn = c.get("/invest/map", params={"template": TEMPLATE, "node": NODE}).text
        config = json.loads(drawn.split('class="invest-map-data">')[1].split("</script>")[0])
        assert config["total"] == 4 and C not in {p["uscc"] for p in config["points"]}
        book = load_workbook(io.BytesIO(c.get(f"{GAP}/export.xlsx").content))
        rows = list(book["候选企业"].iter_rows(values_only=True))
        assert [row[2] for row in rows[1:]] == [A, F, B, C]


def test_pages_over_the_pool_the_pipeline_step_builds(
    settings: Settings, database: Database
) -> None:
    check_real_pool(settings, database)
