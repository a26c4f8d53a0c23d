"""The 招商 funnel panel: leads per stage, the monthly flow (each lead once per stage, in the
month it first reached it), conversion and overdue, each figure linking to the board filtered
to exactly the leads it counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from industry_brain.invest import lead_actions, lead_service
from industry_brain.invest.panel import last_months
from industry_brain.months import add_months
from tests.conftest import page_login
from tests.invest.leads_support import PROFILED, TEMPLATE, LeadsApp, leads_app

API = "/api/v1/invest/leads"
PANEL = "/api/v1/cockpit/panels/invest"
__all__ = ["leads_app"]


class Clock:
    """The time the actions stamp: noon in Beijing on the 15th of a month ``back`` months ago
    (this month: the 1st, so that it is never after today)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def month(self, back: int, minute: int = 0) -> None:
        first = add_months(lead_service.today().replace(day=1), -back)
        day = first.replace(day=1 if back == 0 else 15)
        self.now = datetime(day.year, day.month, day.day, 4, minute, tzinfo=UTC)


def _flow(app: LeadsApp, clock: Clock) -> dict[str, int]:
    """Six leads moved at known months; return their ids by name."""
    c, h = app.client, app.colleague

    def add(node: str) -> int:
        body = {"uscc": PROFILED, "template_id": TEMPLATE, "node_id": node}
        return int(c.post(API, json=body, headers=h).json()["id"])

    def move(lead: int, to: str, note: str = "说明") -> None:
        assert c.post(f"{API}/{lead}/stage", json={"to": to, "note": note},
                      headers=h).status_code == 200  # fmt: skip

    clock.month(13)
    ids = {"L1": add("cathode")}
    move(ids["L1"], "接洽")
    clock.month(2)
    ids |= {"L2": add("anode"), "L3": add("electrolyte")}
    move(ids["L2"], "接洽")
    clock.month(1)
    ids["L4"] = add("separator")
    for to in ("考察", "签约"):
        move(ids["L2"], to)
    move(ids["L3"], "接洽")
    move(ids["L3"], "线索")
    move(ids["L4"], "放弃")
    clock.month(0)
    move(ids["L2"], "落地")
    move(ids["L3"], "接洽")  # reached before: not counted again
    move(ids["L4"], "线索")  # reopened at 线索: created before, not counted again
    ids |= {"L5": add("drive_motors"), "L6": add("bms")}
    due = lead_service.today() + timedelta(days=1)
    c.post(f"{API}/{ids['L5']}/assign", headers=h,
           json={"assignee_id": app.colleague_id, "due_on": due.isoformat()})  # fmt: skip
    for to in ("接洽", "考察", "签约", "考察"):
        move(ids["L6"], to)
    return ids


def test_the_funnel_counts_exactly(leads_app: LeadsApp, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(lead_actions, "utcnow", lambda: clock.now)
    _flow(leads_app, clock)
    data = leads_app.client.get(PANEL, headers=leads_app.lead).json()
    assert data["stages"] == {"线索": 2, "接洽": 2, "考察": 1, "签约": 0, "落地": 1, "放弃": 0}
    assert (data["total"], data["overdue"], data["signed"], data["landed"]) == (6, 0, 2, 1)
    assert (data["conversion_pct"], data["landing_pct"]) == (33.3, 16.7)
    months = {m["month"]: m["counts"] for m in data["months"]}
    axis = last_months()
    assert list(months) == axis and len(axis) == 12
    zero = dict.fromkeys(("线索", "接洽", "考察", "签约", "落地", "放弃"), 0)
    assert months[axis[-3]] == {**zero, "线索": 2, "接洽": 1}
    assert months[axis[-2]] == {**zero, "线索": 1, "接洽": 1, "考察": 1, "签约": 1, "放弃": 1}
    assert months[axis[-1]] == {**zero, "线索": 2, "接洽": 1, "考察": 1, "签约": 1, "落地": 1}
    assert all(months[m] == zero for m in axis[:-3])
    monkeypatch.setattr(lead_service, "today", lambda: clock.now.date() + timedelta(days=40))
    assert leads_app.client.get(PANEL, headers=leads_app.lead).json()["overdue"] == 1


def test_every_figure_links_to_the_leads_it_counts(
    leads_app: LeadsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(lead_actions, "utcnow", lambda: clock.now)
    ids = _flow(leads_app, clock)
    axis = last_months()
    listed = {
        f"reached=签约&month={axis[-2]}": [ids["L2"]],
        f"reached=线索&month={axis[-1]}": [ids["L5"], ids["L6"]],
        f"reached=接洽&month={axis[-1]}": [ids["L6"]],
        "reached=签约": [ids["L2"], ids["L6"]],
        "stage=接洽": [ids["L1"], ids["L3"]],
    }
    for query, expected in listed.items():
        page = leads_app.client.get(f"{API}?{query}", headers=leads_app.lead).json()
        assert sorted(lead["id"] for lead in page["items"]) == sorted(expected), query
    page_login(leads_app.client, "lead")
    cockpit = leads_app.client.get("/cockpit").text
    assert 'id="panel-invest"' in cockpit
    signed = quote("签约")
    assert f'href="/invest/leads?reached={signed}&amp;month={axis[-2]}">1</a>' in cockpit
    assert f'href="/invest/leads?reached={signed}"><strong>33.3%</strong></a>' in cockpit
    assert f'href="/invest/leads?stage={quote("接洽")}"><strong>2</strong>' in cockpit
    board = leads_app.client.get(f"/invest/leads?reached={signed}&month={axis[-2]}").text
    assert '<strong id="leads-total">1</strong>' in board and "首次到达“签约”" in board
