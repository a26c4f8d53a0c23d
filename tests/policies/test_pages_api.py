"""The API under /api/v1/services/policies and the pages: a government admin enters a policy
(a bad rule is shown next to the field naming its clause, nothing saved), sees who is
eligible clause by clause; an enterprise sees only its own results and applications, applies,
is notified; the cockpit panel counts it all."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from industry_brain.db import Database
from industry_brain.policies.models import Policy
from tests.conftest import api_token, bearer, csrf_of, page_login
from tests.policies.support import SRDI_RULE, Known, arrange

API = "/api/v1/services/policies"
BODY = {"title": "专精特新企业奖励", "issuer": "常州市工业和信息化局", "status": "published",
        "rule_text": SRDI_RULE, "amount": "最高 50 万元"}  # fmt: skip


@pytest.fixture
def known(database: Database) -> Known:
    return arrange(database)


def _policies(database: Database) -> int:
    with database.reader() as db:
        return int(db.scalar(select(func.count(Policy.id))) or 0)


def test_api_entry_results_and_isolation(
    client: TestClient, database: Database, known: Known
) -> None:
    gov = bearer(api_token(client, "gov"))
    bad = client.post(API, json={**BODY, "rule_text": "上年营业额 >= 2000"}, headers=gov)
    assert bad.status_code == 422
    assert bad.json()["problems"] == ["第 1 个字符处：未知的事实 “上年营业额”"]
    assert _policies(database) == 0
    created = client.post(API, json=BODY, headers=gov)
    assert created.status_code == 201, created.text
    policy = created.json()
    assert (policy["counts"], policy["rule"]["all"][0]) == (
        {"met": 1, "not_met": 2, "unknown": 1},
        {"fact": "revenue_last_year", "op": ">=", "value": 2000},
    )
    ent = bearer(api_token(client, "ent1"))  # 乙
    assert client.post(API, json=BODY, headers=ent).status_code == 403
    mine = client.get(f"{API}/{policy['id']}/results", headers=ent).json()
    assert [(r["uscc"], r["result"]) for r in mine["items"]] == [(known.codes["乙电子"], "not_met")]
    assert mine["counts"] == {"met": 0, "not_met": 1, "unknown": 0}
    everyone = client.get(f"{API}/{policy['id']}/results?result=met", headers=gov).json()
    assert [r["name"] for r in everyone["items"]] == ["常州甲精密有限公司"]
    matches = client.get(f"{API}/matches", headers=ent).json()
    assert [(m["policy"]["id"], m["result"]) for m in matches] == [(policy["id"], "not_met")]


def test_api_applications_are_the_enterprise_own(client: TestClient, known: Known) -> None:
    gov = bearer(api_token(client, "gov"))
    policy_id = client.post(API, json=BODY, headers=gov).json()["id"]
    first, other = bearer(api_token(client, "ent0")), bearer(api_token(client, "ent1"))
    applied = client.post(f"{API}/{policy_id}/applications", json={"note": "附件齐全"},
                          headers=first)  # fmt: skip
    assert (applied.status_code, applied.json()["status"]) == (201, "申报")
    app_id = applied.json()["id"]
    again = client.post(f"{API}/{policy_id}/applications", json={}, headers=first)
    assert (again.status_code, again.json()["application_id"]) == (409, app_id)
    assert client.get(f"{API}/applications", headers=other).json() == []
    assert client.get(f"{API}/applications/{app_id}", headers=other).status_code == 404
    refused = client.post(f"{API}/applications/{app_id}/transition", json={"to": "受理"},
                          headers=first)  # fmt: skip
    assert refused.status_code == 403
    moved = client.post(f"{API}/applications/{app_id}/transition", json={"to": "受理"},
                        headers=gov)  # fmt: skip
    assert moved.json()["status"] == "受理"
    assert [a["id"] for a in client.get(f"{API}/applications", headers=first).json()] == [app_id]
    panel = client.get("/api/v1/cockpit/panels/policies", headers=gov).json()
    assert (panel["published"], panel["eligible_enterprises"]) == (1, 1)
    assert panel["applications"]["受理"] == 1
    # The count is kept between requests, but not past a change of a published rule.
    wider = {**BODY, "rule_text": '荣誉 包含 "专精特新"'}  # 甲, 丙 and 丁
    assert client.put(f"{API}/{policy_id}", json=wider, headers=gov).status_code == 200
    panel = client.get("/api/v1/cockpit/panels/policies", headers=gov).json()
    assert panel["eligible_enterprises"] == 3
    page_login(client, "gov")
    cockpit = client.get("/cockpit").text
    assert 'id="policies-panel-stats"' in cockpit and "专精特新企业奖励</a>：3 家符合" in cockpit


def test_pages_form_detail_services_notifications(
    client: TestClient, database: Database, known: Known
) -> None:
    page_login(client, "gov")
    token = csrf_of(client.get("/policies/new").text)
    form = {"csrf_token": token, "title": "专精特新企业奖励", "issuer": "常州市工业和信息化局",
            "status": "published", "rule_text": "荣誉 包含 专精特新 且 员工 >= 10"}  # fmt: skip
    refused = client.post("/policies", data=form)
    assert refused.status_code == 422
    assert 'id="rule-errors"' in refused.text and "未知的事实 “员工”" in refused.text
    assert _policies(database) == 0
    saved = client.post("/policies", data={**form, "rule_text": SRDI_RULE}, follow_redirects=False)
    assert saved.status_code == 303
    detail = client.get(saved.headers["location"]).text
    assert "上年营业收入为 5200 万元" in detail and "已保存" in detail
    assert detail.count('class="notice"') == 1 and ">True<" not in detail  # said once, in words
    unknown = client.get(saved.headers["location"].split("?")[0] + "?result=unknown").text
    assert "缺少数据：上年营业收入" in unknown and "常州丙新材有限公司" in unknown
    client.cookies.clear()
    page_login(client, "ent0")
    services = client.get("/services/policies").text
    assert "专精特新企业奖励" in services and "在线申报" in services
    policy_id = saved.headers["location"].split("/")[2].split("?")[0]
    applied = client.post(f"/services/policies/{policy_id}/apply",
                          data={"csrf_token": csrf_of(services), "note": "申请"},
                          follow_redirects=False)  # fmt: skip
    assert applied.status_code == 303
    assert client.get("/policies").status_code == 403  # the library is the government's
    inbox = client.get("/notifications").text
    assert 'id="notifications-unread" title="未读">1<' in inbox
    client.post("/notifications/read", data={"csrf_token": csrf_of(inbox)})
    assert 'title="未读">0<' in client.get("/notifications").text
