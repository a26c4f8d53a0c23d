"""Warnings as tasks through the API: list and explain, assign with a due date, record what
was done, close with an outcome, reopen; every change audited and on the timeline; overdue;
who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from industry_brain.alerts import service
from industry_brain.audit.models import AuditEvent
from tests.alerts.conftest import AlertsApp
from tests.conftest import page_login

URL = "/api/v1/monitor/warnings"


def _audit(app: AlertsApp, event_type: str) -> list[tuple[str, str | None]]:
    with app.database.reader() as db:
        rows = db.execute(
            select(AuditEvent.username, AuditEvent.object_id)
            .where(AuditEvent.event_type == event_type)
            .order_by(AuditEvent.id)
        ).all()
    return [(str(u), o) for u, o in rows]


def _alpha(app: AlertsApp) -> int:
    found = app.client.get(URL, headers=app.lead).json()
    return next(item["id"] for item in found["items"] if item["subject_key"] == "ALPHA")


def test_the_list_counts_by_colour_and_filters(alerts_app: AlertsApp) -> None:
    found = alerts_app.client.get(URL, headers=alerts_app.colleague).json()
    assert found["total"] == 2 and found["by_level"] == {"红": 0, "橙": 0, "黄": 2, "蓝": 0}
    assert [i["subject_name"] for i in found["items"]] == ["常州零有限公司", "常州甲有限公司"]
    assert found["items"][1]["summary"] == "营业收入比上年同月下降 40.0%"
    assert found["items"][1]["county_name"] == "武进区"
    none = alerts_app.client.get(URL, params={"level": "红"}, headers=alerts_app.lead).json()
    assert none["total"] == 0
    closed = alerts_app.client.get(URL, params={"status": "closed"}, headers=alerts_app.lead)
    assert closed.json()["total"] == 0


def test_a_warning_is_explained_in_words(alerts_app: AlertsApp) -> None:
    detail = alerts_app.client.get(f"{URL}/{_alpha(alerts_app)}", headers=alerts_app.lead).json()
    assert detail["explanation"] == (
        "常州甲有限公司 2024-12 营业收入 60.0 万元，比上年同月（2023-12）的 100.0 万元 下降 40.0%。"
        "条件自 2024-11 起满足。规则“营业收入同比降幅”（比上年同月下降 ≥30% 黄色、≥50% 橙色、"
        "≥70% 红色）判为黄色预警。为什么重要：同比大幅下滑往往是订单流失、停产减产的先兆，"
        "需及时了解原因。"
    )
    assert detail["threshold"] == 30.0 and detail["facts"] == {"base_period": "2023-12"}
    assert [e["label"] for e in detail["timeline"]] == ["产生预警"]
    zero = alerts_app.client.get(URL, headers=alerts_app.lead).json()["items"][0]
    text = alerts_app.client.get(f"{URL}/{zero['id']}", headers=alerts_app.lead).json()
    assert "本月报送为 0，可能是漏报，颜色最高按黄色处理，请核实。" in text["explanation"]


def test_assign_comment_close_and_reopen_are_audited(alerts_app: AlertsApp) -> None:
    app, warning = alerts_app, _alpha(alerts_app)
    due = service.today() + timedelta(days=7)
    assigned = app.client.post(
        f"{URL}/{warning}/assign",
        json={"assignee_id": app.colleague_id, "due_on": due.isoformat(), "note": "请走访"},
        headers=app.lead,
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee"]["name"] == "测试用户" and assigned.json()["overdue"] is False
    said = app.client.post(
        f"{URL}/{warning}/comments", json={"text": "已电话了解：订单转移"}, headers=app.colleague
    )
    assert said.status_code == 201
    vague = app.client.post(
        f"{URL}/{warning}/close", json={"outcome": "other"}, headers=app.colleague
    )
    assert vague.status_code == 422 and vague.json()["detail"] == "结果为“其他”时请说明情况"
    closed = app.client.post(
        f"{URL}/{warning}/close",
        json={"outcome": "helped", "note": "协调新客户"},
        headers=app.colleague,
    ).json()
    assert (closed["status"], closed["outcome_label"]) == ("closed", "已帮扶")
    again = app.client.post(
        f"{URL}/{warning}/close", json={"outcome": "resolved"}, headers=app.lead
    )
    assert again.status_code == 409
    reopened = app.client.post(f"{URL}/{warning}/reopen", json={"reason": "订单仍未恢复"},
                               headers=app.lead).json()  # fmt: skip
    assert reopened["status"] == "open" and reopened["outcome"] is None
    assert [e["label"] for e in reopened["timeline"]] == [
        "产生预警", "指派", "处置记录", "办结", "重新打开",
    ]  # fmt: skip
    assert reopened["timeline"][1]["text"] == (
        f"指派给测试用户（常州市工业和信息化局），{due:%Y-%m-%d} 前办理。请走访"
    )
    assert _audit(app, "alerts.warning.assign") == [("lead", str(warning))]
    assert _audit(app, "alerts.warning.comment") == [("colleague", str(warning))]
    assert _audit(app, "alerts.warning.close") == [("colleague", str(warning))]
    assert _audit(app, "alerts.warning.reopen") == [("lead", str(warning))]


def test_assignment_refusals_change_nothing(alerts_app: AlertsApp) -> None:
    app, warning = alerts_app, _alpha(alerts_app)
    tomorrow = (service.today() + timedelta(days=1)).isoformat()
    firm = app.client.post(
        f"{URL}/{warning}/assign",
        json={"assignee_id": app.enterprise_user_id, "due_on": tomorrow}, headers=app.lead,
    )  # fmt: skip
    assert firm.status_code == 422 and firm.json()["detail"] == "只能指派给政府部门的在用账户"
    past = (service.today() - timedelta(days=1)).isoformat()
    late = app.client.post(
        f"{URL}/{warning}/assign",
        json={"assignee_id": app.colleague_id, "due_on": past},
        headers=app.lead,
    )
    assert late.status_code == 422 and late.json()["detail"] == "办理期限不能早于今天"
    assert app.client.get(f"{URL}/{warning}", headers=app.lead).json()["assignee"] is None
    assert _audit(app, "alerts.warning.assign") == []


def test_overdue_tasks_are_flagged_and_filtered(
    alerts_app: AlertsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, warning = alerts_app, _alpha(alerts_app)
    due = service.today() + timedelta(days=2)
    app.client.post(f"{URL}/{warning}/assign",
                    json={"assignee_id": app.colleague_id, "due_on": due.isoformat()},
                    headers=app.lead)  # fmt: skip
    assert app.client.get(URL, params={"overdue": True}, headers=app.lead).json()["total"] == 0
    monkeypatch.setattr(service, "today", lambda: due + timedelta(days=1))
    late = app.client.get(URL, params={"overdue": True}, headers=app.lead).json()
    assert [(i["id"], i["overdue"]) for i in late["items"]] == [(warning, True)]
    mine = app.client.get(URL, params={"assignee": app.colleague_id}, headers=app.lead).json()
    assert mine["total"] == 1
    assert app.client.get(URL, params={"assignee": "none"}, headers=app.lead).json()["total"] == 1


def test_enterprises_and_banks_see_nothing_and_data_admins_only_read(
    alerts_app: AlertsApp,
) -> None:
    app, warning = alerts_app, _alpha(alerts_app)
    for who in (app.enterprise, app.bank):
        assert app.client.get(URL, headers=who).status_code == 403
        assert app.client.get(f"{URL}/{warning}", headers=who).status_code == 403
        assert app.client.get("/api/v1/monitor/rules", headers=who).status_code == 403
        refused = app.client.post(f"{URL}/{warning}/comments", json={"text": "x"}, headers=who)
        assert refused.status_code == 403
    assert app.client.get(URL, headers=app.data_admin).json()["total"] == 2
    tomorrow = (service.today() + timedelta(days=1)).isoformat()
    refused = app.client.post(
        f"{URL}/{warning}/assign",
        json={"assignee_id": app.colleague_id, "due_on": tomorrow}, headers=app.data_admin,
    )  # fmt: skip
    assert refused.status_code == 403
    assert len(_audit(app, "access.denied")) == 9
    page_login(app.client, "firm")
    assert app.client.get("/alerts").status_code == 403
    assert app.client.get(f"/alerts/{warning}").status_code == 403
    page_login(app.client, "data")
    page = app.client.get(f"/alerts/{warning}")
    assert page.status_code == 200 and "常州甲有限公司" in page.text
    assert 'id="assign-form"' not in page.text  # reads, does not act
