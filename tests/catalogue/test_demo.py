"""The demo catalogue: three providers marked 演示, a dozen offerings over the six categories,
each tagged 演示; seeding twice adds nothing."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.catalogue.demo import seed_demo_catalogue
from industry_brain.catalogue.models import CATEGORIES
from industry_brain.catalogue.service import OfferingFilter, find_offerings
from industry_brain.db import Database


def test_seed_demo_catalogue(database: Database, db: Session) -> None:
    assert seed_demo_catalogue(database) == 12
    assert seed_demo_catalogue(database) == 0
    db.rollback()
    providers = db.scalars(select(Organisation).where(Organisation.org_type == "provider")).all()
    assert {p.name for p in providers} == {
        "演示·数智工场科技服务有限公司", "演示·知恒知识产权与法律服务中心",
        "演示·标准检测与人才培训研究院",
    }  # fmt: skip
    total, cards = find_offerings(db, OfferingFilter(), limit=100)
    assert total == 12
    assert set(Counter(c.category for c in cards)) == set(CATEGORIES)
    assert all("演示" in c.tags and c.provider_name.startswith("演示·") for c in cards)
    assert find_offerings(db, OfferingFilter(q="演示数据"), limit=100)[0] == 12
