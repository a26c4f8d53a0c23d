"""Known answers to the built-in questionnaire and an app with the users that matter to the
数字化诊断: two enterprises, a government reader, a provider, a bank and a data admin."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.diagnosis.models import Assessment, AssessmentAnswer
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user

API = "/api/v1/services/diagnosis"
QID = "smb-digital-2024"

# 数字化基础 25/25 (优势), 经营 23/35 (一般), 管理 0/20 (短板), 成效 8/20 (短板): 56, 二级
FIRST: dict[str, list[str]] = {
    "equipment": ["d"], "network": ["d"], "data": ["a", "b", "c", "d"],
    "rnd": ["c"], "production": ["c"], "supply": ["c"], "marketing": ["a", "b"],
    "finance": ["a"], "hr": ["a"], "security": ["none"],
    "efficiency": ["b"], "quality": ["b"], "benefit": ["b"],
}  # fmt: skip
# the same, but 数字化管理 15/20 (优势): 71, 三级
SECOND = {**FIRST, "finance": ["c"], "hr": ["c"], "security": ["a", "b", "c"]}
BEST = {
    **{q: ["d"] for q in FIRST},
    "data": ["a", "b", "c", "d"], "marketing": ["a", "b", "c", "d"],
    "security": ["a", "b", "c", "d"],
}  # fmt: skip
WORST = {**{q: ["a"] for q in FIRST}, "data": ["none"], "marketing": ["none"],
         "security": ["none"]}  # fmt: skip


@dataclass(frozen=True)
class DiagnosisApp:
    """The client, the database and the bearer headers of each user."""

    client: TestClient
    database: Database
    firm: dict[str, str]  # enterprise org admin of 甲
    other: dict[str, str]  # enterprise member of 乙
    gov: dict[str, str]  # government member
    provider: dict[str, str]
    bank: dict[str, str]
    data: dict[str, str]  # operator data admin
    firm_org_id: int


def make_users(database: Database) -> int:
    """Create the users; return the id of enterprise 甲."""
    with database.writer() as db:
        firm = make_org(db, name="常州甲精密机械有限公司")
        make_user(db, org=firm, username="firm", roles=(Role.ORG_ADMIN,))
        make_user(db, org=make_org(db, name="常州乙电子有限公司"), username="other")
        office = make_org(db, name="常州市工业和信息化局", org_type=OrgType.GOVERNMENT)
        make_user(db, org=office, username="gov")
        provider = make_org(db, name="数智服务公司", org_type=OrgType.PROVIDER)
        make_user(db, org=provider, username="provider", roles=(Role.ORG_ADMIN,))
        make_user(db, org=make_org(db, org_type=OrgType.BANK), username="banker")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
        return firm.id


@pytest.fixture
def diagnosis_app(settings: Settings, database: Database) -> Iterator[DiagnosisApp]:
    """The app with its users logged in through the API."""
    firm = make_users(database)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        names = ("firm", "other", "gov", "provider", "banker", "data")
        yield DiagnosisApp(c, database, *[bearer(api_token(c, n)) for n in names],
                           firm_org_id=firm)  # fmt: skip


def stored(database: Database) -> tuple[int, int, int]:
    """Return the number of assessments, answer rows and diagnosis audit rows."""
    with database.reader() as db:
        counts = [
            db.scalar(select(func.count()).select_from(Assessment)),
            db.scalar(select(func.count()).select_from(AssessmentAnswer)),
            db.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.event_type == "diagnosis.assessment.submit")
            ),
        ]
    return (int(counts[0] or 0), int(counts[1] or 0), int(counts[2] or 0))


def submit(
    app: DiagnosisApp, answers: dict[str, list[str]], who: dict[str, str] | None = None
) -> Any:
    """Submit answers through the API and return the response."""
    body = {"questionnaire_id": QID, "answers": answers}
    return app.client.post(f"{API}/assessments", json=body, headers=who or app.firm)
