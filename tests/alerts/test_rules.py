"""Rules as data: created and changed by the people allowed to, checked in full when saved
(unknown indicator, non-enterprise indicator in an enterprise rule, wrong types, unordered
thresholds) with a clear message and nothing saved; every change audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from industry_brain.alerts.defaults import DEFAULT_RULES
from industry_brain.alerts.models import AlertRule
from industry_brain.audit.models import AuditEvent
from tests.alerts.conftest import AlertsApp
from tests.conftest import csrf_of, page_login

URL = "/api/v1/monitor/rules"
GOOD: dict[str, Any] = {
    "name": "用电量同比降幅",
    "kind": "yoy_drop",
    "scope": "enterprise",
    "indicator": "electricity",
    "params": {"min_months": 2},
    "thresholds": {"黄": 30, "橙": 50},
}


def _counts(app: AlertsApp) -> tuple[int, int, int]:
    with app.database.reader() as db:
        rules = db.scalar(select(func.count()).select_from(AlertRule)) or 0
        audits = [
            db.scalar(select(func.count()).where(AuditEvent.event_type == kind)) or 0
            for kind in ("alerts.rule.create", "alerts.rule.update")
        ]
    return rules, audits[0], audits[1]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"indicator": "revenue_growth"}, "indicator",
         "未知指标“revenue_growth”：指标须在运行监测的指标库中登记"),
        ({"indicator": "revenue_yoy"}, "indicator",
         "指标“营业收入同比增速”不是企业级指标（没有单个企业的月度数值），不能用于企业规则"),
        ({"indicator": None}, "indicator", "请选择指标"),
        ({"params": {"min_months": "two"}}, "params.min_months",
         "参数“持续月数”应为整数，收到“two”"),
        ({"params": {"min_months": 2.5}}, "params.min_months",
         "参数“持续月数”应为整数，收到“2.5”"),
        ({"params": {"min_months": 13}}, "params.min_months", "参数“持续月数”不能大于 12"),
        ({"params": {"months": 3}}, "params.months", "“同比降幅”规则没有参数“months”"),
        ({"kind": "cliff", "params": {"seasonal": "yes"}}, "params.seasonal",
         "参数“按上年同期季节调整”应为是或否（true/false），收到“yes”"),
        ({"thresholds": {"黄": 50, "橙": 30}}, "thresholds.橙",
         "橙色阈值（30）应高于黄色阈值（50）"),
        ({"thresholds": {"紫": 50}}, "thresholds", "没有“紫”这种预警颜色（红、橙、黄、蓝）"),
        ({"thresholds": {"黄": 130}}, "thresholds.黄", "黄色阈值应在 0 到 100 之间"),
        ({"thresholds": {}}, "thresholds", "至少设置一个颜色的阈值"),
        ({"scope": "node"}, "scope", "“同比降幅”规则只能用于：企业"),
        ({"kind": "status_change", "indicator": None, "params": {"statuses": ["停业"]}},
         "params.statuses", "参数“变更为”只能从 迁出、注销、吊销 中选择"),
        ({"kind": "volatility"}, "kind", "未知的规则类型“volatility”"),
    ],
)  # fmt: skip
def test_invalid_rules_are_refused_and_nothing_is_saved(
    alerts_app: AlertsApp, change: dict[str, Any], field: str, message: str
) -> None:
    before = _counts(alerts_app)
    answer = alerts_app.client.post(URL, json={**GOOD, **change}, headers=alerts_app.lead)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"code": "invalid", "detail": message, "field": field}
    assert _counts(alerts_app) == before


def test_node_rules_need_a_node_indicator_and_thresholds_that_point_down(
    alerts_app: AlertsApp,
) -> None:
    node = {**GOOD, "kind": "indicator_threshold", "scope": "node", "indicator": "revenue_yoy",
            "params": {"direction": "below"}, "thresholds": {"黄": -10, "橙": -5}}  # fmt: skip
    answer = alerts_app.client.post(URL, json=node, headers=alerts_app.lead)
    assert answer.json()["detail"] == "橙色阈值（-5）应低于黄色阈值（-10）"
    node["thresholds"] = {"黄": -10, "橙": -20}
    created = alerts_app.client.post(URL, json=node, headers=alerts_app.lead)
    assert created.status_code == 201
    assert created.json()["description"] == "指标值 ≤-10% 黄色、≤-20% 橙色"


def test_create_update_disable_are_audited(alerts_app: AlertsApp) -> None:
    app = alerts_app
    rules, created_before, _ = _counts(app)
    created = app.client.post(URL, json=GOOD, headers=app.data_admin)
    assert created.status_code == 201, created.text
    rule = created.json()
    assert rule["description"] == "比上年同月下降 ≥30% 黄色、≥50% 橙色"
    assert rule["params"] == {"min_base": 0.0, "min_months": 2}
    assert rule["why"].startswith("同比大幅下滑")
    changed = app.client.patch(
        f"{URL}/{rule['id']}", json={"thresholds": {"黄": 25, "橙": 45, "红": 65}}, headers=app.lead
    )
    assert changed.status_code == 200 and changed.json()["thresholds"] == {
        "红": 65.0, "橙": 45.0, "黄": 25.0,
    }  # fmt: skip
    off = app.client.patch(f"{URL}/{rule['id']}", json={"enabled": False}, headers=app.lead)
    assert off.json()["enabled"] is False
    bad = app.client.patch(f"{URL}/{rule['id']}", json={"params": {"min_months": "x"}},
                           headers=app.lead)  # fmt: skip
    assert bad.status_code == 422
    assert _counts(app) == (rules + 1, created_before + 1, 2)
    with app.database.reader() as db:
        update = db.scalar(select(AuditEvent).where(AuditEvent.event_type == "alerts.rule.update"))
    assert update is not None and '"enabled": {"from": true, "to": false}' not in update.detail
    assert '"thresholds": {"from"' in update.detail
    twice = app.client.post(URL, json=GOOD, headers=app.lead)
    assert twice.status_code == 409 and twice.json()["detail"] == "已有名为“用电量同比降幅”的规则"


def test_only_rule_managers_change_rules(alerts_app: AlertsApp) -> None:
    app = alerts_app
    assert app.client.post(URL, json=GOOD, headers=app.colleague).status_code == 403
    listed = app.client.get(URL, headers=app.colleague).json()
    assert [r["name"] for r in listed] == [r["name"] for r in DEFAULT_RULES]
    assert listed[0]["open_warnings"] == 2
    kinds = app.client.get(f"{URL}/kinds", headers=app.colleague).json()
    assert [k["id"] for k in kinds][:3] == ["yoy_drop", "consecutive_decline", "cliff"]


def _form(page: str, **values: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(page), "scope": "enterprise", "why": "", "enabled": "true",
            **values}  # fmt: skip


def test_the_rule_form_refuses_wrong_input_with_its_message(alerts_app: AlertsApp) -> None:
    app = alerts_app
    page_login(app.client, "lead")
    page = app.client.get("/alerts/rules").text
    assert 'id="rule-form"' in page
    before = _counts(app)
    wrong = app.client.post("/alerts/rules", data=_form(
        page, name="税收同比降幅", kind="yoy_drop", indicator="tax",
        param_yoy_drop_min_months="三", threshold_黄="30"))  # fmt: skip
    assert wrong.status_code == 422 and "参数“持续月数”应为整数，收到“三”" in wrong.text
    assert 'value="税收同比降幅"' in wrong.text  # what was typed is shown again
    form = _form(
        page, name="税收同比降幅", kind="yoy_drop", indicator="tax_growth", threshold_黄="30"
    )
    unknown = app.client.post("/alerts/rules", data=form)
    assert unknown.status_code == 422 and "未知指标“tax_growth”" in unknown.text
    assert _counts(app) == before
    saved = app.client.post("/alerts/rules", data=_form(
        page, name="税收同比降幅", kind="yoy_drop", indicator="tax",
        param_yoy_drop_min_months="2", param_yoy_drop_min_base="1", threshold_黄="30",
        threshold_红="70"), follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"].startswith("/alerts/rules?saved=")
    listed = app.client.get("/alerts/rules").text
    assert "税收同比降幅" in listed and "比上年同月下降 ≥30% 黄色、≥70% 红色" in listed
    assert _counts(app)[0] == before[0] + 1


def test_the_rule_page_toggles_a_rule(alerts_app: AlertsApp) -> None:
    page_login(alerts_app.client, "lead")
    page = alerts_app.client.get("/alerts/rules").text
    done = alerts_app.client.post("/alerts/rules/1/toggle", data={"csrf_token": csrf_of(page)},
                                  follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert alerts_app.client.get(URL + "/1", headers=alerts_app.lead).json()["enabled"] is False
