"""Grading a system for a year: each grade condition met, not met or awaiting a person's
confirmation (with the reason in words), the points of each item and category, the grade
reached and what the next grade still needs.

Rules:
- A measured condition (see :mod:`industry_brain.evaluation.checks`) is met when its value
  reaches the threshold; without data it falls back to a person's confirmation. Its ``also``
  part is confirmed by hand; a confirmation never overrides a measured shortfall.
- A condition of several parts (``AllOf``) is met when every part is (a threshold reached,
  or a value known for the year); not met, with each part's reason, when any part falls
  short or has no data; it falls back to a person's confirmation only when no part has data.
- Any other condition is confirmed by hand (是/否, with evidence).
- The grade is the highest whose conditions, and those of every lower grade, are all met.
- An item's points: an assessor's score if entered; else its scale (linear or 是/否) over
  its value; else it is unscored (counted as ``unscored``, never as 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from industry_brain.evaluation.checks import AllOf, Checks, Known, Scale, Threshold
from industry_brain.evaluation.manual import CONDITION, SCORE, ManualEntry
from industry_brain.evaluation.model import (
    CategoryScore,
    ConditionResult,
    ConditionStatus,
    GradeCondition,
    Indicator,
    IndicatorSystem,
    IndicatorValue,
    Measured,
    Scalar,
)


@dataclass(frozen=True)
class ItemScore:
    """The points an item earned and how."""

    score: float
    basis: str


@dataclass(frozen=True)
class Graded:
    """The grading part of an evaluation."""

    conditions: tuple[ConditionResult, ...] = ()
    grade: str | None = None
    scores: tuple[CategoryScore, ...] = ()
    total: float | None = None
    next_steps: tuple[str, ...] = ()
    items: dict[str, ItemScore] = field(default_factory=dict)


def number_text(value: float) -> str:
    """Return a number as written in a sentence: 20, 12.5, 6.67."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def _binding_value(
    binding: str, values: tuple[IndicatorValue, ...], measured: Mapping[str, Measured]
) -> tuple[Scalar | None, str, str]:
    """Return a binding's value, unit and where it comes from (or why it is missing)."""
    for value in values:
        if value.indicator.binding == binding and value.status != "missing":
            said = "人工填报" if value.status == "manual" else value.computation or value.source
            return value.value, value.unit, said
    found = measured.get(binding)
    if found is None:
        return None, "", f"绑定“{binding}”未注册"
    if found.value is None:
        return None, found.unit, found.missing or "无数据"
    return found.value, found.unit, found.computation


def _confirmed(entry: ManualEntry | None) -> str:
    if entry is None:
        return ""
    files = f"，证明材料 {len(entry.evidence)} 份" if entry.evidence else ""
    return f"（{entry.entered_by} 确认{files}）"


def _by_hand(condition: GradeCondition, entry: ManualEntry | None) -> ConditionResult:
    if entry is None:
        return ConditionResult(condition, "manual", "需人工确认，并上传证明材料")
    if entry.value is True:
        return ConditionResult(condition, "met", "人工确认已达到" + _confirmed(entry))
    return ConditionResult(condition, "not_met", "人工确认未达到" + _confirmed(entry))


def _measured(
    condition: GradeCondition, check: Threshold, entry: ManualEntry | None,
    values: tuple[IndicatorValue, ...], measured: Mapping[str, Measured],
) -> ConditionResult:  # fmt: skip
    value, unit, said = _binding_value(check.binding, values, measured)
    need = f"{number_text(check.at_least)}{unit}"
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        if entry is not None:
            result = _by_hand(condition, entry)
            return ConditionResult(
                condition, result.status, f"{check.what}无数据（{said}）；{result.reason}"
            )
        return ConditionResult(condition, "manual", f"{check.what}无数据（{said}），需人工确认")
    have = f"{check.what} {number_text(value)}{unit}"
    if value < check.at_least:
        short = number_text(check.at_least - value)
        return ConditionResult(condition, "not_met", f"{have}，未达到 {need}（还差 {short}{unit}）")
    reached = f"{have}，达到 {need}"
    if not check.also:
        return ConditionResult(condition, "met", reached)
    if entry is None:
        return ConditionResult(condition, "manual", f"{reached}；“{check.also}”需人工确认")
    verdict = "已确认" if entry.value is True else "经确认未达到"
    status: ConditionStatus = "met" if entry.value is True else "not_met"
    return ConditionResult(
        condition, status, f"{reached}；“{check.also}”{verdict}{_confirmed(entry)}"
    )


def _is_number(value: Scalar | None) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _part(part: Threshold | Known, value: Scalar | None, unit: str, said: str) -> tuple[bool, str]:
    """Return whether one part of a condition is met, and why in words."""
    if not _is_number(value) or not isinstance(value, int | float):
        return False, f"{part.what}无数据（{said}）"
    have = f"{part.what} {number_text(value)}{unit}"
    if isinstance(part, Known):
        return True, f"{have}（已计算）"
    need = f"{number_text(part.at_least)}{unit}"
    if value < part.at_least:
        return False, f"{have}，未达到 {need}"
    return True, f"{have}，达到 {need}"


