"""The report downloads behind the evaluation pages: PDF and Word for those who may read the
evaluation, refused for others, clear answers for an unknown system or a bad year."""

from __future__ import annotations

import io
from urllib.parse import unquote

from docx import Document as open_word
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from tests.conftest import page_login
from tests.evaluation.test_reports import pdf_text, word_text
from tests.factories import make_org, make_user


def login(client: TestClient, db: Session, org_type: OrgType, role: Role) -> None:
    user = make_user(db, org=make_org(db, org_type=org_type), roles=(role,))
    page_login(client, user.username)


def test_government_reader_downloads_pdf_and_docx(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.GOVERNMENT, Role.MEMBER)
    pdf = client.get("/evaluation/zhejiang-2025/2025/report.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    disposition = unquote(pdf.headers["content-disposition"])
    assert "自评报告-zhejiang-2025-2025.pdf" in disposition
    assert "2025年度建设运营情况自评报告" in pdf_text(pdf.content)
    word = client.get("/evaluation/zhejiang-2025/2025/report.docx")
    assert word.status_code == 200
    assert open_word(io.BytesIO(word.content)).tables
    research = client.get("/evaluation/research-report.docx?year=2025")
    assert research.status_code == 200
    assert "【待填写：" in word_text(research.content)


def test_enterprise_user_is_refused(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.ENTERPRISE, Role.MEMBER)
    assert client.get("/evaluation/zhejiang-2025/2025/report.pdf").status_code == 403
    assert client.get("/evaluation/research-report.docx?year=2025").status_code == 403


def test_unknown_system_and_bad_year(client: TestClient, db: Session) -> None:
    login(client, db, OrgType.OPERATOR, Role.DATA_ADMIN)
    unknown = client.get("/evaluation/nowhere/2025/report.docx")
    assert unknown.status_code == 404 and "nowhere" in unknown.text
    assert client.get("/evaluation/zhejiang-2025/1990/report.pdf").status_code == 422
    assert client.get("/evaluation/research-report.docx?year=abc").status_code == 422
    assert client.get("/evaluation/research-report.docx").status_code == 422


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/evaluation/zhejiang-2025/2025/report.pdf", follow_redirects=False)
    assert response.status_code == 303 and "/login" in response.headers["location"]
