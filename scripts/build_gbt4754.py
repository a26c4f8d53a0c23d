"""Build the GB/T 4754-2017 国民经济行业分类 table from three public transcriptions.

Sources, in ``--sources`` (default ``../shared/data/gbt4754``): the 2011 → 2017 crosswalk
``gbcrosswalk_gb_2011_2017.csv`` decides the code set; ``SAH01_GBT4754-2017_all.xlsx`` decides
the names (2017 wording; a few cells hold two codes and two names, e.g. 2770/2780, 8052/8053);
``wssmao_gbt4754_2017.json`` is the only source of 说明 (descriptions) and is cross-checked.
Level, parent and 门类 follow from the code (a letter, then 2, 3, 4 digits; the 门类 of a 大类
from the standard's ranges). Every disagreement is printed with how it was resolved.

Usage: ``.venv/bin/python scripts/build_gbt4754.py [--sources DIR] [--output FILE]``
"""

from __future__ import annotations

import argparse
import csv
import difflib
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT.parent / "shared" / "data" / "gbt4754"
DEFAULT_OUTPUT = ROOT / "industry_brain" / "codes" / "data" / "gbt4754_2017.csv"
HEADER = ("code", "name", "level", "parent", "section", "description")
LEVELS = ("section", "division", "group", "class")
# Each 门类 and its 大类 range, as the standard states it ("本门类包括 01～05 大类").
SECTION_RANGES = {
    **{"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50)},
    **{"F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69)},
    **{"K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82)},
    **{"P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97)},
}
_RANGE_TEXT = re.compile(r"本门?类包括\s*(\d{2})(?:\s*[～和]\s*(\d{2}))?\s*大类")
# A space next to a CJK character or full-width sign is a PDF line-break artefact ("新型 能源").
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_STRAY_SPACE = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
# Sibling descriptions this similar are one text copied twice (a stale 2011 transcription).
NEAR_DUPLICATE = 0.95
# The 小类 count in the standard's release text; the sources agree on one more (see the report).
STATED_CLASSES = 1380


@dataclass(frozen=True)
class JsonRecord:
    """One entry of the JSON transcription, as given (level 0 = 门类 … 3 = 小类)."""

    code: str
    name: str
    parent: str | None
    level: int
    description: str | None


@dataclass(frozen=True)
class Sources:
    """The three sources, parsed."""

    codes: set[str]
    renumbered: dict[str, str]
    names: dict[str, str]
    xlsx_sections: dict[str, str]
    records: dict[str, JsonRecord]


def load_crosswalk(path: Path) -> tuple[set[str], dict[str, str]]:
    """Return the 2017 codes and the 2011 小类 moved one-to-one to another 2017 code."""
    codes: set[str] = set()
    targets: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            codes.add(row["to_code"])
            codes.update(row["to_code_all"].split("_"))
            if row["level"] == "S":
                targets.setdefault(row["from_code"], []).append(row["to_code_all"])
    renumbered = {
        old: new[0] for old, new in targets.items() if len(new) == 1 and "_" not in new[0]
    }
    return codes, {old: new for old, new in renumbered.items() if old != new}


def load_xlsx(path: Path, report: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Return code → name and 大类 → the 门类 row above it."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    names: dict[str, str] = {}
    sections: dict[str, str] = {}
    section = ""
    for row in rows:
        pairs = _row_names([str(value or "") for value in row[:5]])
        if len({name for _, name in pairs}) > 1:
            report.append(f"XLSX row holds {' '.join(f'{c} {n}' for c, n in pairs)}; split")
        for code, name in pairs:
            names[code] = name
            section = code if code.isalpha() else section
            if len(code) == 2:
                sections[code] = section
    return names, sections


def _row_names(row: list[str]) -> list[tuple[str, str]]:
    """Pair the codes of one XLSX row with its names (one name, one per code, one per cell)."""
    cells = [cell.split() for cell in row[:4]]
    codes = [code for cell in cells for code in cell]
    labels = row[4].split()
    if len(labels) == 1:
        return [(code, labels[0]) for code in codes]
    if len(labels) == len(codes):
        return list(zip(codes, labels, strict=True))
    if all(len(cell) in (0, len(labels)) for cell in cells):
        return [(code, labels[i]) for cell in cells for i, code in enumerate(cell)]
    raise SystemExit(f"XLSX row {row}: cannot pair codes with names")


def load_sources(folder: Path, report: list[str]) -> Sources:
    """Read the three files of ``folder``."""
    codes, renumbered = load_crosswalk(folder / "gbcrosswalk_gb_2011_2017.csv")
    names, xlsx_sections = load_xlsx(folder / "SAH01_GBT4754-2017_all.xlsx", report)
    entries = json.loads((folder / "wssmao_gbt4754_2017.json").read_text(encoding="utf-8"))
    records = {entry["code"]: JsonRecord(**entry) for entry in entries}
    return Sources(codes, renumbered, names, xlsx_sections, records)


def section_of(code: str) -> str:
    """Return the 门类 letter of any code."""
    if code.isalpha():
        return code
    division = int(code[:2])
    return next(s for s, (low, high) in SECTION_RANGES.items() if low <= division <= high)


def parent_of(code: str) -> str | None:
    """Return the parent code: none for a 门类, the 门类 for a 大类, else the code minus a digit."""
    if code.isalpha():
        return None
    return section_of(code) if len(code) == 2 else code[:-1]


def level_of(code: str) -> str:
    """Return section, division, group or class by the shape of the code."""
    return "section" if code.isalpha() else LEVELS[len(code) - 1]


def check_sections(src: Sources, report: list[str]) -> None:
    """Compare the standard's 门类 ranges with each source's view of them."""
    for code, record in sorted(src.records.items()):
        match = _RANGE_TEXT.match(record.description or "") if code.isalpha() else None
        if match and SECTION_RANGES[code] != (int(match[1]), int(match[2] or match[1])):
            report.append(f"section {code}: JSON 说明 states {match[0]}; standard ranges kept")
        if len(code) == 2 and record.parent != section_of(code):
            report.append(
                f"division {code}: JSON parent {record.parent}, ranges give {section_of(code)}"
            )
    for code, section in sorted(src.xlsx_sections.items()):
        if section != section_of(code):
            report.append(f"division {code}: XLSX places it under {section}; ranges kept")


def decide_codes(src: Sources, report: list[str]) -> list[str]:
    """Return the code set: the crosswalk's 2017 codes plus the 20 门类 letters."""
    codes = set(SECTION_RANGES) | {code for code in src.codes if code.isdigit()}
    for label, found in (("XLSX", set(src.names)), ("JSON", set(src.records))):
        for code in sorted(found - codes):
            name = src.names.get(code) or src.records[code].name
            report.append(f"code {code} {name}: in {label}, not a 2017 code (crosswalk); dropped")
        for code in sorted(codes - found):
            report.append(f"code {code}: missing from {label}; kept (crosswalk)")
    return sorted(codes, key=lambda code: (section_of(code), "" if code.isalpha() else code))


def decide_names(codes: list[str], src: Sources, report: list[str]) -> dict[str, str]:
    """Take each name from the XLSX (2017 wording), else from the JSON."""
    names: dict[str, str] = {}
    for code in codes:
        record = src.records.get(code)
        names[code] = src.names.get(code) or (record.name if record else "")
        if not names[code]:
            raise SystemExit(f"no source names {code}")
        if code not in src.names:
            report.append(f"name {code}: only the JSON names it; {names[code]} kept")
        elif record and record.name != names[code]:
            report.append(f"name {code}: JSON {record.name or '(empty)'} -> XLSX {names[code]}")
    return names


def check_structure(codes: list[str], src: Sources, report: list[str]) -> None:
    """Report JSON levels and parents that disagree with the code structure."""
    for code in codes:
        record = src.records.get(code)
        if record is None:
            continue
        if LEVELS[record.level] != level_of(code):
            report.append(f"level {code}: JSON {LEVELS[record.level]} -> {level_of(code)} (code)")
        if record.parent != parent_of(code):
            report.append(f"parent {code}: JSON {record.parent} -> {parent_of(code)} (code)")


def clean_text(text: str | None) -> str | None:
    """Drop PDF line-break spaces next to CJK characters; empty text becomes None."""
    cleaned = _STRAY_SPACE.sub("", text or "").strip()
    return cleaned or None


def decide_descriptions(
    codes: list[str], names: dict[str, str], src: Sources, report: list[str]
) -> dict[str, str | None]:
    """Take each 说明 from the JSON record that carries the code's 2017 name."""
    found: dict[str, str | None] = {}
    for code in codes:
        own = src.records.get(code)
        record = own if own and own.name == names[code] else _namesake(code, names[code], src)
        if record is not own and record is not None:
            report.append(
                f"说明 {code}: taken from JSON {record.code}, which is named {names[code]}"
            )
        record = record or own
        found[code] = clean_text(record.description) if record else None
    _fix_stale_groups(found, src, report)
    spaced = sum(1 for r in src.records.values() if _STRAY_SPACE.search(r.description or ""))
    report.append(f"说明: dropped PDF line-break spaces next to CJK text in {spaced} texts")
    return found


def _namesake(code: str, name: str, src: Sources) -> JsonRecord | None:
    """Return the JSON sibling of ``code`` that carries ``name``, if any."""
    siblings = (r for r in src.records.values() if len(r.code) == len(code) > 2)
    return next((r for r in siblings if r.code[:-1] == code[:-1] and r.name == name), None)


def _fix_stale_groups(found: dict[str, str | None], src: Sources, report: list[str]) -> None:
    """Where two sibling 说明 are one text, move the group's 2011 texts to their 2017 codes.

    The crosswalk's one-to-one renumberings say where each 2011 小类 went; a code that keeps
    its own (2017) text is left alone, a code that only had a moved text loses it.
    """
    for group in _near_duplicate_groups(found):
        moved = {old: new for old, new in src.renumbered.items() if old[:3] == new[:3] == group}
        stale = {old: src.records[old].description for old in moved if old in src.records}
        for old in moved:
            found[old] = None
        for old, new in moved.items():
            if new in moved or not found[new]:
                found[new] = clean_text(stale.get(old))
        steps = ", ".join(f"{old}->{new}" for old, new in moved.items())
        report.append(f"说明 {group}x: JSON holds the 2011 texts; moved {steps} per the crosswalk")


def _near_duplicate_groups(found: dict[str, str | None]) -> list[str]:
    """Return the 中类 whose 小类 include two near-identical 说明."""
    classes = [(code, text) for code, text in found.items() if len(code) == 4 and text]
    pairs = itertools.combinations(classes, 2)
    return sorted({a[:3] for (a, x), (b, y) in pairs if a[:3] == b[:3] and _same_text(x, y)})


def _same_text(text: str, other: str) -> bool:
    """Tell whether two texts are one text with small edits."""
    return difflib.SequenceMatcher(None, text, other).ratio() >= NEAR_DUPLICATE


def build_rows(src: Sources, report: list[str]) -> list[tuple[str, ...]]:
    """Decide every field and return the table rows in the standard's order."""
    check_sections(src, report)
    codes = decide_codes(src, report)
    check_structure(codes, src, report)
    names = decide_names(codes, src, report)
    descriptions = decide_descriptions(codes, names, src, report)
    shape = {code: (level_of(code), parent_of(code) or "", section_of(code)) for code in codes}
    return [(code, names[code], *shape[code], descriptions[code] or "") for code in codes]


def validate(rows: list[tuple[str, ...]]) -> dict[str, int]:
    """Check the tree (parents exist one level up, no empty branches); return level counts."""
    levels = {row[0]: row[2] for row in rows}
    parents = {row[3] for row in rows}
    for code, _, level, parent, *_ in rows:
        if parent and LEVELS.index(levels.get(parent, level)) != LEVELS.index(level) - 1:
            raise SystemExit(f"{code}: parent {parent} missing or not one level up")
        if level != "class" and code not in parents:
            raise SystemExit(f"{code}: a {level} without children")
    return {level: sum(1 for row in rows if row[2] == level) for level in LEVELS}


def write_csv(rows: list[tuple[str, ...]], path: Path) -> None:
    """Write the table as UTF-8 CSV with a plain header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the table, write it and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    report: list[str] = []
    rows = build_rows(load_sources(args.sources, report), report)
    counts = validate(rows)
    write_csv(rows, args.output)
    report.append(f"{len(report)} findings resolved; wrote {len(rows)} rows to {args.output}")
    report.append("门类 {section}, 大类 {division}, 中类 {group}, 小类 {class}".format(**counts))
    if counts["class"] != STATED_CLASSES:
        report.append(f"note: the standard's release text states {STATED_CLASSES} 小类")
    sys.stdout.write("\n".join(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
