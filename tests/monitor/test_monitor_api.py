"""/api/v1/monitor: definitions, series, rankings and forecasts with exact figures; access;
OpenAPI; and every figure's enterprise list counts its 报送企业数 and sums its month."""

from __future__ import annotations

from typing import Any

import pytest

from tests.monitor.conftest import MonitorApp
from tests.monitor.monitor_data import CLUSTER, CLUSTER_NAME, TEMPLATE, WUJIN, XINBEI

API = "/api/v1/monitor"


def _get(app: MonitorApp, path: str, **params: Any) -> Any:
    response = app.client.get(f"{API}{path}", params=params, headers=app.government)
    assert response.status_code == 200, response.text
    return response.json()


def test_indicators_are_listed_with_their_definitions(monitor_app: MonitorApp) -> None:
    found = {i["id"]: i for i in _get(monitor_app, "/indicators")}
    assert {"revenue", "revenue_yoy", "concentration", "above_scale", "prosperity"} <= set(found)
    prosperity = found["prosperity"]
    assert prosperity["name"] == "荣枯指数" and prosperity["unit"] == "指数"
    assert prosperity["frequency"] == "month" and prosperity["forecast"] is True
    assert prosperity["dimensions"] == ["cluster", "region", "node", "size"]
    assert "electricity_kwh_prev" in prosperity["formula"] and prosperity["source"]
    assert found["concentration"]["higher_is_better"] is False
    assert _get(monitor_app, "/indicators/tax")["enterprise_field"] == "tax_wan_yuan"


def test_a_region_series_with_drill_down_and_forecast(monitor_app: MonitorApp) -> None:
    found = _get(monitor_app, "/indicators/revenue/series", dimension="region", member=WUJIN)
    assert found["indicator"]["id"] == "revenue" and found["dimension"] == "region"
    (series,) = found["series"]
    assert series["member"] == WUJIN and series["member_name"] == "武进区"
    points = {p["period"]: p for p in series["points"]}
    assert len(points) == 15
    # A alone in 2024-02 and 2025-01 (B missing); A and B otherwise.
    assert [points[p]["value"] for p in ("2024-01", "2024-02", "2025-01", "2025-03")] == [
        150,
        100,
        120,
        160,
    ]
    assert points["2025-03"]["list_query"] == f"local=true&region={WUJIN}&period=2025-03"
    assert [p["period"] for p in series["forecast"]] == [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"
    ]  # fmt: skip
    assert series["accuracy"]["windows"] == 6 and series["accuracy"]["history_months"] == 15
    assert series["accuracy"]["mape_pct"] is not None


def test_all_members_when_none_is_named(monitor_app: MonitorApp) -> None:
    found = _get(monitor_app, "/indicators/reporting/series", dimension="size")
    assert [s["member"] for s in found["series"]] == ["above", "below"]  # 规上企业, 规下企业
    cluster = _get(monitor_app, "/indicators/reporting/series")["series"]
    assert [(s["member"], s["member_name"]) for s in cluster] == [(CLUSTER, CLUSTER_NAME)]
    assert cluster[0]["points"][-1] == {
        "period": "2025-03", "value": 4.0, "list_query": "local=true&period=2025-03"
    }  # fmt: skip


def test_ranking_of_districts_in_a_month(monitor_app: MonitorApp) -> None:
    found = _get(
        monitor_app, "/rankings", indicator="revenue", dimension="region", period="2025-03"
    )
    assert found["period"] == "2025-03" and found["periods"][-1] == "2025-03"
    assert [(r["rank"], r["member"], r["value"], r["year_before"], r["reporting"]) for r in
            found["rows"]] == [(1, WUJIN, 160, 150, 2), (2, XINBEI, 40, 30, 2)]  # fmt: skip
    # Lower is better for concentration: the smaller share ranks first; no value ranks last.
    shares = _get(
        monitor_app, "/rankings", indicator="concentration", dimension="region", period="2025-02"
    )
    assert [(r["member"], r["value"]) for r in shares["rows"]] == [(WUJIN, 100.0), (XINBEI, None)]
    nodes = _get(monitor_app, "/rankings", indicator="reporting", dimension="node")
    assert nodes["period"] == "2025-03"  # the latest by default
    assert nodes["rows"][0]["member"] == f"{TEMPLATE}:interior_exterior"
    assert nodes["rows"][0]["list_query"] == (
        f"local=true&template={TEMPLATE}&node=interior_exterior&period=2025-03"
    )


