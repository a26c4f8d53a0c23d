"""Refused changes of leads say why and change nothing: no lead, event, audit row or file.
Only government users work leads; enterprises, banks and the data admin are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from industry_brain.invest.lead_service import today
from industry_brain.raw_files import size_label, upload_limit
from tests.invest.leads_support import (
    NODE,
    POOLED,
    TEMPLATE,
    UNKNOWN,
    LeadsApp,
    leads_app,
    state,
)

API = "/api/v1/invest/leads"
__all__ = ["leads_app"]


def _lead(app: LeadsApp) -> int:
    body = {"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE}
    created = app.client.post(API, json=body, headers=app.lead)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _refusals(app: LeadsApp, lead_id: int) -> list[tuple[str, dict[str, Any], int, str]]:
    """(path, request arguments, status, message) of changes that must be refused."""
    day = today()
    late = (day - timedelta(days=1)).isoformat()
    limit = upload_limit(app.settings, f"{API}/{lead_id}/attachments")
    return [
        ("", {"json": {"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE}}, 409,
         f"该企业在这一环节已有进行中的招商线索 #{lead_id}"),
        ("", {"json": {"uscc": UNKNOWN, "template_id": TEMPLATE, "node_id": NODE}}, 422,
         f"未找到统一社会信用代码为 {UNKNOWN} 的企业（不在候选企业池，也不在企业画像中）"),
        ("", {"json": {"uscc": POOLED, "template_id": TEMPLATE, "node_id": "warp_drive"}}, 422,
         "产业链模板“new_energy_vehicle”中没有环节“warp_drive”"),
        (f"/{lead_id}/assign", {"json": {"assignee_id": app.colleague_id, "due_on": late}}, 422,
         "办理期限不能早于今天"),
        (f"/{lead_id}/assign", {"json": {"assignee_id": app.enterprise_user_id,
                                         "due_on": day.isoformat()}}, 422,
         "只能指派给政府部门的在用账户"),
        (f"/{lead_id}/assign", {"json": {"assignee_id": app.retired_id,
                                         "due_on": day.isoformat()}}, 422,
         "只能指派给政府部门的在用账户"),
        (f"/{lead_id}/stage", {"json": {"to": "考察"}}, 422,
         "每次只能推进或退回一个阶段：当前为“线索”，可改为接洽"),
        (f"/{lead_id}/stage", {"json": {"to": "放弃", "note": ""}}, 422, "放弃线索须填写原因"),
        (f"/{lead_id}/visits", {"json": {"kind": "visit", "place": "深圳", "text": "洽谈",
                                         "visited_on": (day + timedelta(days=1)).isoformat()}},
         422, "走访日期不能晚于今天"),
        (f"/{lead_id}/visits", {"json": {"kind": "visit", "visited_on": day.isoformat(),
                                         "place": " ", "text": "洽谈"}}, 422, "请填写走访地点"),
        (f"/{lead_id}/visits", {"json": {"kind": "note", "text": "   "}}, 422, "请填写备注内容"),
        (f"/{lead_id}/attachments", {"files": {"file": ("空.txt", b"", "text/plain")}}, 422,
         "附件“空.txt”是空文件"),
        (f"/{lead_id}/attachments", {"files": {"file": ("大.bin", b"x" * (limit + 1))}}, 422,
         f"附件“大.bin”超过上限 {size_label(limit)}，请压缩或拆分后再上传"),
    ]  # fmt: skip


def test_refusals_say_why_and_change_nothing(leads_app: LeadsApp) -> None:
    app = leads_app
    lead_id = _lead(app)
    assert app.client.post(f"{API}/{lead_id}/stage", json={"to": "接洽"},
                           headers=app.lead).status_code == 200  # fmt: skip
    back = app.client.post(f"{API}/{lead_id}/stage", json={"to": "线索"}, headers=app.lead)
    assert back.json()["detail"] == "退回上一阶段请说明原因"
    app.client.post(f"{API}/{lead_id}/stage", json={"to": "线索", "note": "误操作"},
                    headers=app.lead)  # fmt: skip
    before = state(app.database, app.settings.data_dir)
    for path, arguments, status, message in _refusals(app, lead_id):
        answer = app.client.post(f"{API}{path}", headers=app.colleague, **arguments)
        assert (answer.status_code, answer.json()["detail"]) == (status, message), path
        assert state(app.database, app.settings.data_dir) == before, message


def test_a_duplicate_names_the_existing_lead(leads_app: LeadsApp) -> None:
    lead_id = _lead(leads_app)
    again = leads_app.client.post(
        API, json={"uscc": POOLED.lower(), "template_id": TEMPLATE, "node_id": NODE},
        headers=leads_app.colleague,
    )  # fmt: skip
    assert again.status_code == 409
    assert again.json() == {
        "code": "conflict", "detail": f"该企业在这一环节已有进行中的招商线索 #{lead_id}",
        "field": "uscc", "lead_id": lead_id, "link": f"/invest/leads/{lead_id}",
        "api": f"{API}/{lead_id}",
    }  # fmt: skip


@pytest.mark.parametrize("who", ["enterprise", "bank", "data_admin"])
def test_only_government_users_work_leads(leads_app: LeadsApp, who: str) -> None:
    app = leads_app
    lead_id = _lead(app)
    files = {"file": ("纪要.txt", "会议纪要".encode(), "text/plain")}
    kept = app.client.post(f"{API}/{lead_id}/attachments", files=files, headers=app.colleague)
    before = state(app.database, app.settings.data_dir)
    headers = getattr(app, who)
    body = {"uscc": POOLED, "template_id": TEMPLATE, "node_id": "drive_motors"}
    for method, path, extra in (
        ("GET", "", {}), ("POST", "", {"json": body}), ("GET", f"/{lead_id}", {}),
        ("POST", f"/{lead_id}/stage", {"json": {"to": "接洽"}}),
        ("GET", f"/{lead_id}/attachments/{kept.json()['id']}", {}),
        ("GET", "/assignees", {}),
    ):  # fmt: skip
        answer = app.client.request(method, f"{API}{path}", headers=headers, **extra)
        assert answer.status_code == 403, (who, method, path)
    assert state(app.database, app.settings.data_dir) == before
    assert app.client.get(f"{API}/{lead_id}", headers=app.colleague).status_code == 200
