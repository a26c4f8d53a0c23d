"""Deliberately bad rows, about 0.3% of each file and at least one, each wrong in one way.

In the registry the bad rows are extra rows (enterprises that exist nowhere else, or an
exact copy of a row placed after it), so every real enterprise stays importable. In the
other files a row is spoiled in place, never one of an anchor, a shocked or a relocating
enterprise (whose series the ground truth describes), and never two rows of one enterprise.
A spoiled row has a key no other row has, except the ``duplicate_key`` row, which is an
exact copy of an earlier good row: the first occurrence is good, the copy is the bad one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from industry_brain.enterprise.uscc import ALPHABET
from industry_brain.warehouse.demo.manifest import BadReason, BadRow
from industry_brain.warehouse.demo.tables import Cell, Row

RATE = 0.003
UNKNOWN_INDUSTRY_CODE = "3619"
_UNKNOWN_ENUMS = {"status": "正常营业", "level": "部级", "patent_type": "软件著作权",
                  "event_type": "股权出质"}  # fmt: skip
_MENUS: dict[str, tuple[tuple[BadReason, str], ...]] = {
    "registry": (
        ("check_digit", "uscc"), ("missing_required", "name"),
        ("impossible_date", "established_on"), ("negative_amount", "registered_capital_wan_yuan"),
        ("unknown_industry_code", "industry_code"), ("unknown_enum", "status"),
        ("absurd_amount", "employees"), ("duplicate_key", "uscc"),
    ),
    "operations": (
        ("check_digit", "uscc"), ("missing_required", "period"), ("impossible_date", "period"),
        ("negative_amount", "electricity_kwh"), ("absurd_amount", "revenue_wan_yuan"),
        ("duplicate_key", "uscc"),
    ),
    "products": (
        ("check_digit", "uscc"), ("missing_required", "product_name"),
        ("out_of_range", "revenue_share"), ("duplicate_key", "uscc"),
    ),
    "relations": (
        ("check_digit", "supplier_uscc"), ("missing_required", "buyer_uscc"),
        ("negative_amount", "amount_wan_yuan"), ("impossible_date", "period"),
        ("duplicate_key", "supplier_uscc"),
    ),
    "honors": (
        ("check_digit", "uscc"), ("missing_required", "honor_name"),
        ("impossible_date", "recognized_on"), ("unknown_enum", "level"),
        ("duplicate_key", "uscc"),
    ),
    "patents": (
        ("check_digit", "uscc"), ("missing_required", "patent_no"),
        ("impossible_date", "applied_on"), ("unknown_enum", "patent_type"),
        ("duplicate_key", "patent_no"),
    ),
    "events": (
        ("check_digit", "uscc"), ("missing_required", "event_date"),
        ("impossible_date", "event_date"), ("unknown_enum", "event_type"),
        ("duplicate_key", "uscc"),
    ),
}  # fmt: skip
_OWNER_COLUMNS = ("uscc", "supplier_uscc", "buyer_uscc")


@dataclass(frozen=True)
class Spoiled:
    """Rows with their bad rows in place, and the manifest entries for them."""

    rows: list[Row]
    bad: tuple[BadRow, ...]


def _count(rows: int) -> int:
    return max(1, round(rows * RATE)) if rows > 1 else 0


def _kinds(rng: random.Random, standard: str, count: int) -> list[tuple[BadReason, str]]:
    menu = list(_MENUS[standard])
    rng.shuffle(menu)
    return [menu[i % len(menu)] for i in range(count)]


def _year(value: Cell) -> int:
    return value.year if isinstance(value, date) else 2024


def _wrong_check(code: str) -> str:
    return code[:17] + next(c for c in ALPHABET[::7] + "0" if c != code[17])


def _spoil(row: Row, reason: BadReason, column: str) -> tuple[Row, str]:
    """Return a copy of the row made wrong in this column, and a short explanation."""
    bad = dict(row)
    value = row.get(column)
    if reason == "check_digit":
        bad[column] = _wrong_check(str(value))
        return bad, "统一社会信用代码 check character does not match"
    if reason == "missing_required":
        bad[column] = None
        return bad, "required value is empty"
    if reason == "impossible_date":
        if column == "period":
            bad[column] = f"{str(value)[:4]}-13"
            return bad, "month 13 does not exist"
        bad[column] = f"{_year(value)}-02-30"
        return bad, "February has no 30th day"
    if reason == "negative_amount":
        amount = float(value) if isinstance(value, int | float) else 0.0
        bad[column] = -3600 if column == "electricity_kwh" else -abs(amount) - 100.0
        return bad, "amount must not be negative"
    if reason == "absurd_amount":
        bad[column] = 5_000_000 if column == "employees" else 987_654_321_000.0
        return bad, "amount far above the allowed maximum"
    if reason == "out_of_range":
        bad[column] = 135.0
        return bad, "share above 100%"
    if reason == "unknown_industry_code":
        bad[column] = UNKNOWN_INDUSTRY_CODE
        return bad, "not a GB/T 4754-2017 code"
    if reason == "unknown_enum":
        bad[column] = _UNKNOWN_ENUMS[column]
        return bad, "value is not in the code table"
    raise ValueError(f"{reason} is not spoiled in place")


def spoil_in_place(
    rng: random.Random, standard: str, rows: list[Row], protected: Collection[str]
) -> Spoiled:
    """Spoil about 0.3% of the rows in place; ``protected`` enterprises keep their rows."""
    kinds = _kinds(rng, standard, _count(len(rows)))
    owners: set[str] = set()
    chosen: dict[int, tuple[BadReason, str]] = {}
    for index in rng.sample(range(1, len(rows)), len(rows) - 1) if len(rows) > 1 else []:
        names = [str(rows[index].get(c)) for c in _OWNER_COLUMNS if rows[index].get(c)]
        if any(name in protected or name in owners for name in names):
            continue
        owners.update(names)
        chosen[index] = kinds[len(chosen)]
        if len(chosen) == len(kinds):
            break
    result = list(rows)
    bad: list[BadRow] = []
    for index in sorted(chosen):
        reason, column = chosen[index]
        if reason == "duplicate_key":
            source = rng.choice([i for i in range(max(0, index - 50), index) if i not in chosen])
            result[index] = dict(rows[source])
            detail = f"exact copy of row {source + 2}"
        else:
            if column == "electricity_kwh" and rows[index].get("output_value_wan_yuan"):
                column = "output_value_wan_yuan"
            result[index], detail = _spoil(rows[index], reason, column)
        bad.append(BadRow(index + 2, column, reason, detail))
    return Spoiled(result, tuple(bad))


def spoil_registry(
    rng: random.Random, rows: list[Row], fresh: Callable[[], tuple[str, str]]
) -> Spoiled:
    """Add bad rows to a registry file: new enterprises made wrong, or a copied row."""
    inserts: list[tuple[int, int, BadReason, str]] = []
    for reason, column in _kinds(rng, "registry", _count(len(rows))):
        position = rng.randrange(1, len(rows) + 1)
        inserts.append((position, rng.randrange(position), reason, column))
    inserts.sort(key=lambda item: item[0])
    result: list[Row] = []
    bad: list[BadRow] = []
    numbers: dict[int, int] = {}
    cursor = 0
    for position, template, reason, column in inserts:
        for index in range(cursor, position):
            result.append(rows[index])
            numbers[index] = len(result) + 1
        cursor = position
        if reason == "duplicate_key":
            row, detail = dict(rows[template]), f"exact copy of row {numbers[template]}"
        else:
            uscc, name = fresh()
            row, detail = _spoil({**rows[template], "uscc": uscc, "name": name}, reason, column)
        result.append(row)
        bad.append(BadRow(len(result) + 1, column, reason, detail))
    result.extend(rows[cursor:])
    return Spoiled(result, tuple(bad))
