"""Validate a UTF-8 CSV against a standard in DuckDB and load accepted rows into ODS.

The whole step runs in one lake transaction: either every accepted row of the batch is in
``ods.<standard>`` or none is. Rejected rows come back to the caller with their errors for
the quarantine, which lives in the serving DB.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.header import MappedColumn
from industry_brain.warehouse.ingest.rules import MACROS, SQL_TYPES, column_sql, quote
from industry_brain.warehouse.standards import Standard

if TYPE_CHECKING:
    import duckdb

EXTRA_COLUMNS = 8
MAX_LINE_BYTES = 1 << 20
_LINE = re.compile(r"Line: (\d+)")


@dataclass(frozen=True)
class Rejection:
    """A rejected row: its row number in the file, its errors and its raw cells."""

    row: int
    errors: list[dict[str, str]]
    raw: list[str | None]


@dataclass(frozen=True)
class LoadResult:
    """What one load did."""

    rows: int
    accepted: int
    rejections: list[Rejection]


def ods_table(standard: Standard) -> str:
    """Return the qualified ODS table name of a standard."""
    return f"ods.{standard.code}"


def ensure_ods_table(con: duckdb.DuckDBPyConnection, standard: Standard) -> None:
    """Create the standard's ODS table if missing."""
    columns = ", ".join(f"{c.key} {SQL_TYPES[c.type]}" for c in standard.columns)
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {ods_table(standard)} ({columns}, "
        "_batch_id VARCHAR NOT NULL, _row INTEGER NOT NULL, _loaded_at TIMESTAMP NOT NULL)"
    )


def load_csv(
    con: duckdb.DuckDBPyConnection,
    *,
    standard: Standard,
    csv_path: Path,
    mapped: list[MappedColumn],
    header_width: int,
    batch_id: str,
    file_name: str,
    industry_codes: list[tuple[str, str]],
) -> LoadResult:
    """Validate the file and insert its accepted rows, inside the caller's transaction."""
    for macro in MACROS:
        con.execute(macro)
    con.execute("CREATE OR REPLACE TEMP TABLE ib_industry_codes (code VARCHAR, section VARCHAR)")
    if industry_codes:
        con.executemany("INSERT INTO ib_industry_codes VALUES (?, ?)", industry_codes)
    width = header_width + EXTRA_COLUMNS
    _stage(con, csv_path, width=width, file_name=file_name)
    _check(con, standard=standard, mapped=mapped, header_width=header_width, width=width)
    ensure_ods_table(con, standard)
    keys = ", ".join(column.key for column in standard.columns)
    con.execute(
        f"INSERT INTO {ods_table(standard)} ({keys}, _batch_id, _row, _loaded_at) "
        f"SELECT {keys}, {quote(batch_id)}, _row, now() FROM ib_checked WHERE len(_errors) = 0"
    )
    counts = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE len(_errors) = 0) FROM ib_checked"
    ).fetchone()
    assert counts is not None
    rejected = con.execute(
        "SELECT _row, to_json(_errors), to_json(_raw) FROM ib_checked "
        "WHERE len(_errors) > 0 ORDER BY _row"
    ).fetchall()
    return LoadResult(
        rows=int(counts[0]),
        accepted=int(counts[1]),
        rejections=[Rejection(int(r), json.loads(e), json.loads(raw)) for r, e, raw in rejected],
    )


def _stage(con: duckdb.DuckDBPyConnection, path: Path, *, width: int, file_name: str) -> None:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    options = (
        f"header = false, skip = 1, columns = {columns}, null_padding = true, parallel = false, "
        f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"max_line_size = {MAX_LINE_BYTES}"
    )
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ib_stage AS SELECT row_number() OVER () + 1 AS _row, * "
            f"FROM read_csv({quote(str(path))}, {options})"
        )
    except Exception as exc:  # duckdb raises several error classes for malformed CSV
        text = str(exc)
        line = _LINE.search(text)
        row = int(line.group(1)) if line else None
        if "maximum line size" in text.lower() or "max_line_size" in text.lower():
            reason = f"该行超过 {MAX_LINE_BYTES // 1024} KB，不是有效的数据行"
        elif "Expected Number of Columns" in text:
            reason = f"列数超过表头 {EXTRA_COLUMNS} 列以上，CSV 格式错误"
        else:
            reason = "CSV 格式错误：" + text.splitlines()[0][:200]
        raise ImportFileError(reason, file=file_name, row=row) from exc


def _check(
    con: duckdb.DuckDBPyConnection,
    *,
    standard: Standard,
    mapped: list[MappedColumn],
    header_width: int,
    width: int,
) -> None:
    by_key = {m.column.key: column_sql(m, f"c{m.position}") for m in mapped}
    parsed = [
        f"{by_key[c.key].parsed if c.key in by_key else f'CAST(NULL AS {SQL_TYPES[c.type]})'}"
        f" AS {c.key}"
        for c in standard.columns
    ]
    errors = [e for sql in by_key.values() for e in sql.errors]
    extra = " OR ".join(f"c{i} IS NOT NULL" for i in range(header_width, width)) or "FALSE"
    errors.append(
        "CASE WHEN " + extra + " THEN {'column': '', 'rule': 'extra_fields', "
        "'message': '本行的列数多于表头', 'value': ''} END"
    )
    raw = "[" + ", ".join(f"c{i}" for i in range(header_width)) + "]"
    error_list = "list_filter([" + ", ".join(errors) + "], lambda e: e IS NOT NULL)"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE ib_parsed AS SELECT _row, {', '.join(parsed)}, "
        f"{error_list} AS _errors, {raw} AS _raw FROM ib_stage"
    )
    key = ", ".join(standard.key)
    duplicate = (
        "{'column': " + quote(standard.key[0]) + ", 'rule': 'duplicate', "
        "'message': '与第' || first_row || '行重复', 'value': ''}"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ib_checked AS SELECT * EXCLUDE (first_row, _errors), "
        f"CASE WHEN first_row < _row THEN list_append(_errors, {duplicate}) ELSE _errors END "
        f"AS _errors FROM (SELECT *, min(_row) OVER (PARTITION BY {key}) AS first_row "
        "FROM ib_parsed)"
    )


def delete_batch(con: duckdb.DuckDBPyConnection, *, standard: Standard, batch_id: str) -> None:
    """Remove every ODS row of a batch (used when its serving-side record failed)."""
    ensure_ods_table(con, standard)
    con.execute(f"DELETE FROM {ods_table(standard)} WHERE _batch_id = ?", [batch_id])
