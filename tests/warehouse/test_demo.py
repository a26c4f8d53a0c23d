"""The demo cluster generator: reproducible files, valid codes, listed bad rows, stories."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from industry_brain.codes.industries import is_valid_industry_code
from industry_brain.enterprise.uscc import InvalidUSCCError, is_valid_uscc, normalize_uscc
from industry_brain.warehouse.demo import DemoFile, DemoManifest, generate_demo
from industry_brain.warehouse.standards import Column, get_standard

SEED = 7
Cells = list[str]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoManifest]:
    """One small demo, shared by the tests of this module."""
    out = tmp_path_factory.mktemp("demo")
    return out, small_demo(out)


def small_demo(out: Path, seed: int = SEED) -> DemoManifest:
    """Generate 120 local and 80 outside enterprises (well under a second)."""
    return generate_demo(out, enterprises=120, outside=80, seed=seed)


def _digests(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_rows(directory: Path, entry: DemoFile) -> tuple[Cells, list[Cells]]:
    """Return the header and the data rows of a generated file, as text."""
    path = directory / entry.name
    if entry.format == "xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    else:
        assert entry.encoding is not None
        text = path.read_bytes().decode(entry.encoding)
        rows = list(csv.reader(io.StringIO(text, newline="")))
    width = len(rows[0])
    return rows[0], [row + [""] * (width - len(row)) for row in rows[1:]]


def _number(text: str, column: Column, entry: DemoFile) -> float:
    value = float(text)
    return value / 10_000 if column.type == "money" and entry.money_unit == "元" else value


def problems(cell: str, column: Column, entry: DemoFile) -> set[str]:
    """Return what is wrong with one cell, in the manifest's reason codes."""
    if cell == "":
        return {"missing_required"} if column.required else set()
    if column.type == "uscc":
        return set() if is_valid_uscc(cell) else {"check_digit"}
    if column.type == "date":
        try:
            date.fromisoformat(cell)
        except ValueError:
            return {"impossible_date"}
    if column.type == "month":
        match = re.fullmatch(r"(\d{4})-(\d{2})", cell)
        return set() if match and 1 <= int(match[2]) <= 12 else {"impossible_date"}
    if column.type == "enum" and cell not in column.values:
        return {"unknown_enum"}
    if column.type == "industry_code" and not is_valid_industry_code(cell):
        return {"unknown_industry_code"}
    if column.type in ("money", "decimal", "int", "ratio"):
        value = _number(cell, column, entry)
        if column.min is not None and value < column.min:
            return {"negative_amount"}
        if column.max is not None and value > column.max:
            return {"out_of_range" if column.type == "ratio" else "absurd_amount"}
    return set()


def _header(column: Column, entry: DemoFile) -> str:
    if entry.header_style == "english":
        return column.key
    if column.type == "money" and entry.money_unit == "元":
        return column.label.replace("(万元)", "(元)")
    return column.label


def test_same_seed_same_bytes_other_seed_other_bytes(
    demo: tuple[Path, DemoManifest], tmp_path: Path
) -> None:
    first, _ = demo
    small_demo(tmp_path / "again")
    small_demo(tmp_path / "other", seed=SEED + 1)
    expected = _digests(first)
    assert len(expected) == 13  # 10 import files, the manifest, 2 truth files
    assert _digests(tmp_path / "again") == expected
    other = _digests(tmp_path / "other")
    assert other.keys() == expected.keys()
    assert all(other[name] != expected[name] for name in expected)


def test_manifest_round_trips_and_counts_are_near_the_request(
    demo: tuple[Path, DemoManifest],
) -> None:
    directory, manifest = demo
    assert DemoManifest.read(directory) == manifest
    local, outside = manifest.files_of("registry")
    assert local.rows - len(local.bad_rows) == 120
    assert outside.rows - len(outside.bad_rows) == 80
    operations = sum(f.rows - len(f.bad_rows) for f in manifest.files_of("operations"))
    assert 120 * 36 * 0.95 <= operations <= 120 * 36
    for entry in manifest.files:
        assert entry.bad_rows, f"{entry.name} has no bad row"
        assert len(entry.bad_rows) <= max(1, round(entry.rows * 0.003)) + 1


def test_good_rows_are_valid_and_bad_rows_are_bad_as_listed(
    demo: tuple[Path, DemoManifest],
) -> None:
    directory, manifest = demo
    for entry in manifest.files:
        standard = get_standard(entry.standard)
        header, rows = read_rows(directory, entry)
        columns = list(standard.columns)
        assert header == [_header(c, entry) for c in columns]
        bad = {b.row: b for b in entry.bad_rows}
        seen: dict[tuple[str, ...], int] = {}
        for number, row in enumerate(rows, start=2):
            found = {
                (column.key, reason)
                for column, cell in zip(columns, row, strict=True)
                for reason in problems(cell, column, entry)
            }
            key = tuple(row[[c.key for c in columns].index(k)] for k in standard.key)
            if key in seen and not found:
                assert rows[seen[key] - 2] == row, f"{entry.name} row {number}"
                found.add((standard.key[0], "duplicate_key"))
            if number not in bad:
                assert not found, f"{entry.name} row {number}: {found}"
                seen.setdefault(key, number)
            else:
                assert (bad[number].column, bad[number].reason) in found, (entry.name, number)


def test_bad_check_digits_fail_on_the_check_character(demo: tuple[Path, DemoManifest]) -> None:
    directory, manifest = demo
    for entry in manifest.files:
        header, rows = read_rows(directory, entry)
        columns = [c.key for c in get_standard(entry.standard).columns]
        for bad in (b for b in entry.bad_rows if b.reason == "check_digit"):
            code = rows[bad.row - 2][columns.index(bad.column)]
            with pytest.raises(InvalidUSCCError, match="校验位"):
                normalize_uscc(code)


