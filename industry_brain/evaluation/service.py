"""One indicator system evaluated for one year: every indicator's value (measured by its
binding, entered by hand, or missing with the reason), then the grade and points where the
system has checks (:mod:`industry_brain.evaluation.grading`).

A manual value overrides a measured one (the measured value stays in ``detail``). A binding
that fails is logged and its indicator shown as missing with the error, so one broken
computation never hides the rest of the evaluation. The platform figures related to a
judgement item (``Checks.related``) are put in ``detail["related"]`` for the assessor; they
never score.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.db import utcnow
from industry_brain.evaluation.checks import Checks, checks_for
from industry_brain.evaluation.grading import grade
from industry_brain.evaluation.manual import ManualEntry, latest_entries
from industry_brain.evaluation.model import (
    Binding,
    Evaluation,
    Indicator,
    IndicatorSystem,
    IndicatorValue,
    Measured,
)

logger = logging.getLogger(__name__)
MANUAL_SOURCE = "人工填报"


def _measure(db: Session, binding: Binding, year: int) -> Measured:
    """Compute a binding, turning a failure into a missing value with the error."""
    try:
        return binding.compute(db, year)
    except Exception as exc:  # a broken binding must not hide the other indicators
        logger.exception("binding %s failed for %s", binding.id, year)
        return Measured(
            value=None, unit=binding.unit, period=str(year), source="", computation="",
            missing=f"计算出错：{exc}",
        )  # fmt: skip


def measure_all(
    db: Session, system: IndicatorSystem, year: int, bindings: Mapping[str, Binding],
    checks: Checks | None,
) -> dict[str, Measured]:  # fmt: skip
    """Compute every binding the system's indicators and checks use, once each."""
    wanted = {i.binding for i in system.indicators if i.binding}
    if checks is not None:
        wanted |= checks.bindings
    return {bid: _measure(db, bindings[bid], year) for bid in sorted(wanted) if bid in bindings}


def _manual_value(
    indicator: Indicator, entry: ManualEntry, measured: Measured | None
) -> IndicatorValue:
    detail = {}
    if measured is not None and measured.value is not None:
        detail = {"measured": measured.value, "measured_computation": measured.computation}
    note = entry.note or "（未填写说明）"
    return IndicatorValue(
        indicator=indicator, status="manual", value=entry.value, unit=entry.unit,
        period=str(entry.entered_at.year), source=MANUAL_SOURCE,
        computation=f"{entry.entered_by} 填报：{note}", at=entry.entered_at,
        entered_by=entry.entered_by, evidence=entry.evidence, detail=detail,
    )  # fmt: skip


def indicator_value(
    indicator: Indicator, year: int, measured: Mapping[str, Measured],
    entries: Mapping[str, ManualEntry], bindings: Mapping[str, Binding],
) -> IndicatorValue:  # fmt: skip
    """Return one indicator's value: by hand if entered, else measured, else missing."""
    found = measured.get(indicator.binding) if indicator.binding else None
    entry = entries.get(indicator.id)
    if entry is not None:
        return _manual_value(indicator, entry, found)
    if found is not None and found.value is not None:
        return IndicatorValue(
            indicator=indicator, status="measured", value=found.value, unit=found.unit,
            period=found.period, source=found.source, computation=found.computation,
            at=utcnow(), detail=found.detail,
        )  # fmt: skip
    if found is not None:
        why = found.missing or "无数据"
    elif indicator.binding and indicator.binding not in bindings:
        why = f"计算“{indicator.binding}”尚未提供"
    else:
        why = "平台无法计算，需人工填报（附证明材料）"
    return IndicatorValue(
        indicator=indicator, status="missing", value=None, unit=indicator.unit,
        period=str(year), source=found.source if found else "",
        computation=found.computation if found else "", missing=why,
    )  # fmt: skip


def related_figures(
    ids: tuple[str, ...], year: int, measured: Mapping[str, Measured],
    bindings: Mapping[str, Binding],
) -> list[dict[str, Any]]:  # fmt: skip
    """Return the platform's figures for an item: name, value (None without data), unit,
    period and why one is missing."""
    figures: list[dict[str, Any]] = []
    for bid in ids:
        found, binding = measured.get(bid), bindings.get(bid)
        if found is None or binding is None:
            figures.append({"name": bid, "value": None, "unit": "", "period": str(year),
                            "missing": f"计算“{bid}”尚未提供"})  # fmt: skip
            continue
        missing = (found.missing or "无数据") if found.value is None else None
        figures.append({"name": binding.name, "value": found.value, "unit": found.unit,
                        "period": found.period, "missing": missing})  # fmt: skip
    return figures


def _with_detail(
    values: tuple[IndicatorValue, ...], extra: Mapping[str, dict[str, Any]]
) -> tuple[IndicatorValue, ...]:
    return tuple(
        dataclasses.replace(v, detail={**v.detail, **extra[v.indicator.id]})
        if v.indicator.id in extra else v
        for v in values
    )  # fmt: skip


def evaluate_system(
    db: Session, system: IndicatorSystem, year: int, *, bindings: Mapping[str, Binding],
    checks: Checks | None,
) -> Evaluation:  # fmt: skip
    """Evaluate a given system for a year with the given bindings and checks."""
    entries = latest_entries(db, system, year)
    measured = measure_all(db, system, year, bindings, checks)
    values = tuple(indicator_value(i, year, measured, entries, bindings) for i in system.indicators)
    graded = grade(system, checks, values, measured, entries)
    extra: dict[str, dict[str, Any]] = {
        iid: {"score": item.score, "score_basis": item.basis} for iid, item in graded.items.items()
    }
    for iid, ids in (checks.related if checks else {}).items():
        extra.setdefault(iid, {})["related"] = related_figures(ids, year, measured, bindings)
    values = _with_detail(values, extra)
    return Evaluation(
        system=system, year=year, values=values, conditions=graded.conditions,
        grade=graded.grade, scores=graded.scores, total=graded.total,
        next_steps=graded.next_steps, computed_at=utcnow(),
    )  # fmt: skip


def evaluate(db: Session, system_id: str, year: int) -> Evaluation:
    """Evaluate a built-in or plugin system for a year (NotFoundError names the known ids)."""
    from industry_brain.evaluation.bindings import all_bindings
    from industry_brain.evaluation.systems import get_system

    system = get_system(system_id)
    return evaluate_system(db, system, year, bindings=all_bindings(), checks=checks_for(system))
