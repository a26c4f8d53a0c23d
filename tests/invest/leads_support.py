"""Small known data for the 招商 pipeline tests: a published enterprise profile and candidate
pool, the users who matter to leads, and an app over them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    MetaData,
    String,
    Table,
    func,
    select,
)
from sqlalchemy.orm import Session

from industry_brain.accounts import actions as accounts
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import UserUpdate
from industry_brain.app import create_app
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.invest.lead_models import InvestLead, InvestLeadEvent
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user

TEMPLATE = "new_energy_vehicle"
NODE = "battery_cells"  # 动力电池
OTHER_NODE = "drive_motors"  # 驱动电机
POOLED = "91440300MA5F000010"  # in the candidate pool of 动力电池, every factor 80
PROFILED = "91320000MA1X000020"  # only in the enterprise profile (no score)
UNKNOWN = "91110000MA0000003X"


def profile_columns() -> tuple[Column[Any], ...]:
    """Return the columns ads.enterprise_profile publishes (other panels read them)."""
    return (
        Column("uscc", String(18), primary_key=True), Column("name", String(200)),
        *[Column(name, String(40)) for name in (
            "industry_code", "industry_name", "county_code", "city_code", "province_code",
            "location_precision", "status", "legal_representative", "contact_phone", "honors",
            "tags",
        )],
        Column("longitude", Float), Column("latitude", Float), Column("above_scale", Boolean),
        Column("employees", BigInteger), Column("is_local", Boolean), Column("last_period", Date),
        *[Column(name, Float) for name in (
            "revenue_12m_wan_yuan", "tax_12m_wan_yuan", "output_12m_wan_yuan",
            "revenue_12m_yoy_pct",
        )],
        Column("patents", BigInteger), Column("invention_patents", BigInteger),
    )  # fmt: skip


FACTOR_COLUMNS = ("fit", "scale", "growth", "innovation", "network", "relatedness", "distance")


def publish_enterprises(database: Database) -> None:
    """Publish a two-enterprise profile and a one-candidate pool into the serving DB."""
    meta = MetaData()
    profile = Table("ads_enterprise_profile", meta, *profile_columns())
    pool = Table(
        "ads_invest_pool", meta, Column("template_id", String(64)), Column("node_id", String(64)),
        Column("uscc", String(18)), Column("name", String(200)), Column("province_code", String(6)),
        *[Column(factor, Float) for factor in FACTOR_COLUMNS],
    )  # fmt: skip
    meta.create_all(database.engine)
    with database.engine.begin() as connection:
        connection.execute(profile.insert(), [
            {"uscc": POOLED, "name": "深圳甲电池有限公司", "is_local": False,
             "county_code": "440305"},
            {"uscc": PROFILED, "name": "南京乙电机有限公司", "is_local": False,
             "county_code": "320102"},
        ])  # fmt: skip
        connection.execute(pool.insert(), [{
            "template_id": TEMPLATE, "node_id": NODE, "uscc": POOLED, "name": "深圳甲电池有限公司",
            "province_code": "440000", **dict.fromkeys(FACTOR_COLUMNS, 80.0),
        }])  # fmt: skip


@dataclass(frozen=True)
class LeadsApp:
    """The client, the database, settings, bearer headers of each user and useful user ids."""

    client: TestClient
    database: Database
    settings: Settings
    lead: dict[str, str]  # government org admin (投资促进中心)
    colleague: dict[str, str]  # government member
    data_admin: dict[str, str]
    enterprise: dict[str, str]
    bank: dict[str, str]
    colleague_id: int
    retired_id: int  # a deactivated government user
    enterprise_user_id: int


def make_users(database: Database) -> tuple[int, int, int]:
    """Create the users; return the colleague's, the retired one's and the firm user's ids."""
    system = Principal.system("test")
    with database.writer() as db:
        office = make_org(db, name="常州市投资促进中心", org_type=OrgType.GOVERNMENT)
        make_user(db, org=office, username="lead", roles=(Role.ORG_ADMIN,))
        colleague = make_user(db, org=office, username="colleague")
        retired = make_user(db, org=office, username="retired")
        accounts.do_update_user(db, actor=system, user_id=retired.id,
                                data=UserUpdate(is_active=False))  # fmt: skip
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
        firm = make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
        make_user(db, org=make_org(db, org_type=OrgType.BANK), username="banker")
        return colleague.id, retired.id, firm.id


@pytest.fixture
def leads_app(settings: Settings, database: Database) -> Iterator[LeadsApp]:
    """The app over the published enterprises, with its users logged in through the API."""
    publish_enterprises(database)
    colleague, retired, firm = make_users(database)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield LeadsApp(
            c, database, settings,
            *[bearer(api_token(c, name))
              for name in ("lead", "colleague", "data", "firm", "banker")],
            colleague_id=colleague, retired_id=retired, enterprise_user_id=firm,
        )  # fmt: skip


def state(
    database: Database, data_dir: Path
) -> tuple[list[tuple[object, ...]], int, int, list[str]]:
    """Return everything a refused change must leave as it was: leads, events, audit rows
    (but denials) and the files kept in the raw store."""
    with database.reader() as db:
        leads = [
            (lead.id, lead.stage, lead.open_key, lead.assignee_id, lead.due_on, lead.abandon_reason,
             lead.updated_at)
            for lead in db.scalars(select(InvestLead).order_by(InvestLead.id))
        ]  # fmt: skip
        events = db.scalar(select(func.count()).select_from(InvestLeadEvent))
        audited = db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.event_type.like("invest.%"))
        )
    raw = data_dir / "raw" / "invest"
    files = sorted(str(p.relative_to(raw)) for p in raw.rglob("*")) if raw.exists() else []
    return leads, int(events or 0), int(audited or 0), files


def invest_audit(db: Session) -> list[tuple[str, str | None, str]]:
    """Return the invest audit rows: event type, object id and detail, oldest first."""
    rows = db.execute(
        select(AuditEvent.event_type, AuditEvent.object_id, AuditEvent.detail)
        .where(AuditEvent.event_type.like("invest.%"))
        .order_by(AuditEvent.id)
    ).all()
    return [(str(t), o, str(d)) for t, o, d in rows]


def sha256(content: bytes) -> str:
    """Return the hex SHA-256 of bytes."""
    return hashlib.sha256(content).hexdigest()
