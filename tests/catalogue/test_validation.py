"""An offering is checked field by field before it is saved: every problem at once, in
Chinese, and nothing is saved when one is found."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from industry_brain.catalogue import actions
from industry_brain.catalogue.models import CatalogueOffering
from industry_brain.catalogue.schemas import CaseIn, OfferingIn
from industry_brain.catalogue.service import price_label
from industry_brain.catalogue.validation import OfferingInvalidError, check_offering
from industry_brain.errors import PermissionDeniedError
from tests.catalogue.support import counts, make_world, offering_in


def test_every_bad_field_is_named_at_once() -> None:
    data = OfferingIn(
        title=" 甲 ", category="咨询", tags=["x" * 21], description="太短",
        price_min=Decimal("100.005"), price_max=Decimal("-1"), price_unit="元",
        cases=[CaseIn(title="只有名称", text="")],
    )  # fmt: skip
    with pytest.raises(OfferingInvalidError) as caught:
        check_offering(data)
    assert caught.value.problems == {
        "title": "服务名称为 2–100 字",
        "category": "请选择服务类别：数字化改造、标准规范、知识产权、法律、检验检测、人才培训",
        "tags": "每个标签不超过 20 字",
        "description": "服务内容至少 10 字，说明做什么、怎么做、交付什么",
        "price_min": "价格下限最多保留两位小数",
        "price_max": "价格上限不能为负数",
        "cases": "第 1 个案例请同时填写名称和内容",
    }
    assert caught.value.status_code == 422 and caught.value.field == "title"


@pytest.mark.parametrize(
    ("low", "high", "unit", "field", "message"),
    [
        (None, "100", "元/次", "price_min", "填写了价格上限时请同时填写价格下限（可为 0）"),
        ("500", "100", "元/次", "price_max", "价格上限不能低于价格下限"),
        ("500", None, " ", "price_unit", "请填写计价单位，如“元/项目”"),
        ("2000000000", None, "元", "price_min", "价格下限不能超过 10 亿元"),
    ],
)
def test_price_rules(
    low: str | None, high: str | None, unit: str, field: str, message: str
) -> None:
    data = offering_in(price_min=low and Decimal(low), price_max=high and Decimal(high),
                       price_unit=unit)  # fmt: skip
    with pytest.raises(OfferingInvalidError) as caught:
        check_offering(data)
    assert caught.value.problems == {field: message}


def test_a_good_offering_is_trimmed() -> None:
    cases = [CaseIn(), CaseIn(title=" 甲 ", text=" 乙 ")]
    clean = check_offering(offering_in(title="  MES 实施 ", tags=[" MES", "MES", "", "数采"],
                                       cases=cases))  # fmt: skip
    assert (clean.title, clean.tags, clean.cases) == ("MES 实施", ["MES", "数采"],
                                                       [{"title": "甲", "text": "乙"}])  # fmt: skip
    unpriced = check_offering(offering_in(price_min=None, price_max=None, price_unit="元/次"))
    assert (unpriced.price_min, unpriced.price_unit) == (None, "")


def test_price_labels() -> None:
    assert price_label(None, None, "") == "面议"
    assert price_label(Decimal("1500"), Decimal("1500"), "元/人") == "1,500 元/人"
    assert price_label(Decimal("6000"), Decimal("12000.5"), "元/件") == "6,000–12,000.50 元/件"
    assert price_label(Decimal("8000"), None, "元/年") == "8,000 元/年 起"


def test_create_and_refusals_save_nothing(db: Session) -> None:
    world = make_world(db)
    before = counts(db)
    with pytest.raises(OfferingInvalidError):
        actions.do_create_offering(db, actor=world.provider, data=offering_in(category=""))
    with pytest.raises(PermissionDeniedError, match="无权执行此操作"):
        actions.do_create_offering(db, actor=world.enterprise, data=offering_in())
    db.rollback()
    assert counts(db) == before
    made = actions.do_create_offering(db, actor=world.provider, data=offering_in())
    stored = db.get(CatalogueOffering, made.id)
    assert stored is not None
    assert (stored.provider_org_id, stored.price_min, json.loads(stored.tags), stored.active) == (
        world.provider_org,
        Decimal("150000.00"),
        ["MES", "智能制造"],
        True,
    )
    assert counts(db) == {**before, "offerings": 1, "audit": before["audit"] + 1}
