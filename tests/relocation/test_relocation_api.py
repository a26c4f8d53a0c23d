"""The pipeline step publishes the scores; the API ranks, filters and explains them;
enterprises are refused, the data admin reads (one load of the dataset for the module)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.relocation.conftest import SharedApp
from tests.relocation.dataset import GONE, HEFEI, IDLE, MOVING, NEW, SILENT, ZERO

API = "/api/v1/monitor/relocation"


def test_the_step_publishes_every_scored_enterprise(shared: SharedApp) -> None:
    summary = shared.report.steps["企业迁移风险评分"]
    assert summary.startswith("2024-12 评分 5 家本地在册企业（红 1，橙 0，黄 1，蓝 1）")
    with shared.database.reader() as db:
        rows = db.execute(
            text("SELECT uscc, county_code, county_name, score, level, signal_count "
                 "FROM ads_relocation_risk ORDER BY score DESC, uscc")
        ).all()  # fmt: skip
    assert [tuple(row) for row in rows] == [
        (MOVING, "340104", "蜀山区", 100.0, "红", 6),
        (IDLE, "320411", "新北区", 42.5, "黄", 3),
        (ZERO, "320402", "天宁区", 20.0, "蓝", 1),
        (SILENT, "320404", "钟楼区", 10.0, None, 1),
        (NEW, "320411", "新北区", 0.0, None, 0),
    ]


def test_ranking_filters_and_levels(shared: SharedApp) -> None:
    client, gov = shared.client, shared.users.government
    found = client.get(API, headers=gov)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["as_of"] == "2024-12-01" and body["total"] == 4
    assert body["levels"] == {"红": 1, "橙": 0, "黄": 1, "蓝": 1}
    assert [(r["uscc"], r["score"], r["level"]) for r in body["rows"]] == [
        (MOVING, 100.0, "红"), (IDLE, 42.5, "黄"), (ZERO, 20.0, "蓝"), (SILENT, 10.0, None),
    ]  # fmt: skip
    assert body["rows"][0]["signals"][0] == {
        "signal": "address_out", "label": "注册地址变更至区外", "value": HEFEI, "points": 30.0,
    }  # fmt: skip
    assert body["evaluation"] is None
    by_county = client.get(API, params={"county": "320411"}, headers=gov).json()
    assert [r["uscc"] for r in by_county["rows"]] == [IDLE]  # NEW (0) is not listed
    blue = client.get(API, params={"level": "蓝"}, headers=gov).json()
    assert [r["uscc"] for r in blue["rows"]] == [ZERO]
    assert client.get(API, params={"level": "紫"}, headers=gov).status_code == 422


def test_detail_has_the_signals_rules_and_months(shared: SharedApp) -> None:
    client, gov = shared.client, shared.users.government
    found = client.get(f"{API}/{IDLE}", headers=gov)
    assert found.status_code == 200, found.text
    detail = found.json()
    assert detail["score"] == 42.5 and detail["status"] == "存续"
    assert [(s["signal"], s["value"], s["points"]) for s in detail["signals"]] == [
        ("status_change", "停业", 20.0),
        ("electricity_drop", -45.0, 12.5),
        ("production_shift", -45.0, 10.0),
    ]
    assert [rule["signal"] for rule in detail["rules"]][:3] == [
        "address_out", "branch_out", "status_change",
    ]  # fmt: skip
    months = detail["months"]
    assert len(months["periods"]) == 36 and months["periods"][-1] == "2024-12"
    assert months["electricity_kwh"][-3:] == [550.0, None, 550.0]  # November: not reported
    assert months["employees"][-1] == 50 and months["electricity_kwh"][0] is None
    assert client.get(f"{API}/{GONE}", headers=gov).status_code == 404


def test_enterprises_are_refused_and_the_data_admin_only_reads(shared: SharedApp) -> None:
    client, users = shared.client, shared.users
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", API, {}),
        ("GET", f"{API}/{IDLE}", {}),
        ("GET", f"{API}/watch", {}),
        ("POST", f"{API}/watch", {"json": {"uscc": IDLE}}),
        ("DELETE", f"{API}/watch/{IDLE}", {}),
    ]
    for method, url, extra in calls:
        answer = client.request(method, url, headers=users.enterprise, **extra)
        assert answer.status_code == 403, (method, url, answer.text)
    assert client.get(API, headers=users.data_admin).status_code == 200
    assert client.get(f"{API}/{IDLE}", headers=users.data_admin).status_code == 200
    refused = client.post(f"{API}/watch", json={"uscc": IDLE}, headers=users.data_admin)
    assert refused.status_code == 403
    assert client.get(f"{API}/watch", headers=users.government).json() == []
    assert client.get(API).status_code == 401


def test_openapi_documents_the_api(shared: SharedApp) -> None:
    paths = shared.client.get("/api/v1/openapi.json").json()["paths"]
    assert {API, f"{API}/watch", f"{API}/watch/{{uscc}}", f"{API}/{{uscc}}"} <= set(paths)
    assert set(paths[f"{API}/watch"]) == {"get", "post"}
    assert set(paths[f"{API}/watch/{{uscc}}"]) == {"delete"}