def test_encodings_and_money_headers(demo: tuple[Path, DemoManifest]) -> None:
    directory, manifest = demo
    gbk, bom, plain = manifest.files_of("operations")
    data = (directory / gbk.name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gbk").startswith("统一社会信用代码,期间,营业收入(元),工业总产值(元)")
    assert (directory / bom.name).read_bytes().startswith("\ufeff统一社会信用代码".encode())
    assert "营业收入(万元)" in (directory / bom.name).read_text("utf-8-sig").splitlines()[0]
    first_line = (directory / plain.name).read_text("utf-8").splitlines()[0]
    assert first_line.startswith("uscc,period,revenue_wan_yuan")
    assert (gbk.encoding, gbk.money_unit, bom.encoding, plain.header_style) == (
        "gbk", "元", "utf-8-sig", "english"
    )  # fmt: skip
    registry = openpyxl.load_workbook(directory / "registry_changzhou.xlsx").worksheets[0]
    assert isinstance(registry["C2"].value, datetime)
    assert registry["C2"].number_format == "yyyy-mm-dd"


def _operations(directory: Path, manifest: DemoManifest) -> dict[str, dict[str, dict[str, float]]]:
    """Return the good operations rows as {uscc: {period: {column: value in 万元}}}."""
    series: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    standard = get_standard("operations")
    for entry in manifest.files_of("operations"):
        header, rows = read_rows(directory, entry)
        bad = {b.row for b in entry.bad_rows}
        for number, row in enumerate(rows, start=2):
            if number in bad:
                continue
            values = {
                c.key: _number(cell, c, entry) if cell else 0.0
                for c, cell in zip(standard.columns[2:], row[2:], strict=True)
            }
            series[row[0]][row[1]] = values
    return series


def test_seasonality_heavy_tail_and_above_scale(demo: tuple[Path, DemoManifest]) -> None:
    directory, manifest = demo
    series = _operations(directory, manifest)
    by_month: dict[str, float] = defaultdict(float)
    output: dict[str, float] = defaultdict(float)
    for uscc, months in series.items():
        for period, values in months.items():
            by_month[period[5:]] += values["revenue_wan_yuan"]
            output[uscc] += values["output_value_wan_yuan"]
    assert by_month["02"] < 0.85 * by_month["12"]
    ranked = sorted(output.values(), reverse=True)
    assert sum(ranked[: len(ranked) // 20]) > 0.4 * sum(ranked)
    header, rows = read_rows(directory, manifest.file("registry_changzhou.xlsx"))
    bad = {b.row for b in manifest.file("registry_changzhou.xlsx").bad_rows}
    above = {row[0] for n, row in enumerate(rows, start=2) if n not in bad and row[8] == "是"}
    assert 0.04 <= len(above) / 120 <= 0.2
    for uscc in above:
        trailing = sorted(series[uscc].items())[-12:]
        assert sum(values["revenue_wan_yuan"] for _, values in trailing) >= 2000 * 0.85


def test_ground_truth_matches_the_operations_and_events(demo: tuple[Path, DemoManifest]) -> None:
    directory, manifest = demo
    truth: dict[str, Any] = json.loads((directory / "truth/ground_truth.json").read_text())
    assert truth["shocks"] and truth["relocations"]
    series = _operations(directory, manifest)
    for move in truth["relocations"]:
        months = sorted(series[move["uscc"]].items())
        assert months[-1][0] == move["last_reported_period"] < move["moved_out_period"]
        first = sum(values["electricity_kwh"] for _, values in months[:12]) / 12
        last = sum(values["electricity_kwh"] for _, values in months[-3:]) / 3
        assert last < 0.5 * first
    for shock in truth["shocks"]:
        months = sorted(series[shock["uscc"]].items())
        before = [v["electricity_kwh"] for p, v in months if p < shock["start_period"]][-6:]
        after = [v["electricity_kwh"] for p, v in months if p >= shock["start_period"]][:6]
        assert sum(after) / len(after) < 0.8 * sum(before) / len(before)
    header, events = read_rows(directory, manifest.file("events.csv"))
    for move in truth["relocations"]:
        trail = [row[1] for row in events if row[0] == move["uscc"]]
        assert trail.index("设立分支机构") < trail.index("地址变更") < trail.index("迁出")
    header, registry = read_rows(directory, manifest.file("registry_changzhou.xlsx"))
    status = {row[0]: row[7] for row in registry}
    assert {status[move["uscc"]] for move in truth["relocations"]} == {"迁出"}


def test_products_shares_and_chain_nodes(demo: tuple[Path, DemoManifest]) -> None:
    directory, manifest = demo
    header, rows = read_rows(directory, manifest.file("products.csv"))
    bad = {b.row for b in manifest.file("products.csv").bad_rows}
    shares: dict[str, list[float]] = defaultdict(list)
    for number, row in enumerate(rows, start=2):
        if number not in bad:
            shares[row[0]].append(float(row[3]))
    assert all(1 <= len(s) <= 4 for s in shares.values())
    assert sum(1 for s in shares.values() if abs(sum(s) - 100.0) < 0.05) >= 0.98 * len(shares)
    with (directory / "truth/enterprise_nodes.csv").open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    assert len(nodes) == 200
    in_chain = [n for n in nodes if n["local"] == "true" and n["node_id"]]
    assert 0.6 <= len(in_chain) / 120 <= 0.95
