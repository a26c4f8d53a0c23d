"""Searching the catalogue: category, words over title/tags/description, budget, the
provider's rating, orders; inactive offerings left out; ``search_offerings`` for 数字化诊断."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from industry_brain.catalogue.actions import do_set_active
from industry_brain.catalogue.schemas import OfferingCard, Rating
from industry_brain.catalogue.service import (
    OfferingFilter,
    find_offerings,
    provider_ratings,
    search_offerings,
)
from tests.catalogue.support import World, make_world, offer, rated


def _arrange(db: Session) -> tuple[World, dict[str, int]]:
    world = make_world(db)
    ids = {
        "mes": offer(db, world.provider),
        "iot": offer(db, world.provider, title="设备联网与数据采集", tags=["工业互联网"],
                     description="为机床加装采集网关，实时采集状态与能耗。",
                     price_min=Decimal("30000"), price_max=Decimal("200000")),
        "patent": offer(db, world.other_provider, title="发明专利申请代理", category="知识产权",
                        tags=["专利"], description="技术交底、检索、撰写与答复审查意见。",
                        price_min=Decimal("6000"), price_max=Decimal("12000"), price_unit="元/件"),
        "law": offer(db, world.other_provider, title="企业常年法律顾问", category="法律",
                     tags=["合同"], description="合同审查、劳动用工与纠纷应对服务。",
                     price_min=None, price_max=None),
        "old": offer(db, world.provider, title="旧版 MES 升级",
                     description="旧系统升级改造服务内容。"),
    }  # fmt: skip
    do_set_active(db, actor=world.provider, offering_id=ids["old"], active=False)
    rated(db, world, ids["mes"], 5)
    rated(db, world, ids["iot"], 4, by=world.other_enterprise)
    rated(db, world, ids["patent"], 3, provider=world.other_provider)
    return world, ids


def _ids(db: Session, **spec: object) -> list[int]:
    return [card.id for card in find_offerings(db, OfferingFilter(**spec))[1]]  # type: ignore[arg-type]


def test_filters_and_orders(db: Session) -> None:
    world, ids = _arrange(db)
    assert _ids(db) == [ids["mes"], ids["iot"], ids["patent"], ids["law"]]  # rating 4.5, 4.5, 3, —
    assert _ids(db, category="数字化改造") == [ids["mes"], ids["iot"]]
    assert _ids(db, q="工业互联网") == [ids["iot"]]  # a tag
    assert _ids(db, q="采集 能耗") == [ids["iot"]]  # every word, in the description
    assert _ids(db, q="mes") == [ids["mes"]]  # case-insensitive; the inactive one left out
    assert _ids(db, q="100%") == []
    assert _ids(db, max_price=Decimal("30000")) == [ids["iot"], ids["patent"]]
    assert _ids(db, min_rating=4.5) == [ids["mes"], ids["iot"]]
    assert _ids(db, sort="price") == [ids["patent"], ids["iot"], ids["mes"], ids["law"]]
    assert _ids(db, provider_org_id=world.provider_org, include_inactive=True, sort="new") == [
        ids["old"], ids["iot"], ids["mes"]]  # fmt: skip
    assert find_offerings(db, OfferingFilter(), limit=2, offset=1)[0] == 4


def test_search_offerings_for_diagnosis(db: Session) -> None:
    world, ids = _arrange(db)
    cards = search_offerings(db, category="数字化改造", limit=1)
    assert cards == [
        OfferingCard(
            id=ids["mes"], title="MES 制造执行系统实施", provider_org_id=world.provider_org,
            provider_name="甲数字化服务公司", category="数字化改造", tags=["MES", "智能制造"],
            price_min=Decimal("150000.00"), price_max=Decimal("600000.00"),
            price_unit="元/项目", price_label="150,000–600,000 元/项目", rating_average=4.5,
            rating_count=2, active=True, link=f"/services/catalogue/{ids['mes']}",
        )
    ]  # fmt: skip
    assert [c.id for c in search_offerings(db, q="专利")] == [ids["patent"]]
    assert search_offerings(db, category="人才培训") == []


def test_provider_ratings(db: Session) -> None:
    world, _ = _arrange(db)
    assert provider_ratings(db, [world.provider_org, world.other_provider_org, 999]) == {
        world.provider_org: Rating(4.5, 2), world.other_provider_org: Rating(3.0, 1),
        999: Rating(None, 0),
    }  # fmt: skip
