"""Landing pages by organisation type: each shows its own content, exactly, and nobody else's."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts import actions
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate
from industry_brain.audit.models import AuditEvent
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.chain.test_chain_platform import CATHODE, CELLS
from tests.conftest import api_token, bearer, page_login
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, ALPHA_NAME
from tests.warehouse.test_warehouse_web import CSV

SECTION = re.compile(r'<section class="card portal-section" id="([a-z]+)"')


def _landing(client: TestClient, username: str) -> str:
    client.cookies.clear()
    page_login(client, username)
    page = client.get("/")
    assert page.status_code == 200, page.text
    assert f"<h1>您好，{username}</h1>" in page.text
    return page.text


def _figure(page: str, figure_id: str) -> str:
    found = re.search(rf'<strong id="{figure_id}"[^>]*>([^<]*)</strong>', page)
    assert found is not None, figure_id
    return found.group(1)


def test_the_government_lands_on_the_cluster_figures_and_its_pages(
    classified: PipelineReport, client: TestClient, db: Session
) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    page = _landing(client, "gov")
    assert SECTION.findall(page) == ["cluster", "capabilities"]
    # 2024-12: 甲 100 + 乙 110 万元, as a year before; 3 local, 2 规上; 12 × 210; two firms
    figures = ("portal-revenue", "portal-yoy", "portal-local", "portal-above-scale")
    assert [_figure(page, f) for f in figures] == ["210", "+0.0%", "3", "2"]
    assert _figure(page, "portal-revenue-12m") == "2,520"
    assert _figure(page, "portal-cr10") == "100.0%"
    top = re.findall(r'<li><a href="/enterprises/([0-9A-Z]{18})">', page)
    assert top == [CATHODE, CELLS]
    assert 'href="/enterprises?local=true&amp;above_scale=true"' in page
    for href in ("/cockpit", "/map", "/chain", "/catalog"):
        assert f'<li><a href="{href}">' in page, href
    assert "推送令牌" not in page and "数据管道" not in page
    assert client.get("/workbench").status_code == 403
    gov = bearer(api_token(client, "gov"))
    assert client.get("/api/v1/workbench", headers=gov).status_code == 403


def test_the_data_admin_sees_the_last_run_and_the_rejected_rows(
    classified: PipelineReport, client: TestClient, db: Session
) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
    uploaded = client.post(
        "/api/v1/warehouse/import/registry",
        headers=bearer(api_token(client, "data")),
        files={"file": ("名录.csv", CSV, "text/csv")},
    )
    assert (uploaded.json()["accepted"], uploaded.json()["rejected"]) == (3, 2)
    page = _landing(client, "data")
    assert SECTION.findall(page) == ["data"]
    assert re.search(r'id="pipeline-status">最近一次运行：<strong class="ok">成功</strong>', page)
    # the classified cluster's four files (4 + 5 + 2 + 48 rows) and the upload (3 of 5)
    ids = ("data-batches", "data-loaded", "data-failed", "data-with-rejections")
    assert [_figure(page, f) for f in ids] == ["5", "5", "0", "1"]
    assert (_figure(page, "data-accepted"), _figure(page, "data-quarantined")) == ("62", "2")
    assert f'href="/warehouse/batches/{uploaded.json()["batch_id"]}"' in page
    for href in ("/warehouse", "/catalog", "/enterprises/merges"):
        assert f'<li><a href="{href}">' in page, href
    assert "platform-users" not in page and "locked-users" not in page


def test_each_operator_role_lands_on_its_own_duties(client: TestClient, db: Session) -> None:
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="sys", roles=(Role.SYSTEM_ADMIN,))
    make_user(db, org=operator, username="sec", roles=(Role.SECURITY_ADMIN,))
    make_user(db, org=operator, username="aud", roles=(Role.AUDIT_ADMIN,))
    firm = make_org(db)
    make_user(db, org=firm, username="dave")
    make_user(db, org=make_org(db, org_type=OrgType.BANK), username="banker")
    for _ in range(5):
        client.post("/api/v1/auth/token", data={"username": "dave", "password": "Wrong-Pass-1"})
    probe = client.get("/api/v1/audit/events", headers=bearer(api_token(client, "banker")))
    assert probe.status_code == 403

    system = _landing(client, "sys")
    assert SECTION.findall(system) == ["platform"]
    counts = [_figure(system, f"platform-{k}") for k in ("operator", "enterprise", "bank")]
    assert counts + [_figure(system, "platform-users")] == ["1", "1", "1", "5"]
    assert 'href="/audit"' not in system

    security = _landing(client, "sec")
    assert SECTION.findall(security) == ["security"]
    locked = re.search(r'<table class="responsive" id="locked-users">.*?</table>', security, re.S)
    assert locked is not None and ">dave</a>" in locked.group(0)
    assert _figure_h3(security) == "1"
    assert "GET /api/v1/audit/events" in security and ">banker<" in security
    assert 'href="/audit"' not in security

    audit_page = _landing(client, "aud")
    assert SECTION.findall(audit_page) == ["audit"]
    db.rollback()
    assert _figure(audit_page, "audit-total") == str(
        db.scalar(select(func.count()).select_from(AuditEvent))
    )
    assert _figure(audit_page, "audit-denied") == "1"
    assert 'href="/audit"' in audit_page and 'href="/audit/verify"' in audit_page
    assert "dave" not in _section(audit_page, "platform") + _section(audit_page, "security")


def _figure_h3(page: str) -> str:
    found = re.search(r'被拒绝的访问：<span id="denial-total">(\d+)</span>', page)
    assert found is not None
    return found.group(1)


def _section(page: str, section_id: str) -> str:
    found = re.search(rf'id="{section_id}".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_partners_see_their_card_their_capabilities_and_the_api(
    client: TestClient, db: Session
) -> None:
    bank = make_org(db, org_type=OrgType.BANK, name="常州银行")
    make_user(db, org=bank, username="bank_admin", roles=(Role.ORG_ADMIN,))
    make_user(db, org=bank, username="bank_clerk")
    page = _landing(client, "bank_admin")
    assert SECTION.findall(page) == ["organisation", "capabilities", "api"]
    assert "<dd>常州银行</dd>" in page and _figure_span(page, "org-users") == "2"
    assert f'href="/accounts/organisations/{bank.id}"' in page
    capabilities = _section(page, "capabilities")
    offered = re.findall(r'<li><a href="([^"]+)">', capabilities)
    # Every organisation browses the 服务目录 (a bank may look for partners there too).
    assert offered == [
        "/services/catalogue",
        "/accounts/organisations",
        "/api/docs",
        "/account/password",
    ]
    assert "金融机构账户" in capabilities
    assert 'curl -X POST "http://testserver/api/v1/auth/token"' in page
    assert "-F username=bank_admin" in page
    assert "/cockpit" not in page and "产业概况" not in page

    clerk = _landing(client, "bank_clerk")
    assert re.findall(r'<li><a href="([^"]+)">', _section(clerk, "capabilities")) == [
        "/services/catalogue",
        "/api/docs",
        "/account/password",
    ]
    assert f'href="/accounts/organisations/{bank.id}"' not in clerk


def _figure_span(page: str, span_id: str) -> str:
    found = re.search(rf'<span id="{span_id}">([^<]*)</span>', page)
    assert found is not None
    return found.group(1)


def test_an_enterprise_lands_on_its_workbench_before_and_after_publishing(
    known_cluster: PipelineReport, client: TestClient, db: Session
) -> None:
    data = OrganisationCreate(name=ALPHA_NAME, org_type=OrgType.ENTERPRISE, uscc=ALPHA)
    alpha = actions.do_create_organisation(db, actor=Principal.system("test"), data=data)
    make_user(db, org=alpha, username="alpha", roles=(Role.ORG_ADMIN,))
    make_user(db, org=make_org(db, name="未入库企业有限公司"), username="newcomer")

    page = _landing(client, "alpha")
    assert SECTION.findall(page) == ["profile", "batches", "tokens"]
    assert f'<strong id="profile-name">{ALPHA_NAME}</strong>' in page
    assert _figure(page, "profile-revenue") == "1,440.0"  # 12 × 120 万元
    scores = [_figure(page, f"profile-score-{k}") for k in ("growth", "innovation", "stability")]
    assert scores == ["67", "60", "100"]
    assert f'href="/enterprises/{ALPHA}"' in page
    assert 'id="wb-no-batches"' in page and 'id="token-form"' in page
    assert f'"uscc": "{ALPHA}"' in html.unescape(page)  # the push example names the own code
    assert "portal-revenue" not in page and 'href="/cockpit"' not in page

    newcomer = _landing(client, "newcomer")
    assert 'id="profile-missing"' in newcomer and "尚未进入已发布的数据仓库" in newcomer
    assert ALPHA_NAME not in newcomer
    assert 'id="token-form"' not in newcomer  # a member sees the tokens, the admin makes them
    api = client.get("/api/v1/workbench", headers=bearer(api_token(client, "alpha"))).json()
    assert api["uscc"] == ALPHA and api["profile"]["profile"]["name"] == ALPHA_NAME
    assert api["submissions"]["batches"] == 0 and api["push_tokens"] == []
    assert api["push_example"]["url"] == "http://testserver/api/v1/warehouse/push/operations"
    documented = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/workbench", "/api/v1/accounts/push-tokens"} <= set(documented)
    assert "/api/v1/accounts/push-tokens/{token_id}" in documented
