"""The 荣枯指数 cockpit panel and the /monitor page over the monitor cluster."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import page_login
from tests.monitor.conftest import MonitorApp
from tests.monitor.monitor_data import WUJIN, XINBEI


def test_prosperity_panel_figures(monitor_app: MonitorApp) -> None:
    client, headers = monitor_app.client, monitor_app.government
    assert "prosperity" in [
        p["id"] for p in client.get("/api/v1/cockpit/panels", headers=headers).json()
    ]
    found = client.get("/api/v1/cockpit/panels/prosperity", headers=headers).json()
    assert found["ready"] is True and found["period"] == "2025-03"
    assert found["value"] == 43.3333 and round(found["above_line"], 4) == -6.6667
    assert found["list_query"] == "local=true&period=2025-03"
    assert [p["period"] for p in found["lines"][0]["points"]] == ["2025-01", "2025-02", "2025-03"]
    # 武进 (A, B): kWh 1/2, tax 3/4, revenue 1/2 → 0.4·50 + 0.3·75 + 0.3·50;
    # 新北 (C; D has no last year): kWh down, tax down, revenue flat → 0.3·50.
    assert [(d["member"], d["value"], d["reporting"]) for d in found["districts"]] == [
        (WUJIN, 57.5, 2), (XINBEI, 15.0, 2)
    ]  # fmt: skip
    earlier = client.get("/api/v1/cockpit/panels/prosperity?period=2025-01", headers=headers)
    assert earlier.json()["value"] == 55.0 and earlier.json()["forecast"] is None
    denied = client.get("/api/v1/cockpit/panels/prosperity", headers=monitor_app.enterprise)
    assert denied.status_code in (403, 404)


def test_monitor_page_for_those_who_may_read_it(monitor_app: MonitorApp) -> None:
    with TestClient(monitor_app.client.app, base_url="http://testserver") as client:
        page_login(client, "mon_gov")
        home = client.get("/").text
        assert 'href="/monitor"' in home and "运行监测" in home
        page = client.get(
            "/monitor", params={"indicator": "revenue_yoy", "dimension": "region",
                                "period": "2025-02", "member": [XINBEI, WUJIN, "nope"]},
        ).text  # fmt: skip
        assert "区县排名 · 2025-02 · 营业收入同比增速" in page
        # 武进 2025-02: A 120 vs 100 (B has no 2024-02); 新北: C −20 vs 20.
        assert "+20.0%" in page and "-200.0%" in page
        assert f"local=true&amp;region={WUJIN}&amp;period=2025-02" in page
        assert "对比：新北区、武进区" in page  # the members asked for, in that order
        cockpit = client.get("/cockpit").text
        assert 'id="panel-prosperity"' in cockpit and "荣枯线 50" in cockpit
    with TestClient(monitor_app.client.app, base_url="http://testserver") as client:
        page_login(client, "mon_firm")
        assert client.get("/monitor").status_code == 403
        assert 'href="/monitor"' not in client.get("/").text


def test_unknown_indicator_page_is_404(monitor_app: MonitorApp) -> None:
    with TestClient(monitor_app.client.app, base_url="http://testserver") as client:
        page_login(client, "mon_data")
        assert client.get("/monitor?indicator=nope").status_code == 404
        assert client.get("/monitor?dimension=street").status_code == 422
