"""The cockpit: registered panels, exact figures on a known cluster, drill-downs that agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.chain.test_chain_platform import CATHODE, CELLS
from tests.conftest import api_token, bearer, csrf_of, page_login
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, load_known_cluster
from tests.warehouse.conftest import Importer, write_csv
from tests.warehouse.test_warehouse_web import _page_login


@pytest.fixture
def analyst(client: TestClient, db: Session) -> dict[str, str]:
    """A government analyst's bearer header."""
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    return bearer(api_token(client, "gov"))


def test_panels_are_registered_and_their_figures_exact(
    classified: PipelineReport,
    client: TestClient,
    analyst: dict[str, str],
) -> None:
    panels = client.get("/api/v1/cockpit/panels", headers=analyst).json()
    assert [p["id"] for p in panels] == [
        "overview",
        "map",
        "chain",
        "prosperity",
        "relocation",
        "invest",
        "alerts",
        "policies",
    ]
    latest = client.get("/api/v1/cockpit/panels/overview", headers=analyst).json()
    # 2024-12: 甲 100 + 乙 110, the same as a year before; 丙 (local) reports nothing.
    assert latest["period"] == "2024-12" and len(latest["periods"]) == 24
    assert latest["month"]["revenue_wan_yuan"] == pytest.approx(210.0)
    assert latest["month"]["revenue_yoy_pct"] == pytest.approx(0.0)
    assert (latest["local_enterprises"], latest["local_above_scale"]) == (3, 2)
    assert latest["local_revenue_12m"] == pytest.approx(12 * 210.0)
    assert [e["uscc"] for e in latest["top"]] == [CATHODE, CELLS]
    assert latest["cr10_pct"] == pytest.approx(100.0)
    earlier = client.get(
        "/api/v1/cockpit/panels/overview", params={"period": "2023-06"}, headers=analyst
    ).json()
    assert earlier["period"] == "2023-06" and earlier["month"]["revenue_yoy_pct"] is None
    chain = client.get("/api/v1/cockpit/panels/chain", headers=analyst).json()
    nev = next(c for c in chain["chains"] if c["id"] == "new_energy_vehicle")
    assert (
        nev["health"]["缺失"] + nev["health"]["弱"] + nev["health"]["中"] + nev["health"]["强"]
        == 24
    )
    assert {a["node_id"] for a in nev["advice"]} >= {"battery_cells", "cathode"}


def test_drill_downs_list_the_enterprises_the_figures_count(
    classified: PipelineReport,
    client: TestClient,
    analyst: dict[str, str],
) -> None:
    def total(**params: str) -> int:
        response = client.get("/api/v1/enterprises", params=params, headers=analyst)
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert total(local="true") == 3
    assert total(local="true", above_scale="true") == 2
    assert total(template="new_energy_vehicle", node="cathode") == 1
    assert total(q=CELLS) == 1 and total(q="新材料") == 1
    rows = client.get("/api/v1/enterprises", params={"local": "true"}, headers=analyst).json()
    assert [r["uscc"] for r in rows["rows"]][:2] == [CATHODE, CELLS]  # largest revenue first


def test_month_figures_drill_down_to_the_enterprises_that_make_them(
    classified: PipelineReport, client: TestClient, analyst: dict[str, str]
) -> None:
    for period in ("2023-01", "2024-06", "2024-12"):
        month = client.get(
            "/api/v1/cockpit/panels/overview", params={"period": period}, headers=analyst
        ).json()["month"]
        listed = client.get(
            "/api/v1/enterprises", params={"local": "true", "period": period}, headers=analyst
        ).json()
        assert listed["total"] == month["enterprises"] == 2
        for figure in ("revenue_wan_yuan", "output_value_wan_yuan", "tax_wan_yuan"):
            assert listed["month"][figure] == pytest.approx(month[figure]), (period, figure)
        # 甲 (cells) reports 100 a month, 乙 (cathode) 110: the larger of the month first.
        assert [r["uscc"] for r in listed["rows"]] == [CATHODE, CELLS]
        assert [r["month_revenue_wan_yuan"] for r in listed["rows"]] == pytest.approx([110, 100])
        above = client.get(
            "/api/v1/enterprises",
            params={"local": "true", "above_scale": "true", "period": period},
            headers=analyst,
        ).json()
        assert above["total"] == month["above_scale_enterprises"]


def test_enterprises_see_neither_the_cockpit_nor_the_list(
    classified: PipelineReport,
    client: TestClient,
    db: Session,
) -> None:
    make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
    firm = bearer(api_token(client, "firm"))
    assert client.get("/api/v1/cockpit/panels", headers=firm).status_code == 403
    assert client.get("/api/v1/enterprises", headers=firm).status_code == 403


