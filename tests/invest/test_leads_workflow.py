"""The 招商 pipeline end to end through the API: add a candidate, assign, move, visit, note,
attach, step back, land; every change in the timeline and the audit log; abandon and reopen."""

from __future__ import annotations

from datetime import timedelta

from industry_brain.audit.service import verify_chain
from industry_brain.invest.lead_service import lead_for, today
from tests.invest.leads_support import (
    NODE,
    OTHER_NODE,
    POOLED,
    PROFILED,
    TEMPLATE,
    LeadsApp,
    invest_audit,
    leads_app,
    sha256,
    state,
)

API = "/api/v1/invest/leads"
__all__ = ["leads_app", "run_workflow"]


def _stage(app: LeadsApp, lead_id: int, to: str, note: str = "") -> dict[str, object]:
    answer = app.client.post(f"{API}/{lead_id}/stage", json={"to": to, "note": note},
                             headers=app.colleague)  # fmt: skip
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def run_workflow(app: LeadsApp) -> int:
    """Work one lead from 线索 to 落地; return its id."""
    c = app.client
    created = c.post(API, json={"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE},
                     headers=app.lead)  # fmt: skip
    assert created.status_code == 201, created.text
    lead = created.json()
    lead_id = lead["id"]
    assert (lead["stage"], lead["name"], lead["template_name"], lead["node_name"]) == (
        "线索", "深圳甲电池有限公司", "新能源汽车", "动力电池"
    )  # fmt: skip
    assert lead["score_at_add"] == 80.0  # every factor 80: 80 whatever the weights
    with app.database.reader() as db:
        assert lead_for(db, POOLED, TEMPLATE, NODE) == lead_id
    due = today() + timedelta(days=7)
    assign = {"assignee_id": app.colleague_id, "due_on": due.isoformat()}
    assigned = c.post(f"{API}/{lead_id}/assign", headers=app.lead, json=assign)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee"]["organisation"] == "常州市投资促进中心"
    assert (assigned.json()["due_on"], assigned.json()["overdue"]) == (due.isoformat(), False)
    _stage(app, lead_id, "接洽", "已电话联系董事会秘书")
    visit = {"kind": "visit", "visited_on": (today() - timedelta(days=1)).isoformat(),
             "place": "深圳总部", "people": "副总裁王某；投促中心李某",
             "text": "介绍常州电池产业配套"}  # fmt: skip
    assert c.post(f"{API}/{lead_id}/visits", json=visit, headers=app.colleague).status_code == 201
    note = {"kind": "note", "text": "企业计划明年新建 20GWh 基地"}
    assert c.post(f"{API}/{lead_id}/visits", json=note, headers=app.colleague).status_code == 201
    content = "投资意向书：拟投资 50 亿元".encode() * 100
    files = {"file": ("投资意向书.pdf", content, "application/pdf")}
    kept = c.post(f"{API}/{lead_id}/attachments", files=files, data={"note": "盖章版"},
                  headers=app.colleague)  # fmt: skip
    assert kept.status_code == 201, kept.text
    assert (kept.json()["sha256"], kept.json()["bytes"]) == (sha256(content), len(content))
    _stage(app, lead_id, "考察")
    _stage(app, lead_id, "接洽", "企业要求先补充用地方案")
    for to in ("考察", "签约", "落地"):
        final = _stage(app, lead_id, to)
    assert (final["stage"], final["forward_to"], final["back_to"]) == ("落地", None, "签约")
    return int(lead_id)


def test_a_lead_from_candidate_to_landing_with_its_timeline_and_audit(leads_app: LeadsApp) -> None:
    lead_id = run_workflow(leads_app)
    detail = leads_app.client.get(f"{API}/{lead_id}", headers=leads_app.lead).json()
    timeline = [(e["kind"], e["stage"], e["label"]) for e in reversed(detail["timeline"])]
    assert timeline == [
        ("stage", "线索", "加入线索"), ("assign", None, "指派"), ("stage", "接洽", "阶段：接洽"),
        ("visit", None, "走访"), ("note", None, "备注"), ("attach", None, "附件"),
        ("stage", "考察", "阶段：考察"), ("stage", "接洽", "阶段：接洽"),
        ("stage", "考察", "阶段：考察"), ("stage", "签约", "阶段：签约"),
        ("stage", "落地", "阶段：落地"),
    ]  # fmt: skip
    texts = [e["text"] for e in reversed(detail["timeline"])]
    assert texts[0] == "加入招商线索：新能源汽车 · 动力电池，加入时得分 80.0"
    assert texts[2] == "推进：线索 → 接洽。已电话联系董事会秘书"
    assert texts[7] == "退回：考察 → 接洽。企业要求先补充用地方案"
    visit = detail["timeline"][-4]
    assert (visit["place"], visit["people"]) == ("深圳总部", "副总裁王某；投促中心李某")
    assert [a["name"] for a in detail["attachments"]] == ["投资意向书.pdf"]
    with leads_app.database.reader() as db:
        audited = invest_audit(db)
        assert verify_chain(db).ok
    assert [(t, o) for t, o, _ in audited] == [
        ("invest.lead.create", str(lead_id)), ("invest.lead.update", str(lead_id)),
        ("invest.lead.update", str(lead_id)), ("invest.lead.visit", str(lead_id)),
        ("invest.lead.visit", str(lead_id)), ("invest.lead.attach", str(lead_id)),
        *[("invest.lead.update", str(lead_id))] * 5,
    ]  # fmt: skip
    assert '"score_at_add": 80.0' in audited[0][2] and '"change": "assign"' in audited[1][2]
    assert '"from": "考察", "note": "企业要求先补充用地方案"' in audited[7][2]


def test_abandon_needs_a_reason_and_reopen_returns_to_the_stage_left(leads_app: LeadsApp) -> None:
    app, c = leads_app, leads_app.client
    body = {"uscc": PROFILED, "template_id": TEMPLATE, "node_id": OTHER_NODE}
    first = c.post(API, json=body, headers=app.colleague).json()
    assert (first["name"], first["score_at_add"]) == ("南京乙电机有限公司", None)
    _stage(app, first["id"], "接洽")
    before = state(app.database, app.settings.data_dir)
    refused = c.post(f"{API}/{first['id']}/stage", json={"to": "放弃", "note": "  "},
                     headers=app.colleague)  # fmt: skip
    assert (refused.status_code, refused.json()["detail"]) == (422, "放弃线索须填写原因")
    assert state(app.database, app.settings.data_dir) == before
    gone = _stage(app, first["id"], "放弃", "企业已选定外省基地")
    assert (gone["stage"], gone["abandon_reason"], gone["reopen_to"]) == (
        "放弃", "企业已选定外省基地", "接洽"
    )  # fmt: skip
    assign = {"assignee_id": app.colleague_id, "due_on": today().isoformat()}
    assert c.post(f"{API}/{first['id']}/assign", json=assign, headers=app.lead).status_code == 409
    second = c.post(API, json=body, headers=app.lead)  # a fresh attempt is a new lead
    assert second.status_code == 201
    clash = c.post(f"{API}/{first['id']}/stage", json={"to": "接洽", "note": "企业改变主意"},
                   headers=app.colleague)  # fmt: skip
    assert clash.status_code == 409
    assert (clash.json()["lead_id"], clash.json()["link"]) == (
        second.json()["id"], f"/invest/leads/{second.json()['id']}"
    )  # fmt: skip
    _stage(app, second.json()["id"], "放弃", "重复录入")
    wrong = c.post(f"{API}/{first['id']}/stage", json={"to": "线索", "note": "企业改变主意"},
                   headers=app.colleague)  # fmt: skip
    assert wrong.json()["detail"] == "重新打开只能回到放弃前的阶段“接洽”"
    silent = c.post(f"{API}/{first['id']}/stage", json={"to": "接洽"}, headers=app.colleague)
    assert (silent.status_code, silent.json()["detail"]) == (422, "重新打开请说明原因")
    back = _stage(app, first["id"], "接洽", "企业改变主意")
    assert (back["stage"], back["abandon_reason"], back["reopen_to"]) == ("接洽", None, None)
    assert back["timeline"][0]["text"] == "重新打开，回到“接洽”：企业改变主意"
    with app.database.reader() as db:
        assert lead_for(db, PROFILED, TEMPLATE, OTHER_NODE) == first["id"]
        details = [d for t, _, d in invest_audit(db) if t == "invest.lead.update"]
    assert '"change": "abandon", "from": "接洽", "reason": "企业已选定外省基地"' in details[1]
    assert '"abandon_reason": "企业已选定外省基地", "change": "reopen"' in details[-1]
