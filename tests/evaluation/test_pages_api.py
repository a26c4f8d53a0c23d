"""The evaluation pages and API end to end on the transcribed Zhejiang system over an empty
platform: missing values shown as missing (never 0), a value entered by hand with evidence
through the page and the API, refusals with clear messages, and who may see and enter."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.evaluation.models import ManualValue
from tests.conftest import api_token, bearer, csrf_of, page_login
from tests.factories import make_org, make_user

API = "/api/v1/evaluation"
PAGE = "/evaluation/zhejiang-2025/2025"


def login(client: TestClient, db: Session, org_type: OrgType, role: Role) -> str:
    """Log a new user in on the page; return the username."""
    user = make_user(db, org=make_org(db, org_type=org_type), roles=(role,))
    page_login(client, user.username)
    return user.username


def _row(page: str, indicator_id: str) -> str:
    start = page.index(f'id="v-{indicator_id}"')
    return page[start : page.index("</tr>", start)]


def _saved(db: Session) -> int:
    db.rollback()
    return int(db.scalar(select(func.count()).select_from(ManualValue)) or 0)


def test_choose_a_system_and_a_year(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    page = client.get("/evaluation")
    assert page.status_code == 200
    assert "行业产业大脑建设指南" in page.text
    assert '<a href="/evaluation" aria-current="page">评估</a>' in page.text
    chosen = client.get("/evaluation?system=zhejiang-2025&year=2025", follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == PAGE


def test_missing_values_are_shown_as_missing(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.GOVERNMENT, Role.MEMBER)
    page = client.get(PAGE).text
    assert '<a href="/evaluation" aria-current="page">评估</a>' in page
    revenue = _row(page, "zj-17")
    assert 'data-status="missing"' in revenue and "缺失" in revenue
    assert "平台无法计算，需人工填报" in revenue and ">0<" not in revenue
    assert 'id="evaluation-grade">未达到基础级<' in page
    assert "基础级·基础功能（待确认）：具备互联网门户" in page
    assert "/evaluation/zhejiang-2025/2025/report.pdf" in page
    assert "/evaluation/research-report.docx?year=2025" in page
    assert "人工填报</summary>" not in page  # readers see no entry forms


def test_enter_a_value_with_evidence_on_the_page(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    token = csrf_of(client.get(PAGE).text)
    form = {"csrf_token": token, "key": "zj-17", "value": "1.2", "unit": "万元", "note": "审计"}
    files = {"evidence": ("审计报告.pdf", b"%PDF-1.4 report", "application/pdf")}
    refused = client.post(f"{PAGE}/manual", data=form, files=files)
    assert refused.status_code == 422
    assert "“业务收益”没有规定单位，不能按“万元”填写" in refused.text
    no_file = client.post(f"{PAGE}/manual", data={**form, "unit": ""})
    assert no_file.status_code == 422 and "请上传“业务收益”的证明材料" in no_file.text
    assert _saved(db) == 0
    done = client.post(f"{PAGE}/manual", data={**form, "unit": ""}, files=files,
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text
    page = client.get(done.headers["location"]).text
    revenue = _row(page, "zj-17")
    assert 'data-status="manual"' in revenue and "1.2" in revenue and "审计报告.pdf" in revenue
    link = re.search(r'href="(/evaluation/zhejiang-2025/2025/evidence/\d+)"', revenue)
    assert link is not None
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 report"
    confirm = {"csrf_token": token, "key": "condition:basic-function-2", "value": "是"}
    assert client.post(f"{PAGE}/manual", data=confirm, files=files).status_code == 200
    assert "人工确认已达到" in client.get(PAGE).text


def test_api_evaluation_and_manual_values(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    admin, gov = bearer(api_token(client, "admin")), bearer(api_token(client, "gov"))
    systems = client.get(f"{API}/systems", headers=gov).json()
    assert {s["id"] for s in systems} >= {"national-2024", "shandong-trial", "zhejiang-2025",
                                          "hebei"}  # fmt: skip
    assert next(s for s in systems if s["id"] == "zhejiang-2025")["graded"] is True
    body = client.get(f"{API}/zhejiang-2025/2025", headers=gov).json()
    revenue = next(v for v in body["values"] if v["indicator"]["id"] == "zj-17")
    assert (revenue["status"], revenue["value"]) == ("missing", None)
    assert len(body["conditions"]) == 27 and body["grade"] is None
    files = {"evidence": ("证书.pdf", b"%PDF cert", "application/pdf")}
    data = {"key": "zj-21", "value": "是"}
    assert client.post(f"{API}/zhejiang-2025/2025/manual", data=data, files=files,
                       headers=gov).status_code == 403  # fmt: skip
    missing = client.post(f"{API}/zhejiang-2025/2025/manual", data=data, headers=admin)
    assert missing.status_code == 422 and "证明材料" in missing.json()["detail"]
    wrong = client.post(f"{API}/zhejiang-2025/2025/manual", data={**data, "value": "3"},
                        files=files, headers=admin)  # fmt: skip
    assert wrong.status_code == 422 and "应填写“是”或“否”" in wrong.json()["detail"]
    made = client.post(f"{API}/zhejiang-2025/2025/manual", data=data, files=files, headers=admin)
    assert made.status_code == 201, made.text
    assert made.json()["value"] == "是" and made.json()["evidence"][0]["filename"] == "证书.pdf"
    body = client.get(f"{API}/zhejiang-2025/2025", headers=gov).json()
    listed = next(v for v in body["values"] if v["indicator"]["id"] == "zj-21")
    assert (listed["status"], listed["value"], listed["detail"]["score"]) == ("manual", True, 2.0)
    evidence_id = made.json()["evidence"][0]["id"]
    got = client.get(f"{API}/zhejiang-2025/2025/evidence/{evidence_id}", headers=gov)
    assert got.content == b"%PDF cert"
    assert client.get(f"{API}/zhejiang-2025/2024/evidence/{evidence_id}",
                      headers=gov).status_code == 404  # fmt: skip


def test_bad_input_and_who_may_see(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db), username="firm")
    firm = bearer(api_token(client, "firm"))
    assert client.get(f"{API}/systems", headers=firm).status_code == 403
    login(client, db, OrgType.ENTERPRISE, Role.ORG_ADMIN)
    assert client.get(PAGE).status_code == 403
    assert ">评估</a>" not in client.get("/").text
    login(client, db, OrgType.GOVERNMENT, Role.ORG_ADMIN)
    unknown = client.get("/evaluation/nowhere/2025")
    assert unknown.status_code == 404 and "zhejiang-2025" in unknown.text
    assert client.get("/evaluation/zhejiang-2025/1990").status_code == 422
    assert client.get("/evaluation?system=zhejiang-2025&year=1990").status_code == 422


def test_evidence_of_a_few_megabytes_is_accepted(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), username="admin",
              roles=(Role.DATA_ADMIN,))  # fmt: skip
    admin = bearer(api_token(client, "admin"))
    scan = b"%PDF-1.4 " + b"x" * (3 * 1_048_576)  # a scanned certificate, over the 1 MB default
    made = client.post(f"{API}/zhejiang-2025/2025/manual", data={"key": "zj-21", "value": "是"},
                       files={"evidence": ("扫描件.pdf", scan, "application/pdf")},
                       headers=admin)  # fmt: skip
    assert made.status_code == 201, made.text
    assert made.json()["evidence"][0]["size"] == len(scan)
