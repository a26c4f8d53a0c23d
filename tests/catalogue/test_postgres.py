"""The catalogue on PostgreSQL: search with ratings and filters, the request lifecycle with
its audit rows, a second rating refused, the audit chain intact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from industry_brain.audit.service import verify_chain
from industry_brain.catalogue.service import OfferingFilter, find_offerings, search_offerings
from industry_brain.db import Database
from industry_brain.errors import ConflictError
from tests.catalogue.support import catalogue_audit, make_world, offer, rated
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_catalogue_on_postgres(database: Database) -> None:
    assert database.engine.dialect.name == "postgresql"
    with database.reader() as db:
        _check(db)


def _check(db: Session) -> None:
    from industry_brain.catalogue import request_actions as ra
    from industry_brain.catalogue.schemas import RatingIn

    world = make_world(db)
    mes = offer(db, world.provider)
    patent = offer(db, world.other_provider, title="发明专利申请代理", category="知识产权",
                   tags=["专利"], description="技术交底、检索、撰写与答复审查意见。",
                   price_min=Decimal("6000"), price_max=Decimal("12000"))  # fmt: skip
    rid = rated(db, world, mes, 4)
    cards = search_offerings(db, q="mes")
    assert [(c.id, c.rating_average, c.rating_count) for c in cards] == [(mes, 4.0, 1)]
    spec = OfferingFilter(max_price=Decimal("10000"), sort="price")
    assert [c.id for c in find_offerings(db, spec)[1]] == [patent]
    assert [c.id for c in find_offerings(db, OfferingFilter(min_rating=4))[1]] == [mes]
    with pytest.raises(ConflictError, match="每个需求只能评价一次"):
        ra.do_rate(db, actor=world.enterprise, request_id=rid, data=RatingIn(score=1))
    db.rollback()
    assert [e for e, _, _ in catalogue_audit(db)] == [
        "catalogue.offering.create", "catalogue.offering.create", "catalogue.request.create",
        "catalogue.request.update", "catalogue.request.update", "catalogue.request.update",
        "catalogue.request.rate",
    ]  # fmt: skip
    assert verify_chain(db).ok
