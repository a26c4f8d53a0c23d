"""Values entered by hand: what may be entered (an indicator, the confirmation of a grade
condition, the points of a judgement item), the checks of a value against its kind and unit,
the entries of a system and year (newest first, withdrawn ones included) and the newest entry
not withdrawn of each key, which is the one that counts.

Keys: an indicator id of the system; ``condition:<id>`` (是/否); ``score:<id>`` (分, from 0
to the item's points). Counts (家, 个, 项, 人, 次, 件) must be whole and not negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.errors import NotFoundError, ValidationFailedError
from industry_brain.evaluation.model import Evidence, IndicatorSystem, Scalar, ValueKind
from industry_brain.evaluation.models import EvidenceFile, ManualValue

CONDITION, SCORE = "condition:", "score:"
COUNT_UNITS = frozenset({"家", "个", "项", "人", "次", "件", "台", "套"})
TRUE_WORDS = frozenset({"是", "true", "yes", "y", "1", "达到", "满足", "具备", "有"})
FALSE_WORDS = frozenset({"否", "false", "no", "n", "0", "未达到", "不满足", "不具备", "无"})
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class ManualTarget:
    """What a key stands for: its name in words, the kind and unit a value must have."""

    key: str
    label: str
    kind: ValueKind
    unit: str
    maximum: float | None = None  # for a score: the item's points


@dataclass(frozen=True)
class ManualEntry:
    """A manual value of a key, with who entered it, its evidence and its withdrawal."""

    id: int
    key: str
    value: Scalar
    text: str
    unit: str
    note: str
    entered_by: str
    entered_at: datetime
    evidence: tuple[Evidence, ...]
    withdrawn_at: datetime | None = None  # set once; a withdrawn entry no longer counts
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None


def target_for(system: IndicatorSystem, key: str) -> ManualTarget:
    """Return what ``key`` stands for in ``system``; unknown keys are refused by name."""
    if key.startswith(CONDITION):
        wanted = key.removeprefix(CONDITION)
        for condition in system.conditions:
            if condition.id == wanted:
                label = f"{condition.grade}·{condition.area}：{condition.text}"
                return ManualTarget(key, label, "bool", "")
        raise NotFoundError(f"指标体系“{system.title}”中没有分级条件“{wanted}”")
    wanted = key.removeprefix(SCORE)
    indicator = next((i for i in system.indicators if i.id == wanted), None)
    if indicator is None:
        raise NotFoundError(f"指标体系“{system.title}”中没有指标“{wanted}”")
    if key.startswith(SCORE):
        if indicator.points is None:
            raise ValidationFailedError(f"指标“{indicator.name}”不计分", field="indicator")
        return ManualTarget(key, f"{indicator.name}（评分）", "number", "分", indicator.points)
    return ManualTarget(key, indicator.name, indicator.kind, indicator.unit)


def _number(target: ManualTarget, text: str) -> int | float:
    cleaned = text.replace(",", "").replace("，", "").strip()
    unit_hint = f"（单位：{target.unit}）" if target.unit else ""
    if not NUMBER.match(cleaned):
        raise ValidationFailedError(
            f"“{target.label}”应填写数字{unit_hint}，收到“{text}”", field="value"
        )
    number = float(cleaned)
    whole = number.is_integer()
    if target.unit in COUNT_UNITS and (number < 0 or not whole):
        raise ValidationFailedError(
            f"“{target.label}”是计数（{target.unit}），应填写不小于 0 的整数，收到“{text}”",
            field="value",
        )
    if target.maximum is not None and not 0 <= number <= target.maximum:
        raise ValidationFailedError(
            f"“{target.label}”应在 0 到 {target.maximum:g} 分之间，收到“{text}”", field="value"
        )
    return int(number) if whole else number


def parse_value(target: ManualTarget, text: str, unit: str = "") -> tuple[str, Scalar]:
    """Check a value against the target's kind and unit; return its stored text and value."""
    text, unit = text.strip(), unit.strip()
    if unit and unit != target.unit:
        if not target.unit:
            raise ValidationFailedError(
                f"“{target.label}”没有规定单位，不能按“{unit}”填写，请不填单位", field="unit"
            )
        raise ValidationFailedError(
            f"单位“{unit}”与“{target.label}”的单位“{target.unit}”不符，请换算后填写", field="unit"
        )
    if not text:
        raise ValidationFailedError(f"请填写“{target.label}”的值", field="value")
    if target.kind == "number":
        number = _number(target, text)
        return (str(number), number)
    if target.kind == "bool":
        word = text.lower()
        if word in TRUE_WORDS:
            return ("是", True)
        if word in FALSE_WORDS:
            return ("否", False)
        raise ValidationFailedError(
            f"“{target.label}”应填写“是”或“否”，收到“{text}”", field="value"
        )
    if len(text) > 4000:
        raise ValidationFailedError(f"“{target.label}”的说明不能超过 4000 字", field="value")
    return (text, text)


def stored_value(kind: ValueKind, text: str) -> Scalar:
    """Return a stored text as the value of its kind."""
    if kind == "bool":
        return text == "是"
    if kind == "number":
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def _files(db: Session, ids: list[int]) -> dict[int, list[Evidence]]:
    files: dict[int, list[Evidence]] = {}
    if ids:
        for file in db.scalars(
            select(EvidenceFile).where(EvidenceFile.value_id.in_(ids)).order_by(EvidenceFile.id)
        ):
            files.setdefault(file.value_id, []).append(
                Evidence(id=file.id, filename=file.filename, sha256=file.sha256, size=file.size)
            )
    return files


def entry_of(row: ManualValue, target: ManualTarget, evidence: tuple[Evidence, ...]) -> ManualEntry:
    """Return a stored row as an entry of its target's kind."""
    return ManualEntry(
        id=row.id, key=row.indicator, value=stored_value(target.kind, row.value), text=row.value,
        unit=row.unit, note=row.note, entered_by=row.entered_by, entered_at=row.entered_at,
        evidence=evidence, withdrawn_at=row.withdrawn_at, withdrawn_by=row.withdrawn_by,
        withdrawn_reason=row.withdrawn_reason,
    )  # fmt: skip


def entry_history(db: Session, system: IndicatorSystem, year: int) -> dict[str, list[ManualEntry]]:
    """Return every entry of the system and year by key, newest first, withdrawn ones
    included (keys no longer in the system are left out)."""
    rows = db.scalars(
        select(ManualValue)
        .where(ManualValue.system_id == system.id, ManualValue.year == year)
        .order_by(ManualValue.entered_at.desc(), ManualValue.id.desc())
    ).all()
    files = _files(db, [row.id for row in rows])
    targets: dict[str, ManualTarget | None] = {}
    found: dict[str, list[ManualEntry]] = {}
    for row in rows:
        if row.indicator not in targets:
            try:
                targets[row.indicator] = target_for(system, row.indicator)
            except (NotFoundError, ValidationFailedError):
                targets[row.indicator] = None
        target = targets[row.indicator]
        if target is not None:
            entry = entry_of(row, target, tuple(files.get(row.id, ())))
            found.setdefault(row.indicator, []).append(entry)
    return found


def latest_entries(db: Session, system: IndicatorSystem, year: int) -> dict[str, ManualEntry]:
    """Return the newest entry not withdrawn of every key entered for the system and year
    (keys no longer in the system are left out)."""
    newest = {}
    for key, entries in entry_history(db, system, year).items():
        kept = next((entry for entry in entries if entry.withdrawn_at is None), None)
        if kept is not None:
            newest[key] = kept
    return newest
