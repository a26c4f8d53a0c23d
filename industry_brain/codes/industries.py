"""GB/T 4754-2017 国民经济行业分类: the industry code table and its lookups.

The table ships as ``data/gbt4754_2017.csv`` (code, name, level, parent, section,
description) and is read once, lazily. ``scripts/build_gbt4754.py`` generates it from three
public transcriptions of the standard, cross-checked: the 2011 → 2017 crosswalk
``gbcrosswalk_gb_2011_2017.csv`` (code set), ``SAH01_GBT4754-2017_all.xlsx`` (names, 2017
wording) and ``wssmao_gbt4754_2017.json`` (说明, the descriptions).

Invariants of the table:

- A 门类 (section) is a letter A–T, a 大类 (division) 2 digits, a 中类 (group) 3 digits and a
  小类 (class) 4 digits. ``Industry.code`` never carries the letter prefix (``"3612"``, not
  ``"C3612"``); every lookup accepts it, and full-width or lower-case input.
- The parent of a 大类 is its 门类 (by the standard's ranges, e.g. 13–43 → C); the parent of a
  中类 or 小类 is its code minus the last digit. Every parent exists, one level up.
- Rows keep the standard's order: A, 01, 011, 0111, 0112, ..., B, 06, ...
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple

__all__ = [
    "Industry",
    "IndustryLevel",
    "all_industries",
    "ancestors",
    "children",
    "get_industry",
    "is_valid_industry_code",
    "normalize_industry_code",
]

IndustryLevel = Literal["section", "division", "group", "class"]
_LEVELS: dict[str, IndustryLevel] = {
    "section": "section",
    "division": "division",
    "group": "group",
    "class": "class",
}
_SHAPE = re.compile(r"(?P<prefix>[A-Z])?(?P<digits>[0-9]{2,4})?")


@dataclass(frozen=True, slots=True)
class Industry:
    """One category of GB/T 4754-2017: a 门类, 大类, 中类 or 小类."""

    code: str
    name: str
    level: IndustryLevel
    parent: str | None
    section: str
    description: str | None


class _Table(NamedTuple):
    by_code: dict[str, Industry]
    children: dict[str, tuple[Industry, ...]]
    ordered: tuple[Industry, ...]


def _industry(row: dict[str, str]) -> Industry:
    return Industry(
        code=row["code"],
        name=row["name"],
        level=_LEVELS[row["level"]],
        parent=row["parent"] or None,
        section=row["section"],
        description=row["description"] or None,
    )


@lru_cache(maxsize=1)
def _table() -> _Table:
    source = resources.files("industry_brain.codes").joinpath("data", "gbt4754_2017.csv")
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    ordered = tuple(_industry(row) for row in rows)
    children: dict[str, list[Industry]] = {}
    for industry in ordered:
        if industry.parent is not None:
            children.setdefault(industry.parent, []).append(industry)
    return _Table(
        by_code={industry.code: industry for industry in ordered},
        children={code: tuple(kids) for code, kids in children.items()},
        ordered=ordered,
    )


def normalize_industry_code(value: str) -> str:
    """Return the table code for ``value``: ``" c3612"`` → ``"3612"``, ``"c"`` → ``"C"``.

    Args:
        value: a 门类 letter or a 2–4 digit code, optionally prefixed by its 门类 letter;
            surrounding spaces, lower case and full-width characters are accepted.

    Raises:
        ValueError: with a Chinese message naming the problem: empty, malformed, a prefix
            letter that is not the code's 门类, or a code absent from GB/T 4754-2017.
    """
    text = unicodedata.normalize("NFKC", value).strip().upper()
    if not text:
        raise ValueError("行业代码为空")
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"行业代码“{value}”格式不正确：应为门类字母（A–T）或2–4位数字，"
            "数字前可带门类字母（如C3612）"
        )
    prefix, digits = match["prefix"], match["digits"]
    code = digits or prefix
    industry = _table().by_code.get(code)
    if industry is None:
        raise ValueError(f"行业代码“{value}”不存在于GB/T 4754-2017")
    if digits and prefix and prefix != industry.section:
        raise ValueError(
            f"行业代码“{value}”的门类字母有误：{code} {industry.name}属于门类{industry.section}"
        )
    return code


def get_industry(code: str) -> Industry | None:
    """Return the industry of a code at any level (``"C3612"`` or ``"3612"``), else None."""
    try:
        return _table().by_code[normalize_industry_code(code)]
    except ValueError:
        return None


def is_valid_industry_code(code: str) -> bool:
    """Tell whether ``code`` names a 门类, 大类, 中类 or 小类 of GB/T 4754-2017."""
    return get_industry(code) is not None


def ancestors(code: str) -> list[Industry]:
    """Return the industries above ``code``, from its 门类 down; raise ValueError if unknown."""
    table = _table()
    industry = table.by_code[normalize_industry_code(code)]
    chain: list[Industry] = []
    while industry.parent is not None:
        industry = table.by_code[industry.parent]
        chain.append(industry)
    return chain[::-1]


def children(code: str) -> list[Industry]:
    """Return the industries directly under ``code``, in order; raise ValueError if unknown."""
    return list(_table().children.get(normalize_industry_code(code), ()))


def all_industries() -> list[Industry]:
    """Return every industry of the table, in the standard's order."""
    return list(_table().ordered)
