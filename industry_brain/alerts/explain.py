"""A warning in words: what moved, by how much, since when, which rule and threshold, and why
it matters, from the facts stored with the warning (so the sentence never changes afterwards
unless a later evaluation changes the facts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from industry_brain.alerts.kinds import (
    KINDS,
    LEVEL_NAMES,
    LEVELS,
    SCOPE_LABELS,
    direction_of,
)


@dataclass(frozen=True)
class Told:
    """What the sentences need of a warning and its rule."""

    kind: str
    rule_name: str
    params: dict[str, Any]
    thresholds: dict[str, float]
    why: str
    indicator_name: str
    unit: str
    subject_type: str
    subject_name: str
    level: str
    period: date
    since: date
    value: float | None
    base: float | None
    measure: float | None
    threshold: float | None
    condition: str
    cleared_period: date | None
    facts: dict[str, Any]


def number(value: float | None, unit: str = "") -> str:
    """Return a figure for a sentence: thousands separated, decimals by size, with its unit."""
    if value is None:
        return "—"
    digits = 0 if abs(value) >= 1000 or value == 0 else 2 if abs(value) < 10 else 1
    text = f"{value:,.{digits}f}"
    return f"{text}{unit}" if unit in ("%", "") else f"{text} {unit}"


def _m(period: date | str | None) -> str:
    return period if isinstance(period, str) else f"{period:%Y-%m}" if period else "—"


def rule_description(kind_id: str, params: dict[str, Any], thresholds: dict[str, float],
                     unit: str = "") -> str:  # fmt: skip
    """Return the rule's thresholds in words, e.g. "下降 ≥30% 黄色、≥50% 橙色"."""
    kind = KINDS[kind_id]
    if kind.direction == "none":
        return f"变更为{'、'.join(params.get('statuses', []))}即为{LEVEL_NAMES[params['level']]}"
    lower = direction_of(kind, params) == "lower"
    suffix = "%" if kind.measure.endswith("（%）") else unit
    parts = [
        f"{'≤' if lower else '≥'}{thresholds[level]:g}{suffix} {LEVEL_NAMES[level]}"
        for level in reversed(LEVELS)
        if level in thresholds
    ]
    return f"{kind.measure.split('（')[0]} {'、'.join(parts)}"


def summary(told: Told) -> str:
    """Return the one-line summary shown in lists."""
    f, n = told.facts, told.indicator_name
    pct = number(told.measure, "%")
    match told.kind:
        case "yoy_drop":
            return f"{n}比上年同月下降 {pct}"
        case "consecutive_decline":
            return f"{n}连续 {f.get('months')} 个月下降，累计 {pct}"
        case "cliff":
            return f"{n}低于预期 {pct}"
        case "seasonal_anomaly":
            drop = number(f.get("drop_pct"), "%")
            return f"{n}同比下降 {drop}，偏离自身历史 {number(told.measure)} 倍"
        case "leader_decline":
            return f"链主近 {f.get('months')} 个月{n}比上年同期下降 {pct}"
        case "status_change":
            return f"登记状态变更为{f.get('status')}（{f.get('changed_on')}）"
        case "relocation_risk":
            return f"迁移风险分 {number(told.value)}"
        case _:
            return f"{n} {number(told.value, told.unit)}"


def _what(told: Told) -> str:
    f, s, n, u = told.facts, told.subject_name, told.indicator_name, told.unit
    p, v, b, pct = (
        _m(told.period),
        number(told.value, u),
        number(told.base, u),
        number(told.measure, "%"),
    )
    match told.kind:
        case "yoy_drop":
            return f"{s} {p} {n} {v}，比上年同月（{f.get('base_period')}）的 {b} 下降 {pct}。"
        case "consecutive_decline":
            return (
                f"{s} {n}自 {_m(told.since)} 起连续 {f.get('months')} 个月逐月下降，{p} 为 {v}，"
                f"比 {f.get('base_period')} 的 {b} 累计下降 {pct}。"
            )
        case "cliff":
            adjust = (
                f"，按上年同期的季节比例 {f['factor']:.2f} 调整"
                if f.get("seasonal") and f.get("factor") is not None
                else ""
            )
            return (
                f"{s} {p} {n} {v}，比预期的 {b}（前 {f.get('months')} 个月平均 "
                f"{number(f.get('mean'), u)}{adjust}）低 {pct}。"
            )
        case "seasonal_anomaly":
            return (
                f"{s} {p} {n} {v}，比上年同月的 {b} 下降 {number(f.get('drop_pct'), '%')}；"
                f"该企业此前 {f.get('history')} 个月的同比变化中位数为 "
                f"{number(f.get('typical_pct'), '%')}，"
                f"本月偏离达稳健 Z 分数 {number(told.measure)}。"
            )
        case "leader_decline":
            return (
                f"{s}（{f.get('templates')}的链主）近 {f.get('months')} 个月{n}合计 {v}，"
                f"比上年同期的 {b} 下降 {pct}。"
            )
        case "status_change":
            moved = (
                f"（{f.get('before')} → {f.get('after')}）" if f.get("event_type") == "迁出" else ""
            )
            return f"{s} 于 {f.get('changed_on')} 登记状态变更为{f.get('status')}{moved}。"
        case "relocation_risk":
            signals = "、".join(
                f"{x.get('label')}（{number(x.get('points'))} 分）" for x in f.get("signals") or []
            )
            return f"{s} 的迁移风险分为 {number(told.value)}（{f.get('as_of')}）" + (
                f"，主要信号：{signals}。" if signals else "。"
            )
        case _:
            scope = SCOPE_LABELS.get(told.subject_type, "")
            word = "低于" if told.params.get("direction") == "below" else "高于"
            return (f"{s}（{scope}）{p} {n}为 {v}，{word}阈值 {number(told.threshold, u)}，"
                    f"自 {_m(told.since)} 起持续。")  # fmt: skip


def explanation(told: Told) -> str:
    """Return the full explanation: what moved, the rule and its thresholds, the colour,
    whether the condition still holds, and why it matters."""
    unit = told.unit if KINDS[told.kind].direction == "param" else ""
    parts = [_what(told)]
    if told.kind not in ("status_change", "consecutive_decline", "indicator_threshold"):
        parts.append(f"条件自 {_m(told.since)} 起满足。")
    if told.value == 0 and told.subject_type == "enterprise" and told.kind != "status_change":
        parts.append("本月报送为 0，可能是漏报，颜色最高按黄色处理，请核实。")
    rule = rule_description(told.kind, told.params, told.thresholds, unit)
    parts.append(f"规则“{told.rule_name}”（{rule}）判为{LEVEL_NAMES[told.level]}预警。")
    if told.condition == "cleared" and told.cleared_period:
        parts.append(f"条件已于 {_m(told.cleared_period)} 解除，请核实后办结。")
    if told.why:
        parts.append(f"为什么重要：{told.why}")
    return "".join(parts)


def facts_of(text: str) -> dict[str, Any]:
    """Return the stored facts (JSON) as a dict."""
    found = json.loads(text or "{}")
    return found if isinstance(found, dict) else {}
