"""The map API on the known cluster: exact figures per region at every level, the list behind
every figure counting the same enterprises, filters, points and their precision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.codes.regions import get_region
from industry_brain.db import Database
from industry_brain.enterprise.directory import DirectoryFilter
from industry_brain.maps.points import points
from industry_brain.settings import Settings
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.chain.test_chain_platform import CATHODE, CELLS, FOOD, MOTOR, classified
from tests.conftest import api_token, bearer, page_login
from tests.factories import make_org, make_uscc, make_user
from tests.known_cluster import (
    ALPHA,
    ALPHA_SITE,
    BETA,
    GAMMA,
    NANSHAN,
    WUJIN,
    XINBEI,
    KnownApp,
)
from tests.warehouse.conftest import Importer, write_csv

__all__ = ["classified"]
Figures = tuple[int, int, float | None]


@pytest.fixture
def analyst(client: TestClient, db: Session) -> dict[str, str]:
    """A government analyst's bearer header."""
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    return bearer(api_token(client, "gov"))


def _regions(client: TestClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/map/regions", params=params, headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _figures(found: dict[str, Any]) -> dict[str, Figures]:
    """The children with enterprises: code → (enterprises, 规上, 近12个月营收)."""
    children: list[dict[str, Any]] = found["children"]
    return {
        str(c["code"]): (int(c["enterprises"]), int(c["above_scale"]), c["revenue_12m_wan_yuan"])
        for c in children
        if c["enterprises"]
    }


def _list_total(client: TestClient, headers: dict[str, str], query: str) -> int:
    response = client.get(f"/api/v1/enterprises?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def _assert_lists_agree(client: TestClient, headers: dict[str, str], found: dict[str, Any]) -> None:
    """Every figure's list counts what the figure counts; children + unlocated = total."""
    children: list[dict[str, Any]] = found["children"]
    for child in children:
        if child["enterprises"]:
            assert _list_total(client, headers, str(child["list_query"])) == child["enterprises"]
    total: dict[str, int] = found["total"]
    unlocated: dict[str, int] = found["unlocated"]
    assert _list_total(client, headers, str(found["list_query"])) == total["enterprises"]
    if children:
        located = sum(int(child["enterprises"]) for child in children)
        assert located + unlocated["enterprises"] == total["enterprises"]


def test_regions_count_exactly_at_every_level(known_app: KnownApp) -> None:
    client, analyst = known_app.client, known_app.government
    # ALPHA (武进, 规上, 12 × 120) and BETA (新北, 6 × 50 + 6 × 150) in 常州; GAMMA in 深圳南山.
    country = _regions(client, analyst, region="100000")
    assert len(country["children"]) == 34
    assert _figures(country) == {"320000": (2, 1, 2640.0), "440000": (1, 0, None)}
    assert country["total"] == {
        "enterprises": 3,
        "above_scale": 1,
        "revenue_12m_wan_yuan": 2640.0,
        "output_12m_wan_yuan": None,
    }
    assert country["list_query"] == "" and country["period"] == "2024-12"
    province = _regions(client, analyst, region="320000")
    assert len(province["children"]) == 13
    assert _figures(province) == {"320400": (2, 1, 2640.0)}
    assert _figures(_regions(client, analyst, region="440000")) == {"440300": (1, 0, None)}
    city = _regions(client, analyst)  # opens at the cluster's region
    assert city["region"]["code"] == "320400"
    assert [a["code"] for a in city["path"]] == ["100000", "320000", "320400"]
    assert _figures(city) == {XINBEI: (1, 0, 1200.0), WUJIN: (1, 1, 1440.0)}
    district = _regions(client, analyst, region=WUJIN)
    assert district["children"] == [] and district["total"]["enterprises"] == 1
    assert district["unlocated"]["enterprises"] == 0
    assert _figures(_regions(client, analyst, region=NANSHAN)) == {}
    for found in (country, province, city, district):
        _assert_lists_agree(client, analyst, found)


def test_filters_and_heat_are_those_of_the_list(known_app: KnownApp) -> None:
    client, analyst = known_app.client, known_app.government
    above = _regions(client, analyst, region="100000", above_scale="true")
    assert _figures(above) == {"320000": (1, 1, 1440.0)}
    assert above["children"][0]["list_query"] == "above_scale=true&region=320000"
    below = _regions(client, analyst, above_scale="false")
    assert _figures(below) == {XINBEI: (1, 0, 1200.0)}
    moved = _regions(client, analyst, region="100000", status="迁出")
    assert _figures(moved) == {"440000": (1, 0, None)}
    high_tech = _regions(client, analyst, tag="高新技术企业")
    assert _figures(high_tech) == {WUJIN: (1, 1, 1440.0)}
    expired = _regions(client, analyst, tag="专精特新")  # ALPHA's expired in 2020
    assert expired["total"]["enterprises"] == 0
    for found in (above, below, moved, high_tech):
        _assert_lists_agree(client, analyst, found)
    by_count = _regions(client, analyst)
    by_revenue = _regions(client, analyst, heat="revenue")
    assert [c["code"] for c in by_count["children"][:2]] == [XINBEI, WUJIN]
    assert [c["code"] for c in by_revenue["children"][:2]] == [WUJIN, XINBEI]
    assert by_revenue["heat_label"] == "近12个月营业收入（万元）"
    bad = client.get("/api/v1/map/regions", params={"heat": "tax"}, headers=analyst)
    assert bad.status_code == 422
    unknown = client.get("/api/v1/map/regions", params={"region": "999999"}, headers=analyst)
    assert unknown.status_code == 404 and "999999" in unknown.json()["detail"]


def test_an_address_known_only_to_the_city_is_counted_but_not_put_in_a_district(
    known_cluster: PipelineReport,
    tmp_path: Path,
    do_import: Importer,
    settings: Settings,
    database: Database,
    client: TestClient,
    analyst: dict[str, str],
) -> None:
    header = "统一社会信用代码,企业名称,成立日期,注册资本(万元),注册地址,行业代码,经营范围,登记状态"
    row = f"{make_uscc(704)},常州丁机械有限公司,2018-01-01,100,江苏省常州市,3484,机械,存续"
    assert do_import("registry", write_csv(tmp_path / "more.csv", [header, row])).rejected == 0
    run_pipeline(settings=settings, database=database, actor=Principal.system("test"))
    city = _regions(client, analyst)
    assert _figures(city) == {XINBEI: (1, 0, 1200.0), WUJIN: (1, 1, 1440.0)}
    assert city["unlocated"]["enterprises"] == 1 and city["total"]["enterprises"] == 3
    _assert_lists_agree(client, analyst, city)
    drawn = client.get("/api/v1/map/points", params={"colour": "tag"}, headers=analyst).json()
    precision = {p["uscc"]: p["precision"] for p in drawn["points"]}
    assert precision[make_uscc(704)] == "city"


def test_points_carry_coordinates_precision_and_colour(known_app: KnownApp) -> None:
    client, analyst = known_app.client, known_app.government
    drawn = client.get("/api/v1/map/points", params={"colour": "tag"}, headers=analyst).json()
    assert (drawn["matching"], drawn["located"], drawn["returned"], drawn["omitted"]) == (
        2,
        2,
        2,
        0,
    )
    alpha, beta = drawn["points"]  # largest revenue first
    assert (alpha["uscc"], alpha["precision"], alpha["key"]) == (ALPHA, "address", "高新技术企业")
    assert (alpha["longitude"], alpha["latitude"]) == pytest.approx(ALPHA_SITE)
    xinbei = get_region(XINBEI)
    assert xinbei is not None
    assert (beta["uscc"], beta["precision"], beta["key"]) == (BETA, "county", "")
    assert (beta["longitude"], beta["latitude"]) == pytest.approx(
        (xinbei.longitude, xinbei.latitude)
    )
    assert drawn["legend"] == [
        {"key": "高新技术企业", "label": "高新技术企业", "count": 1},
        {"key": "", "label": "无标签", "count": 1},
    ]
    country = client.get("/api/v1/map/points", params={"region": "100000"}, headers=analyst)
    assert [p["uscc"] for p in country.json()["points"]] == [ALPHA, BETA, GAMMA]
    with known_app.database.reader() as db:
        capped = points(
            db, code="320400", spec=DirectoryFilter(), colour="tag", template_id=None, limit=1
        )
    assert [p.uscc for p in capped.points] == [ALPHA] and capped.omitted == 1


def test_points_are_coloured_by_the_latest_run_and_filtered_by_node(
    classified: PipelineReport, client: TestClient, analyst: dict[str, str]
) -> None:
    params = {"template": "new_energy_vehicle", "colour": "node"}
    drawn = client.get("/api/v1/map/points", params=params, headers=analyst).json()
    assert {p["uscc"]: p["key"] for p in drawn["points"]} == {
        CELLS: "battery_cells",
        CATHODE: "cathode",
        FOOD: "",
    }
    labels = {entry["key"]: entry["label"] for entry in drawn["legend"]}
    assert labels[""] == "未归入本链" and labels["cathode"] == "正极材料"
    everywhere = {**params, "region": "100000"}
    country = client.get("/api/v1/map/points", params=everywhere, headers=analyst).json()
    assert {p["uscc"]: p["key"] for p in country["points"]}[MOTOR] == "drive_motors"
    node = _regions(client, analyst, template="new_energy_vehicle", node="cathode")
    assert _figures(node) == {WUJIN: (1, 1, 1320.0)}
    _assert_lists_agree(client, analyst, node)
    only = client.get("/api/v1/map/points", params={**params, "node": "cathode"}, headers=analyst)
    assert [p["uscc"] for p in only.json()["points"]] == [CATHODE]


def test_the_cockpit_panel_is_the_cluster_region(known_app: KnownApp) -> None:
    client, analyst = known_app.client, known_app.government
    panels = client.get("/api/v1/cockpit/panels", headers=analyst).json()
    assert "map" in [p["id"] for p in panels]
    panel = client.get("/api/v1/cockpit/panels/map", headers=analyst).json()
    assert panel["region"]["code"] == "320400" and panel["heat"] == "count"
    assert _figures(panel) == {XINBEI: (1, 0, 1200.0), WUJIN: (1, 1, 1440.0)}


def test_enterprises_and_strangers_are_refused(
    known_cluster: PipelineReport, client: TestClient, db: Session
) -> None:
    make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
    headers = bearer(api_token(client, "firm"))
    for path in (
        "/api/v1/map/regions",
        "/api/v1/map/points",
        "/api/v1/map/geo/100000",
        "/api/v1/cockpit/panels/map",
    ):
        assert client.get(path, headers=headers).status_code in (403, 404), path
        assert client.get(path).status_code == 401, path
    page_login(client, "firm")
    assert client.get("/map").status_code == 403
    assert client.get("/api/v1/map/geo/100000").status_code == 403  # with the session cookie
