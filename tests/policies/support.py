"""A small known set of enterprise facts, published as serving ``ads_enterprise_facts`` (and
written to a lake's ``rules.enterprise_facts``), with the organisations and users of a test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Float, MetaData, String, Table

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.db import Database
from industry_brain.policies.schemas import PolicyIn
from tests.factories import make_org, make_uscc, make_user

SYSTEM = Principal.system("test")
HOME = "320400"  # 常州市
COLUMNS = (
    "uscc", "home_region_code", "revenue_last_year", "tax_last_year", "employees",
    "rd_ratio_last_year", "region_code", "industry_code", "honors", "age_years", "above_scale",
    "revenue_growth_3y", "invention_patents",
)  # fmt: skip
# name → facts; 甲, 乙, 丙 have accounts on the platform, 丁 (in Shanghai) does not.
ENTERPRISES: dict[str, dict[str, Any]] = {
    "甲精密": {"revenue_last_year": 5200.0, "rd_ratio_last_year": 4.5, "region_code": "320412",
              "industry_code": "3670", "honors": "专精特新、高新技术企业", "above_scale": True,
              "employees": 320.0, "invention_patents": 12.0, "age_years": 9.0},
    "乙电子": {"revenue_last_year": 1500.0, "rd_ratio_last_year": 3.2, "region_code": "320402",
              "industry_code": "3982", "honors": "高新技术企业", "above_scale": True,
              "employees": 120.0, "invention_patents": 3.0, "age_years": 5.0},
    "丙新材": {"revenue_last_year": None, "rd_ratio_last_year": None, "region_code": "320411",
              "industry_code": "3630", "honors": "专精特新", "above_scale": False,
              "employees": None, "invention_patents": 0.0, "age_years": 2.0},
    "丁汽配": {"revenue_last_year": 8000.0, "rd_ratio_last_year": 5.0, "region_code": "310115",
              "industry_code": "3670", "honors": "专精特新", "above_scale": True,
              "employees": 600.0, "invention_patents": 20.0, "age_years": 15.0},
}  # fmt: skip
SRDI_RULE = '上年营业收入 >= 2000 且 荣誉 包含 "专精特新" 且 注册地 前缀 "3204"'


def policy_in(rule_text: str = SRDI_RULE, **changes: Any) -> PolicyIn:
    """Return a policy as entered, published by default."""
    values: dict[str, Any] = {
        "title": "专精特新企业奖励", "issuer": "常州市工业和信息化局",
        "doc_no": "常工信〔2024〕1号", "status": "published", "amount": "最高 50 万元",
        "benefits": "一次性奖励",
        "rule_text": rule_text,
    }  # fmt: skip
    values.update(changes)
    return PolicyIn.model_validate(values)


@dataclass
class Known:
    """The known enterprises' codes by name and their organisations' ids (甲, 乙, 丙)."""

    codes: dict[str, str]
    orgs: dict[str, int]


def facts_rows(codes: dict[str, str]) -> list[dict[str, Any]]:
    """Return the fact rows of the known enterprises (every column present)."""
    rows = []
    for name, facts in ENTERPRISES.items():
        row = dict.fromkeys(COLUMNS)
        row.update(facts, uscc=codes[name], home_region_code=HOME)
        rows.append(row)
    return rows


def publish_facts(database: Database, rows: list[dict[str, Any]]) -> None:
    """(Re)create serving ``ads_enterprise_facts`` holding ``rows``."""
    metadata = MetaData()
    types: dict[str, Any] = {
        "above_scale": Boolean(), "uscc": String(18), "home_region_code": String(6),
        "region_code": String(6), "industry_code": String(4), "honors": String(),
    }  # fmt: skip
    table = Table(
        "ads_enterprise_facts", metadata, *[Column(c, types.get(c, Float())) for c in COLUMNS]
    )
    table.drop(database.engine, checkfirst=True)
    table.create(database.engine)
    with database.engine.begin() as connection:
        connection.execute(table.insert(), rows)


def arrange(database: Database) -> Known:
    """Create 甲, 乙, 丙 as enterprises with a user each (丁 has no account), a government
    office with an org admin ``gov`` and a member ``clerk``; publish the four's facts."""
    codes: dict[str, str] = {}
    orgs: dict[str, int] = {}
    with database.writer() as db:
        for index, name in enumerate(ENTERPRISES):
            if index == 3:  # known to the warehouse only, no account on the platform
                codes[name] = make_uscc(990_000 + index)
                continue
            org: Organisation = make_org(db, name=f"常州{name}有限公司")
            codes[name], orgs[name] = org.uscc or "", org.id
            make_user(db, org=org, username=f"ent{index}")
        gov = make_org(db, name="常州市工业和信息化局", org_type=OrgType.GOVERNMENT)
        make_user(db, org=gov, username="gov", roles=(Role.ORG_ADMIN,))
        make_user(db, org=gov, username="clerk")
    publish_facts(database, facts_rows(codes))
    return Known(codes=codes, orgs=orgs)


def principal(database: Database, username: str) -> Principal:
    """Return the principal a test user acts as."""
    from sqlalchemy import select

    from industry_brain.accounts.models import User
    from industry_brain.accounts.service import principal_for

    with database.reader() as db:
        user = db.scalar(select(User).where(User.username == username))
        assert user is not None
        return principal_for(user)
