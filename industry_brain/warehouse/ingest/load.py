"""Validate a UTF-8 CSV against a standard in DuckDB and load accepted rows into ODS.

The whole step runs in one lake transaction: either every accepted row of the batch is in
``ods.<standard>`` or none is. Rejected rows come back to the caller with their errors for
the quarantine, which lives in the serving DB.

The steps, each one statement over the whole file: stage the cells as text, in file order
(``ib_stage``); parse every column and test every rule (``ib_parsed``: the typed
values, and the list of errors, built only for the rows that have one); find the keys that
occur more than once (``ib_dups``, small); the view ``ib_checked`` adds the duplicate error
to every occurrence after the first. Accepted rows are inserted from that view; the raw
cells of the rejected rows are read back from the stage.

These work tables live in a private in-memory database attached for the load and detached
after it, written through a second connection of the same DuckDB instance in its own
(auto-committed) transactions. Only the final ``INSERT`` runs in the caller's transaction.
Why: DuckDB scans rows that the current transaction has itself written on one thread only,
so work tables inside the caller's transaction would make every step single-threaded.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.header import MappedColumn
from industry_brain.warehouse.ingest.rules import MACROS, SQL_TYPES, Rule, column_sql, quote
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
    """Create the standard's ODS table if missing; add columns the standard gained since.

    Standards only ever gain columns (a column keeps its key once published), so earlier
    batches read NULL in a new column.
    """
    columns = ", ".join(f"{c.key} {SQL_TYPES[c.type]}" for c in standard.columns)
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {ods_table(standard)} ({columns}, "
        "_batch_id VARCHAR NOT NULL, _row INTEGER NOT NULL, _loaded_at TIMESTAMP NOT NULL)"
    )
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'ods' AND table_name = ?",
            [standard.code],
        ).fetchall()
    }
    for column in standard.columns:
        if column.key not in present:
            con.execute(
                f"ALTER TABLE {ods_table(standard)} ADD COLUMN {column.key} "
                f"{SQL_TYPES[column.type]}"
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
    with _work_database(con) as (work, db):
        for macro in MACROS:
            work.execute(macro)
        work.execute("CREATE TEMP TABLE ib_industry_codes (code VARCHAR, section VARCHAR)")
        if industry_codes:
            work.execute(
                "INSERT INTO ib_industry_codes SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                [[code for code, _ in industry_codes], [section for _, section in industry_codes]],
            )
        _stage(work, db, csv_path, header_width=header_width, file_name=file_name)
        _check(work, db, standard=standard, mapped=mapped)
        ensure_ods_table(con, standard)
        keys = ", ".join(column.key for column in standard.columns)
        con.execute(
            f"INSERT INTO {ods_table(standard)} ({keys}, _batch_id, _row, _loaded_at) "
            f"SELECT {keys}, {quote(batch_id)}, _row, now() FROM {db}.ib_checked "
            "WHERE len(_errors) = 0"
        )
        counts = work.execute(
            f"SELECT count(*), count(*) FILTER (WHERE len(_errors) = 0) FROM {db}.ib_checked"
        ).fetchone()
        assert counts is not None
        raw = "[" + ", ".join(f"s.c{i}" for i in range(header_width)) + "]"
        rejected = work.execute(
            f"SELECT c._row, to_json(c._errors), to_json({raw}) FROM {db}.ib_checked AS c "
            f"JOIN {db}.ib_stage AS s ON s.rowid + 2 = c._row WHERE len(c._errors) > 0 "
            "ORDER BY c._row"
        ).fetchall()
    return LoadResult(
        rows=int(counts[0]),
        accepted=int(counts[1]),
        rejections=[Rejection(int(r), json.loads(e), json.loads(raw)) for r, e, raw in rejected],
    )


@contextmanager
def _work_database(
    con: duckdb.DuckDBPyConnection,
) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """Yield a second connection and the name of a fresh in-memory database for work tables.

    The name is unique, since attached databases are shared by every connection of the
    instance (two loads may run at once); the database is detached, and freed, on exit.
    """
    name = f"ib_work_{uuid.uuid4().hex}"
    work = con.cursor()
    try:
        work.execute(f"ATTACH ':memory:' AS {name}")
        try:
            yield work, name
        finally:
            work.execute(f"DETACH DATABASE IF EXISTS {name}")
    finally:
        work.close()


def _stage(
    con: duckdb.DuckDBPyConnection, db: str, path: Path, *, header_width: int, file_name: str
) -> None:
    width = header_width + EXTRA_COLUMNS
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    cells = ", ".join(f"c{i}" for i in range(header_width))
    # The cells beyond the header are only ever tested for presence: keep one flag.
    extra = " OR ".join(f"c{i} IS NOT NULL" for i in range(header_width, width)) or "FALSE"
    options = (
        f"header = false, skip = 1, columns = {columns}, null_padding = true, "
        f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"max_line_size = {MAX_LINE_BYTES}"
    )
    stage = (
        f"CREATE TABLE {db}.ib_stage AS SELECT {cells}, {extra} AS _extra "
        f"FROM read_csv({quote(str(path))}, {options}, parallel = "
    )
    # Rows keep the file's order, so a row's number in the file is its rowid + 2: one thread
    # appends in order, and so do several while DuckDB preserves insertion order (its
    # default). The parallel reader is tried first; it refuses some valid files (quoted line
    # breaks with null_padding) and may word errors differently, so on any error the file is
    # read again single-threaded, and that read decides.
    ordered = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    if ordered and ordered[0]:
        try:
            con.execute(stage + "true)")
            return
        except Exception:  # duckdb raises several error classes for malformed CSV
            con.execute(f"DROP TABLE IF EXISTS {db}.ib_stage")
    try:
        con.execute(stage + "false)")
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
    con: duckdb.DuckDBPyConnection, db: str, *, standard: Standard, mapped: list[MappedColumn]
) -> None:
    by_key = {m.column.key: column_sql(m, f"c{m.position}") for m in mapped}
    inputs = [f"{sql} AS {name}" for c in by_key.values() for name, sql in c.inputs.items()]
    derived = [f"{sql} AS {name}" for c in by_key.values() for name, sql in c.derived.items()]
    parsed = [
        f"{by_key[c.key].parsed if c.key in by_key else f'CAST(NULL AS {SQL_TYPES[c.type]})'}"
        f" AS {c.key}"
        for c in standard.columns
    ]
    rules = [rule for sql in by_key.values() for rule in sql.rules]
    rules.append(
        Rule(
            "_extra",
            "{'column': '', 'rule': 'extra_fields', 'message': '本行的列数多于表头', 'value': ''}",
        )
    )
    any_error = " OR ".join(f"({rule.condition})" for rule in rules)
    error_list = (
        "list_filter([" + ", ".join(r.expression for r in rules) + "], lambda e: e IS NOT NULL)"
    )
    cells = f"SELECT rowid + 2 AS _row, _extra, {', '.join(inputs)} FROM {db}.ib_stage"
    values = f"SELECT *, {', '.join(derived)} FROM ({cells})" if derived else cells
    con.execute(
        f"CREATE TABLE {db}.ib_parsed AS SELECT _row, {', '.join(parsed)}, "
        f"CASE WHEN {any_error} THEN {error_list} ELSE [] END AS _errors FROM ({values})"
    )
    key = ", ".join(standard.key)
    con.execute(
        f"CREATE TABLE {db}.ib_dups AS SELECT {key}, min(_row) AS first_row "
        f"FROM {db}.ib_parsed GROUP BY {key} HAVING count(*) > 1"
    )
    same_key = " AND ".join(f"d.{k} IS NOT DISTINCT FROM p.{k}" for k in standard.key)
    duplicate = (
        "{'column': " + quote(standard.key[0]) + ", 'rule': 'duplicate', "
        "'message': '与第' || d.first_row || '行重复', 'value': ''}"
    )
    con.execute(
        f"CREATE VIEW {db}.ib_checked AS SELECT p.* EXCLUDE (_errors), "
        f"CASE WHEN d.first_row < p._row THEN list_append(p._errors, {duplicate}) "
        f"ELSE p._errors END AS _errors "
        f"FROM {db}.ib_parsed AS p LEFT JOIN {db}.ib_dups AS d ON {same_key}"
    )


def delete_batch(con: duckdb.DuckDBPyConnection, *, standard: Standard, batch_id: str) -> None:
    """Remove every ODS row of a batch (used when its serving-side record failed)."""
    ensure_ods_table(con, standard)
    con.execute(f"DELETE FROM {ods_table(standard)} WHERE _batch_id = ?", [batch_id])
