"""Map a file's header onto a standard: Chinese labels or English keys, with unit variants.

A money column labelled ``营业收入(万元)`` may arrive as ``营业收入(元)`` or ``营业收入（亿元）``;
the values are converted to the standard's unit. Columns the standard does not know are
ignored (the raw file keeps them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.standards import Column, Standard

_LABEL_UNIT = re.compile(r"^(?P<base>.+?)\((?P<unit>[^()]+)\)$")
# Factors to the standard's unit, by (standard unit, file unit).
UNIT_FACTORS = {
    ("万元", "元"): 0.0001,
    ("万元", "万元"): 1.0,
    ("万元", "亿元"): 10_000.0,
}


@dataclass(frozen=True)
class MappedColumn:
    """A standard column found in the file at ``position``, with a unit conversion factor."""

    column: Column
    position: int
    header: str
    factor: float = 1.0


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").lower()


def _split_unit(label: str) -> tuple[str, str | None]:
    match = _LABEL_UNIT.match(_normalise(label))
    return (match["base"], match["unit"]) if match else (_normalise(label), None)


def map_header(standard: Standard, header: list[str], *, file: str) -> list[MappedColumn]:
    """Return where each standard column is; refuse missing required or repeated columns."""
    found: dict[str, MappedColumn] = {}
    for position, cell in enumerate(header):
        mapped = _match(standard, cell, position, file=file)
        if mapped is None:
            continue
        if mapped.column.key in found:
            raise ImportFileError(
                f"列“{mapped.column.label}”出现了两次", file=file, row=1, column=cell
            )
        found[mapped.column.key] = mapped
    if not found:
        expected = "、".join(column.label for column in standard.columns[:4])
        raise ImportFileError(
            f"表头无法识别，不是“{standard.name}”模板（应有列：{expected}…，或其英文键名）",
            file=file,
            row=1,
        )
    missing = [c.label for c in standard.columns if c.required and c.key not in found]
    if missing:
        raise ImportFileError(f"缺少必填列：{'、'.join(missing)}", file=file, row=1)
    return sorted(found.values(), key=lambda mapped: mapped.position)


def _match(standard: Standard, cell: str, position: int, *, file: str) -> MappedColumn | None:
    text = _normalise(cell)
    if not text:
        return None
    base, unit = _split_unit(cell)
    for column in standard.columns:
        if text in (column.key, _normalise(column.label)):
            return MappedColumn(column, position, cell)
        column_base, column_unit = _split_unit(column.label)
        if unit is not None and base == column_base and column_unit is not None:
            factor = UNIT_FACTORS.get((column_unit, unit))
            if factor is None:
                raise ImportFileError(
                    f"不支持的单位“{unit}”（应为{column_unit}）", file=file, row=1, column=cell
                )
            return MappedColumn(column, position, cell, factor)
    return None