def test_forecasts_with_intervals_and_backtested_mape(monitor_app: MonitorApp) -> None:
    found = _get(monitor_app, "/forecasts", dimension="cluster")
    # The four sums have 15 months; the 荣枯指数 only three (too short to forecast).
    assert sorted(f["indicator_id"] for f in found) == ["electricity", "output", "revenue", "tax"]
    for forecast in found:
        assert forecast["member"] == CLUSTER and len(forecast["points"]) == 6
        for p in forecast["points"]:
            assert p["lo95"] <= p["lo80"] <= p["value"] <= p["hi80"] <= p["hi95"]
        accuracy = forecast["accuracy"]
        assert accuracy["model"] in {"Naive", "AutoTheta", "AutoETS"}
        assert accuracy["season_length"] == 1 and accuracy["backtest_horizon"] == 3
        assert accuracy["mape_pct"] >= 0 and len(accuracy["mape_by_horizon_pct"]) == 3
    one = _get(monitor_app, "/forecasts", indicator="tax", dimension="region", member=XINBEI)
    assert [(f["indicator_id"], f["member"]) for f in one] == [("tax", XINBEI)]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/indicators/nope", 404),
        ("/indicators/nope/series", 404),
        ("/indicators/revenue/series?dimension=street", 422),
        ("/rankings?indicator=revenue&period=2025-13", 422),
        ("/rankings?indicator=nope", 404),
    ],
)
def test_bad_requests(monitor_app: MonitorApp, path: str, status: int) -> None:
    response = monitor_app.client.get(f"{API}{path}", headers=monitor_app.government)
    assert response.status_code == status, response.text


def test_who_may_read(monitor_app: MonitorApp) -> None:
    client = monitor_app.client
    assert client.get(f"{API}/indicators", headers=monitor_app.data_admin).status_code == 200
    assert client.get(f"{API}/indicators", headers=monitor_app.enterprise).status_code == 403
    assert client.get(f"{API}/rankings?indicator=revenue").status_code == 401


def test_openapi_documents_the_endpoints(monitor_app: MonitorApp) -> None:
    paths = monitor_app.client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/indicators",
        "/indicators/{indicator_id}",
        "/indicators/{indicator_id}/series",
        "/rankings",
        "/forecasts",
    ):
        operation = paths[f"{API}{path}"]["get"]
        assert operation["tags"] == ["monitor"] and operation["description"], path
    parameters = {p["name"]: p for p in paths[f"{API}/rankings"]["get"]["parameters"]}
    assert parameters["dimension"]["schema"]["enum"] == ["cluster", "region", "node", "size"]
    assert "YYYY-MM" in parameters["period"]["description"]


@pytest.mark.parametrize("period", ["2025-01", "2025-03"])
@pytest.mark.parametrize("dimension", ["cluster", "region", "node", "size"])
def test_every_figure_opens_a_list_that_counts_and_sums_it(
    monitor_app: MonitorApp, dimension: str, period: str
) -> None:
    figures = {
        name: {
            r["member"]: r
            for r in _get(monitor_app, "/rankings", indicator=name, dimension=dimension,
                          period=period)["rows"]
        }
        for name in ("reporting", "revenue", "output", "tax")
    }  # fmt: skip
    assert figures["reporting"]
    for member, row in figures["reporting"].items():
        response = monitor_app.client.get(
            f"/api/v1/enterprises?{row['list_query']}", headers=monitor_app.government
        )
        listed = response.json()
        assert listed["total"] == row["value"], (member, row["list_query"])
        for name, column in (("revenue", "revenue_wan_yuan"), ("output", "output_value_wan_yuan"),
                             ("tax", "tax_wan_yuan")):  # fmt: skip
            assert listed["month"][column] == pytest.approx(figures[name][member]["value"])
