"""Writing rows as the files an operator receives: CSV in several encodings, or XLSX.

Each file has its own conventions (``FileSpec``): Chinese labels or English keys as
headers, money in 万元 or 元 (the header says which, e.g. ``营业收入(元)``), booleans as
是/否 or true/false, and in XLSX files dates either as Excel dates or as text. The output is
byte-for-byte reproducible: CSV is plain text, and XLSX archives are repacked with fixed
timestamps and document properties.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.xml.functions import tostring

from industry_brain.warehouse.demo.tables import Cell, Row
from industry_brain.warehouse.standards import Column, Standard

HeaderStyle = Literal["chinese", "english"]
MoneyUnit = Literal["万元", "元"]
FileFormat = Literal["csv", "xlsx"]
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_YUAN_PER_WAN = 10_000


@dataclass(frozen=True)
class FileSpec:
    """How one file is written."""

    standard: str
    name: str
    format: FileFormat
    encoding: str | None
    header: HeaderStyle
    money_unit: MoneyUnit = "万元"
    excel_date_columns: tuple[str, ...] = ()
    line_terminator: str = "\n"
    periods: tuple[str, ...] = ()


def header_text(spec: FileSpec, column: Column) -> str:
    """Return the header of a column in this file's style and money unit."""
    if spec.header == "english":
        return column.key
    if column.type == "money" and spec.money_unit == "元":
        return column.label.replace("万元", "元")
    return column.label


def _number(spec: FileSpec, column: Column, value: float) -> float:
    if column.type == "money":
        scaled = value * _YUAN_PER_WAN if spec.money_unit == "元" else value
        return round(scaled, 2)
    if column.type == "ratio":
        return round(value, 1)
    return round(value, 2)


def text_cell(spec: FileSpec, column: Column, value: Cell) -> str:
    """Return the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if spec.header == "english":
            return "true" if value else "false"
        return "是" if value else "否"
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    digits = 1 if column.type == "ratio" else 2
    return f"{_number(spec, column, value):.{digits}f}"


def write_csv(path: Path, spec: FileSpec, standard: Standard, rows: Sequence[Row]) -> None:
    """Write the rows as CSV in the spec's encoding; fail if a character cannot be encoded."""
    if spec.encoding is None:
        raise ValueError(f"{spec.name}: a CSV file needs an encoding")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=spec.line_terminator)
    writer.writerow([header_text(spec, column) for column in standard.columns])
    for row in rows:
        writer.writerow([text_cell(spec, c, row.get(c.key)) for c in standard.columns])
    path.write_bytes(buffer.getvalue().encode(spec.encoding, errors="strict"))


def _sheet_value(spec: FileSpec, column: Column, value: Cell) -> str | int | float | bool | date:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value if spec.header == "english" else ("是" if value else "否")
    if isinstance(value, date):
        return value if column.key in spec.excel_date_columns else value.isoformat()
    if isinstance(value, float):
        return _number(spec, column, value)
    return value


def write_xlsx(
    path: Path, spec: FileSpec, standard: Standard, rows: Sequence[Row], *, stamp: datetime
) -> None:
    """Write the rows as one XLSX sheet (values, no formulas), reproducibly."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(standard.name)
    sheet.append([header_text(spec, column) for column in standard.columns])
    for row in rows:
        cells: list[object] = []
        for column in standard.columns:
            value = _sheet_value(spec, column, row.get(column.key))
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=datetime(value.year, value.month, value.day))
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(None if value == "" else value)
        sheet.append(cells)
    raw = io.BytesIO()
    workbook.save(raw)
    path.write_bytes(_repack(raw.getvalue(), stamp))


def _repack(data: bytes, stamp: datetime) -> bytes:
    """Return the XLSX archive with fixed entry times and document timestamps."""
    properties = DocumentProperties(creator="industry-brain demo", created=stamp, modified=stamp)
    core = tostring(properties.to_tree())
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = core if info.filename == "docProps/core.xml" else source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return target_buffer.getvalue()