def _all_of(
    condition: GradeCondition, check: AllOf, entry: ManualEntry | None,
    values: tuple[IndicatorValue, ...], measured: Mapping[str, Measured],
) -> ConditionResult:  # fmt: skip
    found = [(part, *_binding_value(part.binding, values, measured)) for part in check.parts]
    judged = [_part(part, value, unit, said) for part, value, unit, said in found]
    said = "；".join(reason for _, reason in judged)
    if not any(_is_number(value) for _, value, _, _ in found):
        if entry is None:
            return ConditionResult(condition, "manual", f"{said}，需人工确认")
        result = _by_hand(condition, entry)
        return ConditionResult(condition, result.status, f"{said}；{result.reason}")
    met = all(ok for ok, _ in judged)
    return ConditionResult(condition, "met" if met else "not_met", said)


def check_conditions(
    system: IndicatorSystem, checks: Checks, values: tuple[IndicatorValue, ...],
    measured: Mapping[str, Measured], entries: Mapping[str, ManualEntry],
) -> tuple[ConditionResult, ...]:  # fmt: skip
    """Return every grade condition's outcome with its reason."""
    results = []
    for condition in system.conditions:
        entry = entries.get(CONDITION + condition.id)
        check = checks.conditions.get(condition.id)
        if check is None:
            results.append(_by_hand(condition, entry))
        elif isinstance(check, AllOf):
            results.append(_all_of(condition, check, entry, values, measured))
        else:
            results.append(_measured(condition, check, entry, values, measured))
    return tuple(results)


def grade_reached(system: IndicatorSystem, results: tuple[ConditionResult, ...]) -> str | None:
    """Return the highest grade whose conditions and those below are all met."""
    reached = None
    for grade in system.grades:
        if any(r.status != "met" for r in results if r.condition.grade == grade):
            break
        reached = grade
    return reached


def next_steps(
    system: IndicatorSystem, results: tuple[ConditionResult, ...], reached: str | None
) -> tuple[str, ...]:
    """Return, in words, what the next grade still needs."""
    if not system.grades:
        return ()
    if reached == system.grades[-1]:
        return (f"已达到最高等级“{reached}”的全部条件。",)
    target = system.grades[0 if reached is None else system.grades.index(reached) + 1]
    steps = []
    for result in results:
        if result.condition.grade != target or result.status == "met":
            continue
        todo = "待确认" if result.status == "manual" else "未达到"
        steps.append(
            f"{target}·{result.condition.area}（{todo}）：{result.condition.text}——{result.reason}"
        )
    return tuple(steps)


def _scaled(
    indicator: Indicator, scale: Scale, value: IndicatorValue,
    values: tuple[IndicatorValue, ...], measured: Mapping[str, Measured],
) -> ItemScore | None:  # fmt: skip
    points = indicator.points or 0.0
    if scale.kind == "bool":
        if not isinstance(value.value, bool):
            return None
        return ItemScore(
            points if value.value else 0.0,
            f"{'是' if value.value else '否'}：{'满分' if value.value else '不得分'}",
        )
    if scale.binding is not None:
        number, unit, _ = _binding_value(scale.binding, values, measured)
    else:
        number, unit = value.value, value.unit
    if number is None or isinstance(number, bool) or not isinstance(number, int | float):
        return None
    full_at = scale.full_at or 1.0
    score = round(points * min(max(float(number), 0.0) / full_at, 1.0), 2)
    return ItemScore(
        score, f"{number_text(number)}{unit}，{number_text(full_at)}{unit} 得满分，按比例计分"
    )


def score_items(
    system: IndicatorSystem, checks: Checks, values: tuple[IndicatorValue, ...],
    measured: Mapping[str, Measured], entries: Mapping[str, ManualEntry],
) -> dict[str, ItemScore]:  # fmt: skip
    """Return the points of every item that has them (unscored items are left out)."""
    scored: dict[str, ItemScore] = {}
    for value in values:
        indicator = value.indicator
        if indicator.points is None:
            continue
        entry = entries.get(SCORE + indicator.id)
        scale = checks.scales.get(indicator.id)
        if entry is not None and isinstance(entry.value, int | float):
            scored[indicator.id] = ItemScore(
                float(entry.value), f"评估人评分（{entry.entered_by}）"
            )
        elif scale is not None and (found := _scaled(indicator, scale, value, values, measured)):
            scored[indicator.id] = found
    return scored


def category_scores(
    system: IndicatorSystem, items: Mapping[str, ItemScore]
) -> tuple[CategoryScore, ...]:
    """Return each category's points and the points still unscored."""
    results = []
    for category in system.categories:
        path = category.path
        inside = [
            i for i in system.indicators if i.points is not None and i.category[: len(path)] == path
        ]
        score = sum(items[i.id].score for i in inside if i.id in items)
        unscored = sum(i.points or 0.0 for i in inside if i.id not in items)
        results.append(CategoryScore(category, round(score, 2), round(unscored, 2)))
    return tuple(results)


def grade(
    system: IndicatorSystem, checks: Checks | None, values: tuple[IndicatorValue, ...],
    measured: Mapping[str, Measured], entries: Mapping[str, ManualEntry],
) -> Graded:  # fmt: skip
    """Grade and score a system's values (nothing without checks)."""
    if checks is None:
        return Graded()
    results = check_conditions(system, checks, values, measured, entries)
    reached = grade_reached(system, results) if system.grades else None
    items = score_items(system, checks, values, measured, entries)
    scores = category_scores(system, items)
    scored = [i for i in system.indicators if i.points is not None]
    earned = [items[i.id].score for i in scored if i.id in items]
    total = round(sum(earned), 2) if earned else None  # nothing scored yet: no total, not 0
    return Graded(results, reached, scores, total, next_steps(system, results, reached), items)
