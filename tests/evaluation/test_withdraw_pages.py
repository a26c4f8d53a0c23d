"""Withdrawing a value through the page (CSRF, the history shown in a collapsible block) and
the API (the history listed, 422 / 404 / 409 refusals), on the transcribed Zhejiang system
over an empty platform."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from tests.conftest import api_token, bearer, csrf_of
from tests.evaluation.test_pages_api import API, PAGE, _row, login
from tests.factories import make_org, make_user

FILES = {"evidence": ("审计报告.pdf", b"%PDF-1.4 report", "application/pdf")}


def _history(page: str, key: str) -> str:
    start = page.index(f'id="history-{key}"')
    return page[start : page.index("</details>", start)]


def test_withdraw_on_the_page_and_see_the_history(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    token = csrf_of(client.get(PAGE).text)
    for value, note in (("1.2", "初填"), ("1.4", "按审计报告更正")):
        form = {"csrf_token": token, "key": "zj-17", "value": value, "note": note}
        assert client.post(f"{PAGE}/manual", data=form, files=FILES,
                           follow_redirects=False).status_code == 303  # fmt: skip
    page = client.get(PAGE).text
    history = _history(page, "zj-17")
    assert "填报记录（2）" in history and history.index("1.4") < history.index("1.2")
    assert "按审计报告更正" in history and "初填" in history and "当前有效" in history
    assert history.count("审计报告.pdf") == 2 and history.count('name="reason"') == 2
    newest = re.findall(r'action="(/evaluation/zhejiang-2025/2025/manual/(\d+)/withdraw)"',
                        history)[0]  # fmt: skip
    no_token = client.post(newest[0], data={"reason": "误填"})
    assert no_token.status_code == 403
    no_reason = client.post(newest[0], data={"csrf_token": token, "reason": " "})
    assert no_reason.status_code == 422 and "请填写撤回原因" in no_reason.text
    done = client.post(newest[0], data={"csrf_token": token, "reason": "误填"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"].endswith("?notice=withdrawn#v-zj-17")
    page = client.get(done.headers["location"]).text
    assert "已撤回填报值" in page
    revenue = _row(page, "zj-17")
    assert 'data-status="manual"' in revenue and "初填" in revenue  # the older entry again
    history = _history(page, "zj-17")
    assert f'data-entry="{newest[1]}" data-withdrawn="yes"' in history
    assert "已撤回" in history and "原因：误填" in history and history.count('name="reason"') == 1
    again = client.post(newest[0], data={"csrf_token": token, "reason": "再撤"})
    assert again.status_code == 409 and "已于" in again.text


def test_readers_see_the_history_without_forms(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    admin = bearer(api_token(client, "admin"))
    made = client.post(f"{API}/zhejiang-2025/2025/manual", headers=admin, files=FILES,
                       data={"key": "condition:basic-function-2", "value": "是"})  # fmt: skip
    assert made.status_code == 201
    login(client, db, OrgType.GOVERNMENT, Role.MEMBER)
    page = client.get(PAGE).text
    history = _history(page, "condition-basic-function-2")
    assert "填报记录（1）" in history and "审计报告.pdf" in history
    assert "/withdraw" not in page
    token = csrf_of(page)
    refused = client.post(f"{PAGE}/manual/{made.json()['id']}/withdraw",
                          data={"csrf_token": token, "reason": "x"})  # fmt: skip
    assert refused.status_code == 403


def test_api_withdraw(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    admin, gov = bearer(api_token(client, "admin")), bearer(api_token(client, "gov"))
    made = client.post(f"{API}/zhejiang-2025/2025/manual", headers=admin, files=FILES,
                       data={"key": "zj-21", "value": "是"}).json()  # fmt: skip
    url = f"{API}/zhejiang-2025/2025/manual/{made['id']}/withdraw"
    assert client.post(url, json={"reason": "误填"}, headers=gov).status_code == 403
    assert client.post(url, json={}, headers=admin).status_code == 422
    blank = client.post(url, json={"reason": "  "}, headers=admin)
    assert blank.status_code == 422 and blank.json()["detail"] == "请填写撤回原因"
    other_year = f"{API}/zhejiang-2025/2024/manual/{made['id']}/withdraw"
    assert client.post(other_year, json={"reason": "误填"}, headers=admin).status_code == 404
    other_system = f"{API}/hebei/2025/manual/{made['id']}/withdraw"
    assert client.post(other_system, json={"reason": "误填"}, headers=admin).status_code == 404
    done = client.post(url, json={"reason": "证书已过期"}, headers=admin)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["withdrawn_by"], body["withdrawn_reason"]) == ("admin", "证书已过期")
    assert body["evidence"][0]["filename"] == "审计报告.pdf"
    assert client.post(url, json={"reason": "再撤"}, headers=admin).status_code == 409
    values = client.get(f"{API}/zhejiang-2025/2025", headers=gov).json()["values"]
    item = next(v for v in values if v["indicator"]["id"] == "zj-21")
    assert (item["status"], item["value"]) == ("missing", None)
    listed = client.get(f"{API}/zhejiang-2025/2025/manual?key=zj-21", headers=gov).json()
    assert [(e["id"], e["withdrawn_reason"]) for e in listed] == [(made["id"], "证书已过期")]
    evidence_id = body["evidence"][0]["id"]
    kept = client.get(f"{API}/zhejiang-2025/2025/evidence/{evidence_id}", headers=gov)
    assert kept.content == b"%PDF-1.4 report"  # the evidence stays
