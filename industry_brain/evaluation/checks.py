"""How a system's grade conditions are checked and its items scored, as data:
``checks/<system id>.yaml`` (see the comments of ``checks/zhejiang-2025.yaml``), and which
platform figures are shown beside a judgement item (``related``; they never score).

A file is validated against its system: an unknown condition or item, an unknown key, a
threshold that is not a number, a scale on an item without points, or (when the known
bindings are given) an unknown binding id is refused with the file and the entry named. A
system without a file is evaluated without grade or score.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from industry_brain.errors import ValidationFailedError
from industry_brain.evaluation.model import IndicatorSystem

CHECKS_DIR = Path(__file__).parent / "checks"
_CONDITION_KEYS = {"binding", "at_least", "what", "also"}
_PART_KEYS = {"binding", "at_least", "known", "what"}
_SCALE_KEYS = {"linear", "bool", "full_at", "binding"}


@dataclass(frozen=True)
class Threshold:
    """A condition measured by a binding: met when the value is at least ``at_least``;
    ``also`` is the part of the condition a person still has to confirm."""

    binding: str
    at_least: float
    what: str
    also: str = ""

    @property
    def bindings(self) -> tuple[str, ...]:
        return (self.binding,)


@dataclass(frozen=True)
class Known:
    """A part of a condition met when a binding has a value for the year (any value)."""

    binding: str
    what: str


@dataclass(frozen=True)
class AllOf:
    """A condition measured by several bindings, met when every part is; without data for
    any part it falls back to a person's confirmation."""

    parts: tuple[Threshold | Known, ...]

    @property
    def bindings(self) -> tuple[str, ...]:
        return tuple(part.binding for part in self.parts)


Condition = Threshold | AllOf


@dataclass(frozen=True)
class Scale:
    """How an item earns its points without an assessor's score."""

    kind: Literal["linear", "bool"]
    full_at: float | None = None  # linear: the value that earns full points
    binding: str | None = None  # linear: a binding read instead of the item's own value


@dataclass(frozen=True)
class Checks:
    """The checks of one system."""

    system_id: str
    conditions: dict[str, Condition] = field(default_factory=dict)
    scales: dict[str, Scale] = field(default_factory=dict)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item → binding ids

    @property
    def bindings(self) -> set[str]:
        """Every binding id the checks read (conditions, scales and related figures)."""
        used = {b for c in self.conditions.values() for b in c.bindings}
        used |= {s.binding for s in self.scales.values() if s.binding}
        return used | {b for ids in self.related.values() for b in ids}


