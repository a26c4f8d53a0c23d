"""Official indicator systems as data: YAML files transcribed verbatim from the guidelines.

The built-in files live in ``systems/`` and reach the platform the way a third party's would:
``industry_brain.evaluation.plugin`` returns them from the ``ib_indicator_systems`` hook.
Another system (or a new version of one) is added by a plugin returning more files.

A file is validated whole and refused with ``ValidationFailedError`` naming the file and the
item, e.g. ``zhejiang-2025.yaml: indicators[3] (zj-4).points: …``.

Invariants of a loaded system:
- indicator ids and printed codes, category paths, grades and condition ids are unique;
- with ``categories``: top-level points add up to ``total_points``, a category's children add
  up to its points, every indicator sits in a leaf category and a leaf's items add up to its
  points (``split: equal`` shares them equally: a split that is ours, not the guideline's);
- without ``categories`` no indicator carries points;
- every grade has conditions, and every condition names a declared grade.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from industry_brain.errors import NotFoundError, ValidationFailedError
from industry_brain.evaluation.model import (
    Category,
    GradeCondition,
    Indicator,
    IndicatorSystem,
    ValueKind,
)

SYSTEMS_DIR = Path(__file__).parent / "systems"
KINDS: tuple[ValueKind, ...] = ("number", "bool", "text")
_SYSTEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ITEM_ID = re.compile(r"^[^\s/?#%]+$")  # Chinese allowed; nothing that breaks a URL segment
_BINDING_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

_TOP_KEYS = {"id", "title", "issuer", "version", "source", "total_points", "grades"}
_TOP_KEYS |= {"categories", "conditions", "indicators"}
_INDICATOR_KEYS = {"id", "code", "name", "description", "category", "unit", "kind"}
_INDICATOR_KEYS |= {"binding", "points"}


class _Checker:
    """Validate one parsed file, raising ValidationFailedError at the first bad item."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, message: str) -> ValidationFailedError:
        return ValidationFailedError(f"{self.file}: {where + ': ' if where else ''}{message}")

    def mapping(self, value: object, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "必须是映射（键: 值）")
        unknown = sorted(str(key) for key in value if key not in allowed)
        if unknown:
            raise self.fail(where, f"未知的键 {', '.join(unknown)}")
        return value

    def text(self, value: object, where: str, *, empty: bool = False) -> str:
        if value is None and empty:
            return ""
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(where, "必须是文本" if empty else "必须是非空文本")
        return value.strip()

    def texts(self, value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "必须是非空的文本列表")
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(value))

    def items(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "必须是非空列表")
        return value

    def points(self, value: object, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise self.fail(where, f"{value!r} 不是正数")
        return float(value)

    def ident(self, value: object, where: str, pattern: re.Pattern[str]) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(where, f"{value!r} 不是合法的编号")
        return value

    def unique(self, values: list[Any], where: str, label: str) -> None:
        seen: set[Any] = set()
        for index, value in enumerate(values):
            if value in seen:
                raise self.fail(f"{where}[{index}]", f"{label} {value!r} 重复")
            seen.add(value)


def _named(where: str, raw: object) -> str:
    """Return the item's position with its id, when it has one: ``indicators[3] (zj-4)``."""
    item_id = raw.get("id") if isinstance(raw, dict) else None
    return f"{where} ({item_id})" if isinstance(item_id, str) and item_id else where


def _indicator(check: _Checker, raw: object, index: int) -> Indicator:
    where = _named(f"indicators[{index}]", raw)
    data = check.mapping(raw, where, _INDICATOR_KEYS)
    indicator_id = check.ident(data.get("id"), f"{where}.id", _ITEM_ID)
    kind = data.get("kind", "number")
    if kind not in KINDS:
        raise check.fail(f"{where}.kind", f"{kind!r} 不是 number、bool 或 text")
    binding = data.get("binding")
    points = data.get("points")
    return Indicator(
        id=indicator_id,
        code=check.text(data.get("code"), f"{where}.code", empty=True),
        name=check.text(data.get("name"), f"{where}.name"),
        description=check.text(data.get("description"), f"{where}.description"),
        category=check.texts(data.get("category"), f"{where}.category"),
        unit=check.text(data.get("unit"), f"{where}.unit", empty=True),
        kind=kind,
        binding=None if binding is None else check.ident(binding, f"{where}.binding", _BINDING_ID),
        points=None if points is None else check.points(points, f"{where}.points"),
    )


def _categories(check: _Checker, raw: object) -> tuple[list[Category], set[tuple[str, ...]]]:
    """Return the categories and the paths of those whose items share points equally."""
    categories: list[Category] = []
    equal: set[tuple[str, ...]] = set()
    for index, item in enumerate(check.items(raw, "categories")):
        where = f"categories[{index}]"
        data = check.mapping(item, where, {"path", "points", "split"})
        path = check.texts(data.get("path"), f"{where}.path")
        where = f"{where} ({'/'.join(path)})"
        if "split" in data:
            if data["split"] != "equal":
                raise check.fail(f"{where}.split", f"{data['split']!r} 不是 equal")
            equal.add(path)
        points = check.points(data.get("points"), f"{where}.points")
        categories.append(Category(path=path, points=points))
    check.unique([c.path for c in categories], "categories", "类别")
    return categories, equal


def _check_category_sums(check: _Checker, categories: list[Category], total: float) -> None:
    paths = {c.path: c for c in categories}
    for index, category in enumerate(categories):
        where = f"categories[{index}] ({'/'.join(category.path)})"
        if len(category.path) > 1 and category.path[:-1] not in paths:
            raise check.fail(where, f"上级类别 {'/'.join(category.path[:-1])} 未声明")
        children = [c.points for c in categories if c.path[:-1] == category.path]
        if children and not math.isclose(sum(children), category.points, abs_tol=1e-6):
            raise check.fail(where, f"下级类别分值之和 {sum(children):g} ≠ {category.points:g}")
    top = sum(c.points for c in categories if len(c.path) == 1)
    if not math.isclose(top, total, abs_tol=1e-6):
        raise check.fail("categories", f"一级类别分值之和 {top:g} ≠ total_points {total:g}")


def _scored(
    check: _Checker,
    indicators: list[Indicator],
    categories: list[Category],
    equal: set[tuple[str, ...]],
) -> list[Indicator]:
    """Check every leaf category's points against its items; fill equal splits."""
    leaves = {c.path: c for c in categories if not any(o.path[:-1] == c.path for o in categories)}
    for index, indicator in enumerate(indicators):
        if indicator.category not in leaves:
            where = f"indicators[{index}] ({indicator.id}).category"
            raise check.fail(where, f"{'/'.join(indicator.category)} 不是已声明的末级类别")
    for path, leaf in leaves.items():
        members = [i for i, item in enumerate(indicators) if item.category == path]
        where = f"categories ({'/'.join(path)})"
        if not members:
            raise check.fail(where, "类别下没有指标")
        for i in members:
            declared = indicators[i].points is not None
            if declared == (path in equal):
                item = f"indicators[{i}] ({indicators[i].id}).points"
                raise check.fail(item, "split: equal 的类别下不写分值" if declared else "缺少分值")
            if path in equal:
                indicators[i] = replace(indicators[i], points=leaf.points / len(members))
        total = sum(indicators[i].points or 0.0 for i in members)
        if not math.isclose(total, leaf.points, abs_tol=1e-6):
            raise check.fail(where, f"指标分值之和 {total:g} ≠ 类别分值 {leaf.points:g}")
    return indicators


def _conditions(check: _Checker, raw: object, grades: tuple[str, ...]) -> list[GradeCondition]:
    conditions: list[GradeCondition] = []
    for index, item in enumerate(check.items(raw, "conditions")):
        where = _named(f"conditions[{index}]", item)
        data = check.mapping(item, where, {"id", "grade", "area", "text"})
        condition_id = check.ident(data.get("id"), f"{where}.id", _SYSTEM_ID)
        grade = check.text(data.get("grade"), f"{where}.grade")
        if grade not in grades:
            raise check.fail(f"{where}.grade", f"{grade!r} 不在 grades（{'、'.join(grades)}）中")
        conditions.append(
            GradeCondition(
                id=condition_id,
                grade=grade,
                area=check.text(data.get("area"), f"{where}.area"),
                text=check.text(data.get("text"), f"{where}.text"),
            )
        )
    check.unique([c.id for c in conditions], "conditions", "条件编号")
    for grade in grades:
        if not any(c.grade == grade for c in conditions):
            raise check.fail("grades", f"等级 {grade} 没有条件")
    return conditions


def _grading(check: _Checker, data: dict[str, Any]) -> tuple[tuple[str, ...], list[GradeCondition]]:
    if "grades" not in data and "conditions" not in data:
        return (), []
    if "grades" not in data:
        raise check.fail("conditions", "有等级条件时必须声明 grades")
    grades = check.texts(data["grades"], "grades")
    check.unique(list(grades), "grades", "等级")
    return grades, _conditions(check, data.get("conditions"), grades)


def _points(
    check: _Checker, data: dict[str, Any], indicators: list[Indicator]
) -> tuple[list[Indicator], list[Category]]:
    if "categories" not in data:
        if "total_points" in data:
            raise check.fail("total_points", "没有 categories 时不能写 total_points")
        for index, indicator in enumerate(indicators):
            if indicator.points is not None:
                where = f"indicators[{index}] ({indicator.id}).points"
                raise check.fail(where, "没有 categories 的体系不计分")
        return indicators, []
    categories, equal = _categories(check, data["categories"])
    _check_category_sums(check, categories, check.points(data.get("total_points"), "total_points"))
    return _scored(check, indicators, categories, equal), categories


def parse_system(raw: object, *, file: str) -> IndicatorSystem:
    """Validate a parsed YAML document and return the indicator system it describes."""
    check = _Checker(file)
    data = check.mapping(raw, "", _TOP_KEYS)
    indicators = [
        _indicator(check, item, index)
        for index, item in enumerate(check.items(data.get("indicators"), "indicators"))
    ]
    check.unique([i.id for i in indicators], "indicators", "指标编号")
    coded = [i.code for i in indicators if i.code]
    check.unique(coded, "indicators", "指标序号")
    grades, conditions = _grading(check, data)
    indicators, categories = _points(check, data, indicators)
    return IndicatorSystem(
        id=check.ident(data.get("id"), "id", _SYSTEM_ID),
        title=check.text(data.get("title"), "title"),
        issuer=check.text(data.get("issuer"), "issuer"),
        version=check.text(data.get("version"), "version"),
        source=check.text(data.get("source"), "source"),
        indicators=tuple(indicators),
        categories=tuple(categories),
        grades=grades,
        conditions=tuple(conditions),
    )


def load_system(path: Path) -> IndicatorSystem:
    """Read and validate one indicator system file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValidationFailedError(f"{path.name}: 不是可读的 UTF-8 YAML（{exc}）") from exc
    return parse_system(raw, file=path.name)


def load_systems(paths: Iterable[Path]) -> dict[str, IndicatorSystem]:
    """Load the files in order, keyed by system id; an id given twice is refused."""
    systems: dict[str, IndicatorSystem] = {}
    for path in paths:
        system = load_system(Path(path))
        if system.id in systems:
            raise ValidationFailedError(f"{Path(path).name}: id: 指标体系 {system.id!r} 重复")
        systems[system.id] = system
    return systems


def system_paths() -> list[Path]:
    """Return the files every plugin provides through ``ib_indicator_systems``, without repeats."""
    from industry_brain.plugins import plugin_manager

    unique: dict[Path, Path] = {}
    for group in plugin_manager().hook.ib_indicator_systems():
        for path in group:
            unique.setdefault(Path(path).resolve(), Path(path))
    return list(unique.values())


@lru_cache(maxsize=1)
def all_systems() -> dict[str, IndicatorSystem]:
    """Return every indicator system the plugins provide, by id (loaded once)."""
    return load_systems(system_paths())


def get_system(system_id: str) -> IndicatorSystem:
    """Return the indicator system with this id, or raise NotFoundError naming the known ids."""
    systems = all_systems()
    if system_id not in systems:
        known = "、".join(sorted(systems)) or "（无）"
        raise NotFoundError(f"没有指标体系 {system_id!r}；已有：{known}")
    return systems[system_id]


def get_indicator(system: IndicatorSystem, indicator_id: str) -> Indicator:
    """Return the system's indicator with this id, or raise NotFoundError."""
    for indicator in system.indicators:
        if indicator.id == indicator_id:
            return indicator
    raise NotFoundError(f"指标体系 {system.id} 中没有指标 {indicator_id!r}")
