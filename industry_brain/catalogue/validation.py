"""Checks of an offering before it is saved: every problem at once, by field, in Chinese, so
the form shows each message next to its field and the API answers them together."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from industry_brain.catalogue.models import CATEGORIES
from industry_brain.catalogue.schemas import OfferingIn
from industry_brain.errors import ValidationFailedError

MAX_TAGS = 10
MAX_CASES = 10
MAX_PRICE = Decimal("1000000000")  # 10 亿元


class OfferingInvalidError(ValidationFailedError):
    """The offering breaks one or more rules; ``problems`` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("；".join(problems.values()), field=next(iter(problems)))
        self.problems = problems


@dataclass(frozen=True)
class CleanOffering:
    """An offering that passed every check, trimmed."""

    title: str
    category: str
    tags: list[str]
    description: str
    price_min: Decimal | None
    price_max: Decimal | None
    price_unit: str
    cases: list[dict[str, str]]
    active: bool


def _price_problem(value: Decimal | None, label: str) -> str | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        return f"{label}不能为负数"
    if value > MAX_PRICE:
        return f"{label}不能超过 10 亿元"
    if value != value.quantize(Decimal("0.01")):
        return f"{label}最多保留两位小数"
    return None


def _prices(data: OfferingIn, problems: dict[str, str]) -> None:
    low, high = data.price_min, data.price_max
    for field, value, label in (("price_min", low, "价格下限"), ("price_max", high, "价格上限")):
        if (problem := _price_problem(value, label)) is not None:
            problems[field] = problem
    if "price_min" in problems or "price_max" in problems:
        return
    if low is None and high is not None:
        problems["price_min"] = "填写了价格上限时请同时填写价格下限（可为 0）"
    elif low is not None and high is not None and high < low:
        problems["price_max"] = "价格上限不能低于价格下限"
    if low is not None and not data.price_unit.strip():
        problems["price_unit"] = "请填写计价单位，如“元/项目”"
    elif len(data.price_unit.strip()) > 20:
        problems["price_unit"] = "计价单位不超过 20 字"


def _tags(tags: list[str], problems: dict[str, str]) -> list[str]:
    clean = list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    if len(clean) > MAX_TAGS:
        problems["tags"] = f"标签最多 {MAX_TAGS} 个"
    elif any(len(tag) > 20 for tag in clean):
        problems["tags"] = "每个标签不超过 20 字"
    return clean


def _cases(data: OfferingIn, problems: dict[str, str]) -> list[dict[str, str]]:
    cases = [
        {"title": case.title.strip(), "text": case.text.strip()}
        for case in data.cases
        if case.title.strip() or case.text.strip()
    ]
    if len(cases) > MAX_CASES:
        problems["cases"] = f"服务案例最多 {MAX_CASES} 个"
    for number, case in enumerate(cases, start=1):
        if not case["title"] or not case["text"]:
            problems["cases"] = f"第 {number} 个案例请同时填写名称和内容"
            break
    return cases


def check_offering(data: OfferingIn) -> CleanOffering:
    """Return the offering trimmed, or raise OfferingInvalidError naming every bad field."""
    problems: dict[str, str] = {}
    title, description = data.title.strip(), data.description.strip()
    if not title:
        problems["title"] = "请填写服务名称"
    elif not 2 <= len(title) <= 100:
        problems["title"] = "服务名称为 2–100 字"
    if data.category not in CATEGORIES:
        problems["category"] = "请选择服务类别：" + "、".join(CATEGORIES)
    tags = _tags(data.tags, problems)
    if len(description) < 10:
        problems["description"] = "服务内容至少 10 字，说明做什么、怎么做、交付什么"
    _prices(data, problems)
    cases = _cases(data, problems)
    if problems:
        raise OfferingInvalidError(problems)
    return CleanOffering(
        title=title, category=data.category, tags=tags, description=description,
        price_min=data.price_min, price_max=data.price_max,
        price_unit=data.price_unit.strip() if data.price_min is not None else "",
        cases=cases, active=data.active,
    )  # fmt: skip