def _fail(file: str, where: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(f"{file}: {where}: {message}")


def _keys(file: str, where: str, raw: object, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(file, where, "应为映射")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _fail(file, where, f"未知字段 {', '.join(unknown)}")
    return raw


def _number(file: str, where: str, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise _fail(file, where, "应为正数")
    return float(raw)


def _part(file: str, where: str, raw: object) -> Threshold | Known:
    data = _keys(file, where, raw, _PART_KEYS)
    binding, what = data.get("binding"), data.get("what")
    if not isinstance(binding, str) or not isinstance(what, str):
        raise _fail(file, where, "须有 binding 与 what（文字）")
    if data.get("known") is True and "at_least" not in data:
        return Known(binding, what)
    if "known" in data:
        raise _fail(file, where, "应为 {known: true} 或 {at_least: N}，不能同时给出")
    return Threshold(binding, _number(file, f"{where}.at_least", data.get("at_least")), what)


def _condition(file: str, cid: str, raw: object) -> Condition:
    if isinstance(raw, dict) and "all" in raw:
        parts = _keys(file, f"conditions.{cid}", raw, {"all"})["all"]
        if not isinstance(parts, list) or not parts:
            raise _fail(file, f"conditions.{cid}.all", "应为非空列表")
        return AllOf(
            tuple(_part(file, f"conditions.{cid}.all[{i}]", p) for i, p in enumerate(parts))
        )
    data = _keys(file, f"conditions.{cid}", raw, _CONDITION_KEYS)
    binding, what = data.get("binding"), data.get("what")
    if not isinstance(binding, str) or not isinstance(what, str):
        raise _fail(file, f"conditions.{cid}", "须有 binding 与 what（文字）")
    at_least = _number(file, f"conditions.{cid}.at_least", data.get("at_least"))
    return Threshold(binding, at_least, what, str(data.get("also", "")))


def _scale(file: str, iid: str, raw: object) -> Scale:
    data = _keys(file, f"scales.{iid}", raw, _SCALE_KEYS)
    if data.get("bool") is True and "full_at" not in data and "binding" not in data:
        return Scale("bool")
    if data.get("linear") is not True:
        raise _fail(file, f"scales.{iid}", "应为 {bool: true} 或 {linear: true, full_at: N}")
    binding = data.get("binding")
    if binding is not None and not isinstance(binding, str):
        raise _fail(file, f"scales.{iid}.binding", "应为绑定编号")
    return Scale("linear", _number(file, f"scales.{iid}.full_at", data.get("full_at")), binding)


def _related(file: str, ids: set[str], raw: object) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(file, "related", "应为映射")
    related: dict[str, tuple[str, ...]] = {}
    for iid, entry in raw.items():
        if iid not in ids:
            raise _fail(file, f"related.{iid}", "没有这一指标")
        if not isinstance(entry, list) or not all(isinstance(b, str) for b in entry):
            raise _fail(file, f"related.{iid}", "应为绑定编号的列表")
        related[iid] = tuple(entry)
    return related


def _check_bindings(file: str, checks: Checks, known: Collection[str]) -> None:
    for iid, ids in checks.related.items():
        for bid in ids:
            if bid not in known:
                raise _fail(file, f"related.{iid}", f"未知的绑定“{bid}”")
    for cid, condition in checks.conditions.items():
        for bid in condition.bindings:
            if bid not in known:
                raise _fail(file, f"conditions.{cid}", f"未知的绑定“{bid}”")
    for iid, scale in checks.scales.items():
        if scale.binding is not None and scale.binding not in known:
            raise _fail(file, f"scales.{iid}", f"未知的绑定“{scale.binding}”")


def parse_checks(
    raw: object, system: IndicatorSystem, *, file: str, bindings: Collection[str] | None = None
) -> Checks:
    """Return the checks in ``raw`` after validating them against ``system`` (and, when
    given, the ids of the known ``bindings``)."""
    data = _keys(file, "(top)", raw, {"system", "conditions", "scales", "related"})
    if data.get("system") != system.id:
        raise _fail(file, "system", f"应为 {system.id}")
    condition_ids = {c.id for c in system.conditions}
    points = {i.id: i.points for i in system.indicators}
    conditions: dict[str, Condition] = {}
    for cid, entry in (data.get("conditions") or {}).items():
        if cid not in condition_ids:
            raise _fail(file, f"conditions.{cid}", f"{system.id} 中没有这一分级条件")
        conditions[cid] = _condition(file, cid, entry)
    scales: dict[str, Scale] = {}
    for iid, entry in (data.get("scales") or {}).items():
        if iid not in points:
            raise _fail(file, f"scales.{iid}", f"{system.id} 中没有这一指标")
        if points[iid] is None:
            raise _fail(file, f"scales.{iid}", "该指标不计分")
        scales[iid] = _scale(file, iid, entry)
    related = _related(file, set(points), data.get("related"))
    checks = Checks(system.id, conditions, scales, related)
    if bindings is not None:
        _check_bindings(file, checks, bindings)
    return checks


def checks_for(system: IndicatorSystem, folder: Path = CHECKS_DIR) -> Checks | None:
    """Return the checks of a system, or None when it has no checks file; binding ids are
    checked against every binding registered (built-in and plugins')."""
    from industry_brain.evaluation.bindings import all_bindings

    path = folder / f"{system.id}.yaml"
    if not path.is_file():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_checks(raw, system, file=path.name, bindings=set(all_bindings()))
