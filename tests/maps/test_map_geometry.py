"""Map geometry by adcode: bundled echarts@4.9.0 files resolved on the server, operator files
first, a clear 404 otherwise, long cache headers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer, page_login
from tests.factories import make_org, make_user

WUJIN_SQUARE = {
    "type": "FeatureCollection",
    "review_number": "GS(2024)0001号",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "武进区", "adcode": 320412},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[119.8, 31.6], [120.1, 31.6], [120.1, 31.8], [119.8, 31.6]]],
            },
        }
    ],
}


@pytest.fixture
def map_dir(tmp_path: Path) -> Path:
    """An operator's folder with a county polygon (武进区) and nothing else."""
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "320412.json").write_text(json.dumps(WUJIN_SQUARE), encoding="utf-8")
    return folder


@pytest.fixture
def map_client(settings: Settings, database: Database, map_dir: Path) -> Iterator[TestClient]:
    """A client of an app whose IB_MAP_DIR is the operator's folder."""
    app = create_app(settings.model_copy(update={"map_dir": map_dir}), database=database)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def analyst(map_client: TestClient, db: Session) -> dict[str, str]:
    """A government analyst's bearer header."""
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    return bearer(api_token(map_client, "gov"))


def _features(client: TestClient, headers: dict[str, str], code: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/map/geo/{code}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, max-age=604800"
    body: dict[str, Any] = response.json()
    assert body["ib_code"] == code
    return {f["properties"]["adcode"]: f["properties"]["name"] for f in body["features"]}


def test_bundled_maps_are_found_by_adcode(map_client: TestClient, analyst: dict[str, str]) -> None:
    country = _features(map_client, analyst, "100000")
    assert len(country) == 34 and country["320000"] == "江苏" and country["610000"] == "陕西"
    jiangsu = _features(map_client, analyst, "320000")
    assert len(jiangsu) == 13 and jiangsu["320400"] == "常州市"
    assert _features(map_client, analyst, "320400") == {"320400": "常州"}  # the city's outline
    shaanxi = _features(map_client, analyst, "610000")  # shanxi1.json, not shanxi.json (山西)
    assert shaanxi["610100"] == "西安市" and "140100" not in shaanxi
    assert _features(map_client, analyst, "140000")["140100"] == "太原市"
    beijing = _features(map_client, analyst, "110000")  # a 直辖市's file holds its districts
    assert beijing["110105"] == "朝阳区"
    jinan = map_client.get("/api/v1/map/geo/370100", headers=analyst).json()["features"]
    # 莱芜 (371200 in echarts@4.9.0) has been part of 济南 since 2019.
    assert sorted((f["properties"]["adcode"], f["properties"]["name"]) for f in jinan) == [
        ("370100", "济南"),
        ("370100", "莱芜"),
    ]
    response = map_client.get("/api/v1/map/geo/100000", headers=analyst)
    assert response.json()["UTF8Encoding"] is True  # compressed: ECharts 6 decodes it
    again = map_client.get(
        "/api/v1/map/geo/100000",
        headers={**analyst, "If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304


def test_operator_files_win_and_missing_maps_are_a_clear_404(
    map_client: TestClient, analyst: dict[str, str]
) -> None:
    wujin = map_client.get("/api/v1/map/geo/320412", headers=analyst).json()
    assert (wujin["ib_source"], wujin["review_number"]) == ("operator", "GS(2024)0001号")
    assert wujin["features"][0]["properties"]["adcode"] == "320412"
    xinbei = map_client.get("/api/v1/map/geo/320411", headers=analyst)
    assert xinbei.status_code == 404
    assert "IB_MAP_DIR" in xinbei.json()["detail"]
    nearest = map_client.get("/api/v1/map/geo/320411?nearest=true", headers=analyst)
    assert nearest.headers["x-map-adcode"] == "320400"
    unknown = map_client.get("/api/v1/map/geo/999999", headers=analyst)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "行政区划代码“999999”不存在（GB/T 2260）"
    malformed = map_client.get("/api/v1/map/geo/32041", headers=analyst)
    assert malformed.status_code == 422


def test_the_map_page_fetches_geometry_with_its_session(
    map_client: TestClient, analyst: dict[str, str]
) -> None:
    page_login(map_client, "gov")
    response = map_client.get("/api/v1/map/geo/320000")
    assert response.status_code == 200 and response.json()["ib_code"] == "320000"
