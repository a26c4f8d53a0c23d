"""The cockpit panel of the warnings: open by colour, and the monthly feedback loop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from industry_brain.alerts import service
from tests.alerts.conftest import AlertsApp
from tests.conftest import page_login

PANELS = "/api/v1/cockpit/panels"


def test_open_warnings_by_colour_and_the_monthly_loop(alerts_app: AlertsApp) -> None:
    app = alerts_app
    listed = [p["id"] for p in app.client.get(PANELS, headers=app.lead).json()]
    assert "alerts" in listed
    opened = app.client.get(f"{PANELS}/alerts", headers=app.lead).json()
    assert opened["open"] == {"红": 0, "橙": 0, "黄": 2, "蓝": 0, "overdue": 0}
    assert [w["subject_name"] for w in opened["top"]] == ["常州零有限公司", "常州甲有限公司"]
    warning = opened["top"][1]["id"]
    app.client.post(
        f"/api/v1/monitor/warnings/{warning}/close",
        json={"outcome": "false_alarm", "note": "订单季节性转移"}, headers=app.colleague,
    )  # fmt: skip
    flow = app.client.get(f"{PANELS}/alerts", headers=app.lead).json()
    this_month = flow["months"][-1]
    assert len(flow["months"]) == 12 and this_month["month"] == f"{service.today():%Y-%m}"
    assert (this_month["raised"], this_month["handled"], this_month["false_alarm"]) == (2, 1, 1)
    assert (flow["raised"], flow["handled"]) == (2, 1)
    after = app.client.get(f"{PANELS}/alerts", headers=app.lead).json()
    assert after["open"]["黄"] == 1  # the panel follows people's work, not only pipeline runs


def test_overdue_count_on_the_panel(alerts_app: AlertsApp, monkeypatch: pytest.MonkeyPatch) -> None:
    app = alerts_app
    warning = app.client.get(f"{PANELS}/alerts", headers=app.lead).json()["top"][0]["id"]
    due = service.today() + timedelta(days=1)
    app.client.post(f"/api/v1/monitor/warnings/{warning}/assign",
                    json={"assignee_id": app.colleague_id, "due_on": due.isoformat()},
                    headers=app.lead)  # fmt: skip
    monkeypatch.setattr(service, "today", lambda: due + timedelta(days=1))
    assert app.client.get(f"{PANELS}/alerts", headers=app.lead).json()["open"]["overdue"] == 1


def test_the_cockpit_page_shows_the_panel(alerts_app: AlertsApp) -> None:
    page_login(alerts_app.client, "lead")
    page = alerts_app.client.get("/cockpit").text
    assert 'id="panel-alerts"' in page and "data-alerts-flow" in page
    assert 'href="/alerts?level=%E9%BB%84"><strong>2</strong>' in page
