"""Attachments are kept byte for byte in the raw store with their SHA-256 and original name,
served only to those who work leads, and never served once changed on disk."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select

from industry_brain.accounts.principal import Principal
from industry_brain.errors import ValidationFailedError
from industry_brain.invest import lead_actions
from industry_brain.invest.lead_models import InvestLeadEvent
from tests.conftest import page_login
from tests.invest.leads_support import NODE, POOLED, TEMPLATE, LeadsApp, leads_app, sha256, state

API = "/api/v1/invest/leads"
CONTENT = bytes(range(256)) * 600 + "签约备忘录".encode("gb18030") + b"\x00\r\n\r"
__all__ = ["leads_app"]


def _lead(app: LeadsApp) -> int:
    body = {"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE}
    return int(app.client.post(API, json=body, headers=app.lead).json()["id"])


def _kept(app: LeadsApp, lead_id: int) -> tuple[int, Path]:
    files = {"file": ("../../投资协议（草案）.docx", CONTENT, "application/octet-stream")}
    answer = app.client.post(f"{API}/{lead_id}/attachments", files=files, headers=app.colleague)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["name"], body["bytes"], body["sha256"]) == (
        "投资协议（草案）.docx", len(CONTENT), sha256(CONTENT)
    )  # fmt: skip
    with app.database.reader() as db:
        event = db.scalars(select(InvestLeadEvent).where(InvestLeadEvent.kind == "attach")).one()
    return event.id, app.settings.data_dir / str(event.attachment_path)


def test_an_attachment_is_kept_byte_for_byte_with_its_hash(leads_app: LeadsApp) -> None:
    lead_id = _lead(leads_app)
    event_id, path = _kept(leads_app, lead_id)
    raw = leads_app.settings.data_dir / "raw" / "invest" / f"lead-{lead_id}"
    assert path.parent.parent == raw and path.name == "投资协议（草案）.docx"
    assert path.read_bytes() == CONTENT
    got = leads_app.client.get(f"{API}/{lead_id}/attachments/{event_id}", headers=leads_app.lead)
    assert got.status_code == 200 and got.content == CONTENT
    assert got.headers["content-disposition"] == (
        f"attachment; filename*=UTF-8''{quote('投资协议（草案）.docx')}"
    )
    listed = leads_app.client.get(f"{API}/{lead_id}/attachments", headers=leads_app.lead).json()
    assert [(a["id"], a["sha256"]) for a in listed] == [(event_id, sha256(CONTENT))]


def test_downloads_only_for_those_who_work_leads(leads_app: LeadsApp) -> None:
    app = leads_app
    lead_id = _lead(app)
    event_id, _ = _kept(app, lead_id)
    link = f"/invest/leads/{lead_id}/attachments/{event_id}"
    assert app.client.get(f"/api{link.replace('/invest', '/v1/invest', 1)}").status_code == 401
    for headers in (app.enterprise, app.bank, app.data_admin):
        assert app.client.get(f"{API}/{lead_id}/attachments/{event_id}",
                              headers=headers).status_code == 403  # fmt: skip
    page_login(app.client, "firm")
    refused = app.client.get(link)
    assert refused.status_code == 403 and CONTENT[:64] not in refused.content
    app.client.cookies.clear()
    page_login(app.client, "colleague")
    served = app.client.get(link)
    assert served.status_code == 200 and served.content == CONTENT
    assert app.client.get(f"/invest/leads/{lead_id + 1}/attachments/{event_id}").status_code == 404


def test_a_file_changed_on_disk_is_not_served(leads_app: LeadsApp) -> None:
    lead_id = _lead(leads_app)
    event_id, path = _kept(leads_app, lead_id)
    path.write_bytes(CONTENT[:-1] + b"!")
    answer = leads_app.client.get(f"{API}/{lead_id}/attachments/{event_id}", headers=leads_app.lead)
    assert answer.status_code == 409
    assert (
        answer.json()["detail"] == "附件文件与上传时登记的 SHA-256 不一致，可能已被改动，不予下载"
    )
    path.unlink()
    gone = leads_app.client.get(f"{API}/{lead_id}/attachments/{event_id}", headers=leads_app.lead)
    assert (gone.status_code, gone.json()["detail"]) == (404, "附件文件已不在原始文件库中")


def test_the_action_refuses_a_file_over_its_limit_and_leaves_nothing(leads_app: LeadsApp) -> None:
    app = leads_app
    lead_id = _lead(app)
    _kept(app, lead_id)
    before = state(app.database, app.settings.data_dir)
    actor = Principal.system("test")
    with app.database.writer() as db, pytest.raises(ValidationFailedError) as refused:
        lead_actions.do_attach(
            db, actor=actor, data_dir=app.settings.data_dir, lead_id=lead_id,
            stream=io.BytesIO(b"12345678901"), name="纪要.txt", max_bytes=10,
        )  # fmt: skip
    assert refused.value.message == "附件“纪要.txt”超过上限 10 字节，请压缩或拆分后再上传"
    assert state(app.database, app.settings.data_dir) == before
    with app.database.writer() as db:
        lead_actions.do_attach(
            db, actor=actor, data_dir=app.settings.data_dir, lead_id=lead_id,
            stream=io.BytesIO(b"1234567890"), name="纪要.txt", max_bytes=10,
        )  # fmt: skip
    assert state(app.database, app.settings.data_dir)[1] == before[1] + 1
