"""How a report prints values: numbers without noise, booleans in words, no data as 缺数据."""

from __future__ import annotations

from datetime import datetime

from industry_brain.clock import beijing
from industry_brain.evaluation.model import IndicatorValue, Scalar

NO_DATA = "缺数据"
STATUS_LABELS = {"measured": "自动计算", "manual": "人工填报", "missing": "缺数据"}
CONDITION_LABELS = {"met": "满足", "not_met": "不满足", "manual": "待人工确认"}


def number_text(value: float) -> str:
    """Return a number with thousands separators and at most two decimals (no trailing 0s)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def scalar_text(value: Scalar | None) -> str:
    """Return a value as printed; ``None`` is 缺数据, never 0."""
    if value is None:
        return NO_DATA
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value)
    return value


def value_text(value: IndicatorValue) -> str:
    """Return an indicator's value with its unit, or 缺数据."""
    if value.value is None:
        return NO_DATA
    text = scalar_text(value.value)
    unit = value.unit or value.indicator.unit
    return f"{text} {unit}" if unit and not isinstance(value.value, bool) else text


def how_text(value: IndicatorValue) -> str:
    """Return how the value came about: the computation and source, who entered it, or why
    it is missing."""
    if value.status == "missing":
        return value.missing or "没有数据，也没有人工填报"
    if value.status == "manual":  # the computation says who entered it, and their note
        said = value.computation or (f"{value.entered_by} 填报" if value.entered_by else "人工填报")
        when = f"（{moment_text(value.at)}）" if value.at else ""
        measured = value.detail.get("measured")
        also = f"；平台计算值：{scalar_text(measured)}" if measured is not None else ""
        return f"{said}{when}{also}"
    source = f"（{value.source}）" if value.source else ""
    return f"{value.computation}{source}"


def related_text(value: IndicatorValue) -> str:
    """Return the platform figures shown beside a judgement item (they never score), e.g.
    “平台参考数据：招商线索数量 12 个（2025）；招商落地项目数量 缺数据（…）”, or ""."""
    figures = value.detail.get("related") or []
    if not figures:
        return ""
    parts = []
    for figure in figures:
        if figure.get("value") is None:
            parts.append(f"{figure['name']} {NO_DATA}（{figure.get('missing') or '没有数据'}）")
        else:
            unit = f" {figure['unit']}" if figure.get("unit") else ""
            parts.append(f"{figure['name']} {scalar_text(figure['value'])}{unit}"
                         f"（{figure['period']}）")  # fmt: skip
    return "平台参考数据：" + "；".join(parts)


def moment_text(moment: datetime | None) -> str:
    """Return a moment in Beijing time to the minute, or an empty string."""
    return "" if moment is None else f"{beijing(moment):%Y-%m-%d %H:%M}"
