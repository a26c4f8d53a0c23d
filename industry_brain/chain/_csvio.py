"""Read enterprise lists (CSV in UTF-8, UTF-8-BOM, GBK or GB18030) for classification."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from industry_brain.chain.classify import Enterprise
from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.reader import detect_encoding

REQUIRED_COLUMNS = ("name", "business_scope", "products")


@dataclass(frozen=True, slots=True)
class InputRow:
    """One data row: its line number in the file, the enterprise and its label if any."""

    row: int
    enterprise: Enterprise
    node_id: str | None


def read_enterprises(path: Path, *, labelled: bool = False) -> list[InputRow]:
    """Read the file; refuse it naming the file, row and column of the first problem."""
    name = path.name
    if not path.is_file():
        raise ImportFileError("文件不存在", file=name)
    if path.stat().st_size == 0:
        raise ImportFileError("文件为空", file=name)
    encoding = detect_encoding(path, name=name)
    required = (*REQUIRED_COLUMNS, "node_id") if labelled else REQUIRED_COLUMNS
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        header = [column.strip() for column in reader.fieldnames or []]
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportFileError(f"缺少列 {', '.join(missing)}（表头为 {header}）", file=name)
        reader.fieldnames = header
        return [_row(record, line, name) for line, record in enumerate(reader, start=2)]


def _row(record: dict[str | None, str | None], line: int, file: str) -> InputRow:
    """Turn one CSV record into an InputRow, refusing extra cells and empty names."""
    if None in record:
        raise ImportFileError("数据列多于表头", file=file, row=line)

    def cell(column: str) -> str:
        return (record.get(column) or "").strip()

    if not cell("name"):
        raise ImportFileError("企业名称为空", file=file, row=line, column="name")
    enterprise = Enterprise(
        name=cell("name"),
        business_scope=cell("business_scope"),
        products=cell("products"),
        industry_code=cell("industry_code"),
    )
    return InputRow(line, enterprise, cell("node_id") or None)
