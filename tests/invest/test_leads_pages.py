"""The board and the lead page: the candidate page's form adds a lead (a second time opens
it), columns with counts, overdue in red, the filters, and the lead page's forms."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from industry_brain.invest import lead_service
from tests.conftest import csrf_of, page_login
from tests.invest.leads_support import (
    NODE,
    OTHER_NODE,
    POOLED,
    PROFILED,
    TEMPLATE,
    UNKNOWN,
    LeadsApp,
    leads_app,
)

API = "/api/v1/invest/leads"
__all__ = ["leads_app"]


def _count(page: str, column: str) -> int:
    found = re.search(
        rf'id="column-{column}-title">[^<]*<span class="count" data-count="(\d+)"', page
    )
    assert found, column
    return int(found.group(1))


def test_the_candidate_form_adds_a_lead_and_a_second_time_opens_it(leads_app: LeadsApp) -> None:
    c = leads_app.client
    page_login(c, "colleague")
    token = csrf_of(c.get("/invest/leads").text)
    form = {"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE, "csrf_token": token}
    added = c.post("/invest/leads", data=form, follow_redirects=False)
    assert added.status_code == 303
    lead_id = int(added.headers["location"].split("/")[-1].split("?")[0])
    assert added.headers["location"] == f"/invest/leads/{lead_id}?notice=created"
    page = c.get(added.headers["location"]).text
    assert "已加入招商线索。" in page and 'id="lead-stage">线索</span>' in page
    assert f'href="/invest/gaps/{TEMPLATE}/{NODE}/candidates/{POOLED}"' in page
    again = c.post("/invest/leads", data=form, follow_redirects=False)
    assert again.headers["location"] == f"/invest/leads/{lead_id}?notice=duplicate"
    assert (
        "该企业在这一环节已有进行中的招商线索，已为您打开。"
        in c.get(again.headers["location"]).text
    )
    unknown = c.post("/invest/leads", data={**form, "uscc": UNKNOWN})
    assert (
        unknown.status_code == 422 and f"未找到统一社会信用代码为 {UNKNOWN} 的企业" in unknown.text
    )
    forged = c.post("/invest/leads", data={**form, "csrf_token": "x", "node_id": OTHER_NODE})
    assert forged.status_code == 403
    listed = c.get(API, headers=leads_app.lead).json()
    assert listed["total"] == 1


def test_board_columns_overdue_and_filters(
    leads_app: LeadsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, c = leads_app, leads_app.client
    mine = c.post(API, json={"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE},
                  headers=app.lead).json()["id"]  # fmt: skip
    other = c.post(API, json={"uscc": PROFILED, "template_id": TEMPLATE, "node_id": OTHER_NODE},
                   headers=app.lead).json()["id"]  # fmt: skip
    due = lead_service.today() + timedelta(days=1)
    c.post(f"{API}/{mine}/assign", json={"assignee_id": app.colleague_id, "due_on": str(due)},
           headers=app.lead)  # fmt: skip
    c.post(f"{API}/{other}/stage", json={"to": "接洽"}, headers=app.lead)
    monkeypatch.setattr(lead_service, "today", lambda: due + timedelta(days=2))
    page_login(c, "colleague")
    board = c.get("/invest/leads").text
    assert [_count(board, col) for col in ("lead", "contact", "inspect", "signed", "landed")] == [
        1, 1, 0, 0, 0
    ]  # fmt: skip
    card = re.search(
        rf'<li class="lead-card is-overdue" data-lead="{mine}">(.*?)</li>', board, re.S
    )
    assert card and "深圳甲电池有限公司" in card.group(1) and f"{due} 前（已逾期）" in card.group(1)
    assert f'<li class="lead-card" data-lead="{other}">' in board
    for query, total in (("assignee=me", 1), ("assignee=none", 1), ("overdue=true", 1),
                         (f"template={TEMPLATE}&node={OTHER_NODE}", 1), ("stage=接洽", 1),
                         (f"template={TEMPLATE}", 2), ("template=photovoltaic", 0)):  # fmt: skip
        page = c.get(f"/invest/leads?{query}").text
        assert f'<strong id="leads-total">{total}</strong>' in page, query
    assert 'data-lead="' + str(mine) + '"' in c.get("/invest/leads?assignee=me").text


def test_the_lead_page_forms_work_and_refuse_with_a_message(leads_app: LeadsApp) -> None:
    app, c = leads_app, leads_app.client
    lead_id = c.post(API, json={"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE},
                     headers=app.lead).json()["id"]  # fmt: skip
    page_login(c, "lead")
    url = f"/invest/leads/{lead_id}"
    token = csrf_of(c.get(url).text)

    def post(path: str, **data: str) -> str:
        answer = c.post(f"{url}/{path}", data={**data, "csrf_token": token})
        return answer.text

    assert "推进：线索 → 接洽" in post("stage", to="接洽", note="")
    refused = c.post(f"{url}/stage", data={"to": "线索", "note": "", "csrf_token": token})
    assert refused.status_code == 422 and "退回上一阶段请说明原因" in refused.text
    page = post("assign", assignee_id=str(app.colleague_id), due_on=str(lead_service.today()))
    assert f"{lead_service.today()} 前办理" in page
    page = post("visits", kind="visit", visited_on=str(lead_service.today()), place="深圳总部",
                people="副总裁王某", text="洽谈用地")  # fmt: skip
    assert "深圳总部 · 副总裁王某" in page and "洽谈用地" in page
    assert "企业来电确认" in post("visits", kind="note", text="企业来电确认")
    kept = c.post(f"{url}/attachments", data={"csrf_token": token, "note": "会议纪要"},
                  files={"file": ("纪要.txt", "纪要正文".encode(), "text/plain")})  # fmt: skip
    assert re.search(
        r'download>纪要.txt</a> <span class="small muted">12 字节 · SHA-256 .*?'
        r"</span></span><br>会议纪要",
        kept.text,
    )
    empty = c.post(f"{url}/attachments", data={"csrf_token": token},
                   files={"file": ("空.txt", b"", "text/plain")})  # fmt: skip
    assert empty.status_code == 422 and "附件“空.txt”是空文件" in empty.text
    page = post("stage", to="放弃", note="企业转投外省")
    assert 'id="lead-abandon-reason">企业转投外省（放弃于“接洽”阶段）' in page
    assert 'id="reopen-form"' in page and 'id="assign-form"' not in page
    assert 'id="lead-stage">接洽</span>' in post("stage", to="接洽", note="企业重新考虑")
