"""定稿 through the page (form, list, read-only view), the API (freeze, list, one) and the
report downloads and ``ib report --snapshot``: the snapshot and its reports keep the frozen
values while the live page changes; readers cannot freeze; another system or year is 404."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.cli import app
from industry_brain.evaluation.models import Snapshot
from tests.conftest import api_token, bearer, csrf_of
from tests.evaluation.test_pages_api import API, PAGE, _row, login
from tests.evaluation.test_report_cli import run  # noqa: F401  (the CLI fixture)
from tests.evaluation.test_reports import pdf_text, word_tables, word_text
from tests.factories import make_org, make_user

FILES = {"evidence": ("审计报告.pdf", b"%PDF-1.4 report", "application/pdf")}


def _enter(client: TestClient, token: str, value: str) -> None:
    form = {"csrf_token": token, "key": "zj-17", "value": value, "note": f"填 {value}"}
    made = client.post(f"{PAGE}/manual", data=form, files=FILES, follow_redirects=False)
    assert made.status_code == 303


def _report_texts(client: TestClient, base: str) -> tuple[str, str]:
    pdf = client.get(f"{base}/report.pdf")
    assert pdf.status_code == 200, pdf.text
    word = client.get(f"{base}/report.docx")
    assert word.status_code == 200
    cells = "\n".join("|".join(row) for table in word_tables(word.content) for row in table)
    return pdf_text(pdf.content), word_text(word.content) + "\n" + cells


def test_freeze_on_the_page_and_keep_it(client: TestClient, db: Session) -> None:
    username = login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    page = client.get(PAGE).text
    token = csrf_of(page)
    assert 'id="freeze-form"' in page and "本年度尚未定稿" in page
    refused = client.post(f"{PAGE}/snapshots", data={"csrf_token": token, "note": "x"})
    assert refused.status_code == 422 and "不能定稿" in refused.text
    assert client.post(f"{PAGE}/snapshots", data={"note": "x"}).status_code == 403  # no CSRF
    _enter(client, token, "1234.5")
    done = client.post(f"{PAGE}/snapshots", data={"csrf_token": token, "note": "报送版"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    snapshot_id = int(re.findall(r"#snapshot-(\d+)$", done.headers["location"])[0])
    listed = client.get(done.headers["location"]).text
    assert "已定稿" in listed and f'id="snapshot-{snapshot_id}"' in listed
    row = listed[listed.index(f'id="snapshot-{snapshot_id}"') :].split("</tr>")[0]
    assert "报送版" in row and username in row
    base = f"{PAGE}/snapshots/{snapshot_id}"
    assert f'href="{base}/report.pdf"' in row and f'href="{base}">查看' in row
    _enter(client, token, "888")  # the data change after the freeze
    assert "888" in _row(client.get(PAGE).text, "zj-17")
    frozen = client.get(base).text
    assert 'id="snapshot-label"' in frozen and "定稿于" in frozen and "报送版" in frozen
    db.rollback()
    sha = db.scalars(select(Snapshot.sha256)).one()
    assert f'<code id="snapshot-sha256">{sha}</code>' in frozen
    revenue = _row(frozen, "zj-17")
    assert "1,234.5" in revenue or "1234.5" in revenue
    assert "888" not in revenue
    assert 'id="freeze-form"' not in frozen and "人工填报</summary>" not in frozen
    assert "/withdraw" not in frozen and f'href="{base}/report.docx"' in frozen
    pdf, word = _report_texts(client, base)
    for text in (pdf, word):
        assert "定稿于" in text and sha[:16] in text.replace("\n", "")
        assert "1,234.5" in text or "1234.5" in text
        assert "888" not in text
    live_pdf, _ = _report_texts(client, PAGE)
    assert "888" in live_pdf and "定稿于" not in live_pdf


def test_readers_see_snapshots_but_cannot_freeze(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    admin = bearer(api_token(client, "admin"))
    client.post(f"{API}/zhejiang-2025/2025/manual", headers=admin, files=FILES,
                data={"key": "zj-21", "value": "是"})  # fmt: skip
    made = client.post(f"{API}/zhejiang-2025/2025/snapshots", headers=admin,
                       json={"note": "初稿"})  # fmt: skip
    assert made.status_code == 201, made.text
    login(client, db, OrgType.GOVERNMENT, Role.MEMBER)
    page = client.get(PAGE).text
    assert f'id="snapshot-{made.json()["id"]}"' in page and 'id="freeze-form"' not in page
    refused = client.post(f"{PAGE}/snapshots", data={"csrf_token": csrf_of(page), "note": "x"})
    assert refused.status_code == 403
    assert client.get(f"{PAGE}/snapshots/{made.json()['id']}").status_code == 200


def test_api_freeze_list_and_one(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    admin, gov = bearer(api_token(client, "admin")), bearer(api_token(client, "gov"))
    url = f"{API}/zhejiang-2025/2025/snapshots"
    empty = client.post(url, headers=admin, json={})
    assert empty.status_code == 422 and "不能定稿" in empty.json()["detail"]
    entered = client.post(f"{API}/zhejiang-2025/2025/manual", headers=admin, files=FILES,
                          data={"key": "zj-21", "value": "是"}).json()  # fmt: skip
    assert client.post(url, headers=gov, json={"note": "x"}).status_code == 403
    made = client.post(url, headers=admin, json={"note": "报送版"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["note"], body["created_by"], body["year"]) == ("报送版", "admin", 2025)
    assert len(body["sha256"]) == 64 and "evaluation" not in body
    live = client.get(f"{API}/zhejiang-2025/2025", headers=gov).json()
    client.post(f"{API}/zhejiang-2025/2025/manual/{entered['id']}/withdraw", headers=admin,
                json={"reason": "误填"})  # fmt: skip
    assert [s["id"] for s in client.get(url, headers=gov).json()] == [body["id"]]
    one = client.get(f"{url}/{body['id']}", headers=gov)
    assert one.status_code == 200
    frozen = one.json()["evaluation"]
    db.rollback()
    stored = db.scalars(select(Snapshot.payload)).one()
    assert frozen == json.loads(stored)
    assert frozen.keys() == live.keys()  # the same shape as the live evaluation
    item = next(v for v in frozen["values"] if v["indicator"]["id"] == "zj-21")
    assert (item["status"], item["value"]) == ("manual", True)
    now = client.get(f"{API}/zhejiang-2025/2025", headers=gov).json()
    assert next(v for v in now["values"] if v["indicator"]["id"] == "zj-21")["value"] is None
    for other in (
        f"{API}/zhejiang-2025/2024/snapshots/{body['id']}",
        f"{API}/hebei/2025/snapshots/{body['id']}",
        f"{url}/{body['id'] + 99}",
    ):
        assert client.get(other, headers=gov).status_code == 404  # fmt: skip
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert f"{API}/{{system_id}}/{{year}}/snapshots/{{snapshot_id}}" in paths


def test_other_system_or_year_pages_are_404(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    token = csrf_of(client.get(PAGE).text)
    _enter(client, token, "5")
    client.post(f"{PAGE}/snapshots", data={"csrf_token": token}, follow_redirects=False)
    db.rollback()
    snapshot_id = db.scalars(select(Snapshot.id)).one()
    for base in (
        f"/evaluation/zhejiang-2025/2024/snapshots/{snapshot_id}",
        f"/evaluation/hebei/2025/snapshots/{snapshot_id}",
    ):
        assert client.get(base).status_code == 404
        assert client.get(f"{base}/report.pdf").status_code == 404
        assert client.get(f"{base}/report.docx").status_code == 404  # fmt: skip


def test_cli_renders_a_snapshot(
    run: CliRunner,  # noqa: F811
    client: TestClient, db: Session, tmp_path: Path,
) -> None:  # fmt: skip
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    token = csrf_of(client.get(PAGE).text)
    _enter(client, token, "4321")
    client.post(f"{PAGE}/snapshots", data={"csrf_token": token}, follow_redirects=False)
    _enter(client, token, "999")
    db.rollback()
    snapshot_id = db.scalars(select(Snapshot.id)).one()
    args = ["report", "self-assessment", "--system", "zhejiang-2025", "--year", "2025"]
    output = tmp_path / "定稿.docx"
    result = run.invoke(app, [*args, "--snapshot", str(snapshot_id), "--output", str(output)])
    assert result.exit_code == 0, result.output
    cells = "\n".join("|".join(r) for t in word_tables(output.read_bytes()) for r in t)
    assert "4,321" in cells or "4321" in cells
    assert "999" not in cells and "定稿于" in word_text(output.read_bytes())
    missing = run.invoke(app, [*args, "--snapshot", str(snapshot_id + 9), "--output",
                               str(tmp_path / "x.docx")])  # fmt: skip
    assert missing.exit_code == 1 and "没有编号为" in missing.output
    assert not (tmp_path / "x.docx").exists()
