"""A small catalogue world: two providers, two enterprises, a government office and a data
admin, each with a user, built through the real actions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation, User
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.catalogue.actions import do_create_offering
from industry_brain.catalogue.models import (
    CatalogueMessage,
    CatalogueOffering,
    CatalogueRating,
    CatalogueRequest,
)
from industry_brain.catalogue.schemas import CaseIn, OfferingIn
from tests.factories import make_org, make_user


def principal(user: User, org: Organisation, role: Role = Role.MEMBER) -> Principal:
    """Return the principal a logged-in user acts as."""
    return Principal(user_id=user.id, username=user.username, org_id=org.id,
                     org_type=OrgType(org.org_type), roles=frozenset({role}))  # fmt: skip


@dataclass
class World:
    provider: Principal
    other_provider: Principal
    enterprise: Principal
    other_enterprise: Principal
    government: Principal
    data_admin: Principal
    provider_org: int
    other_provider_org: int
    enterprise_org: int


def _person(db: Session, name: str, org_type: OrgType, username: str, role: Role) -> Principal:
    org = make_org(db, name=name, org_type=org_type)
    return principal(make_user(db, org=org, username=username, roles=(role,)), org, role)


def make_world(db: Session) -> World:
    """Create the organisations and users of the world."""
    provider = _person(db, "甲数字化服务公司", OrgType.PROVIDER, "provider", Role.ORG_ADMIN)
    other = _person(db, "乙知识产权事务所", OrgType.PROVIDER, "provider2", Role.MEMBER)
    enterprise = _person(db, "常州丙精密机械有限公司", OrgType.ENTERPRISE, "firm", Role.MEMBER)
    other_firm = _person(db, "常州丁电子有限公司", OrgType.ENTERPRISE, "firm2", Role.MEMBER)
    government = _person(db, "常州市工业和信息化局", OrgType.GOVERNMENT, "gov", Role.MEMBER)
    admin = _person(db, "运营中心", OrgType.OPERATOR, "catadmin", Role.DATA_ADMIN)
    assert provider.org_id and other.org_id and enterprise.org_id
    return World(provider, other, enterprise, other_firm, government, admin,
                 provider.org_id, other.org_id, enterprise.org_id)  # fmt: skip


def offering_in(**overrides: Any) -> OfferingIn:
    """Return a valid offering, changed as asked."""
    values: dict[str, Any] = {
        "title": "MES 制造执行系统实施", "category": "数字化改造", "tags": ["MES", "智能制造"],
        "description": "梳理生产流程，部署制造执行系统，打通计划与报工。",
        "price_min": Decimal("150000"), "price_max": Decimal("600000"), "price_unit": "元/项目",
        "cases": [CaseIn(title="某汽车零部件厂", text="上线报工与追溯")],
    }  # fmt: skip
    return OfferingIn(**{**values, **overrides})


def offer(db: Session, actor: Principal, **overrides: Any) -> int:
    """Create an offering as the provider and return its id."""
    return do_create_offering(db, actor=actor, data=offering_in(**overrides)).id


def counts(db: Session) -> dict[str, int]:
    """Return how many rows each catalogue table and the audit log hold."""
    db.rollback()
    tables = {
        "offerings": CatalogueOffering, "requests": CatalogueRequest,
        "messages": CatalogueMessage, "ratings": CatalogueRating, "audit": AuditEvent,
    }  # fmt: skip
    return {name: db.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.items()}


def catalogue_audit(db: Session) -> list[tuple[str, str | None, str]]:
    """Return (event type, object id, username) of every catalogue audit row, in order."""
    db.rollback()
    rows = db.execute(
        select(AuditEvent.event_type, AuditEvent.object_id, AuditEvent.username)
        .where(AuditEvent.event_type.like("catalogue.%"))
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def rated(db: Session, world: World, offering_id: int, score: int, *, by: Principal | None = None,
          provider: Principal | None = None) -> int:  # fmt: skip
    """Take a request for the offering to 已完成 and rate it; return the request id."""
    from industry_brain.catalogue import request_actions as ra
    from industry_brain.catalogue.schemas import RatingIn, RequestIn, StatusIn

    firm, seller = by or world.enterprise, provider or world.provider
    made = ra.do_create_request(db, actor=firm, offering_id=offering_id,
                                data=RequestIn(message="请尽快联系我们"))  # fmt: skip
    for to, note in (("已响应", "本周上门调研"), ("进行中", ""), ("已完成", "")):
        ra.do_move_request(db, actor=seller, request_id=made.id, data=StatusIn(to=to, note=note))
    ra.do_rate(db, actor=firm, request_id=made.id, data=RatingIn(score=score, comment=""))
    return made.id