def test_cockpit_and_list_pages(
    classified: PipelineReport,
    client: TestClient,
    db: Session,
) -> None:
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    _page_login(client, "data")
    page = client.get("/cockpit", params={"period": "2024-06"})
    assert page.status_code == 200
    assert 'id="panel-overview"' in page.text and 'id="panel-chain"' in page.text
    assert '<option value="2024-06" selected>' in page.text
    assert 'href="/enterprises?local=true&amp;above_scale=true"' in page.text
    listing = client.get("/enterprises", params={"local": "true", "above_scale": "true"})
    assert listing.status_code == 200 and '<strong id="directory-total">2</strong>' in listing.text
    assert 'href="/enterprises?local=true&amp;period=2024-06"' in page.text
    month = client.get("/enterprises", params={"local": "true", "period": "2024-06"}).text
    assert "2024-06 合计：营业收入 <strong>210.0</strong> 万元" in month


def test_the_cockpit_waits_for_data_and_follows_each_run(
    client: TestClient,
    db: Session,
    settings: Settings,
    database: Database,
    tmp_path: Path,
    do_import: Importer,
) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    headers = bearer(api_token(client, "gov"))
    assert client.get("/api/v1/cockpit/panels/overview", headers=headers).json() == {"ready": False}
    assert client.get("/api/v1/cockpit/panels/chain", headers=headers).json() == {"chains": []}
    assert client.get("/api/v1/cockpit/panels/nowhere", headers=headers).status_code == 404

    # Figures are kept per pipeline run: a run makes the panels follow at once, twice.
    load_known_cluster(settings, database, tmp_path)
    first = client.get("/api/v1/cockpit/panels/overview", headers=headers).json()
    assert first["period"] == "2024-12" and first["month"]["enterprises"] == 2
    assert (
        client.get("/api/v1/cockpit/panels/map", headers=headers).json()["total"]["enterprises"]
        == 2
    )
    later = write_csv(
        tmp_path / "later.csv", ["统一社会信用代码,期间,营业收入(万元)", f"{ALPHA},2025-01,130"]
    )
    assert do_import("operations", later).accepted == 1
    run_pipeline(settings=settings, database=database, actor=Principal.system("test"))
    second = client.get("/api/v1/cockpit/panels/overview", headers=headers).json()
    assert second["period"] == "2025-01" and second["month"]["revenue_wan_yuan"] == 130


def test_the_profile_shows_facts_chain_position_and_masks_personal_data(
    classified: PipelineReport, client: TestClient, db: Session, analyst: dict[str, str]
) -> None:
    profile = client.get(f"/api/v1/enterprises/{CATHODE}", headers=analyst).json()
    assert profile["profile"]["name"] == "常州乙新材料有限公司"
    nev = next(c for c in profile["chains"] if c["template_id"] == "new_energy_vehicle")
    assert nev["nodes"][0]["node_id"] == "cathode" and nev["nodes"][0]["evidence"]
    assert client.get("/api/v1/enterprises/91330100MA0000999X", headers=analyst).status_code == 404
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    _page_login(client, "data")
    page = client.get(f"/enterprises/{CATHODE}")
    assert page.status_code == 200 and "正极材料" in page.text and "产业链位置" in page.text
    listing = client.get("/enterprises", params={"local": "true"})
    assert f'href="/enterprises/{CATHODE}"' in listing.text


def test_personal_fields_are_masked_on_the_profile_except_for_data_admins(
    tmp_path: Path,
    do_import: Importer,
    settings: Settings,
    database: Database,
    client: TestClient,
    db: Session,
    analyst: dict[str, str],
) -> None:
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.pipeline.run import run_pipeline
    from tests.warehouse.test_classification import LINES

    assert do_import("registry", write_csv(tmp_path / "r.csv", LINES)).accepted == 2
    run_pipeline(settings=settings, database=database, actor=Principal.system("test"))
    code = LINES[1].split(",")[0]
    masked = client.get(f"/api/v1/enterprises/{code}", headers=analyst).json()["profile"]
    assert (masked["legal_representative"], masked["contact_phone"]) == ("张**", "138****5678")
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    admin = bearer(api_token(client, "data"))
    plain = client.get(f"/api/v1/enterprises/{code}", headers=admin).json()["profile"]
    assert plain["contact_phone"] == "13812345678"


def test_the_header_search_is_there_for_those_who_may_list_enterprises(
    classified: PipelineReport, client: TestClient, db: Session
) -> None:
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    _page_login(client, "data")
    home = client.get("/")
    assert 'role="search"' in home.text and 'action="/enterprises"' in home.text
    found = client.get("/enterprises", params={"q": "新材料"})
    assert '<strong id="directory-total">1</strong>' in found.text
    client.post("/logout", data={"csrf_token": csrf_of(home.text)})
    make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
    page_login(client, "firm")
    assert 'role="search"' not in client.get("/").text
