"""The published enterprise facts (serving ``ads_enterprise_facts``) copied into an in-memory
DuckDB as ``rules.enterprise_facts``, typed as the rules' SQL expects (numbers DOUBLE, sets
VARCHAR[]), so that one saved policy is evaluated by the same SQL as the pipeline's, without
the web process opening the lake.

A set fact is published as text: its members joined with “、” (or a list literal
``[a, b]``); an empty text is the empty set and NULL stays unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.rules.facts import HOME_REGION, Fact, all_facts

if TYPE_CHECKING:
    import duckdb

SERVING_FACTS = "ads_enterprise_facts"
SQL_TYPES = {"number": "DOUBLE", "text": "VARCHAR", "bool": "BOOLEAN", "set": "VARCHAR[]"}


def _set_sql(column: str) -> str:
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"WHEN trim(CAST({column} AS VARCHAR)) IN ('', '[]') THEN []::VARCHAR[] "
        f"WHEN starts_with(CAST({column} AS VARCHAR), '[') THEN list_transform("
        f"string_split(trim(CAST({column} AS VARCHAR), '[]'), ','), x -> trim(x, ' \"''')) "
        f"ELSE string_split(CAST({column} AS VARCHAR), '、') END"
    )


def _typed(fact: Fact, present: set[str]) -> str:
    column = f'"{fact.id}"'
    kind = SQL_TYPES[fact.type]
    if fact.id not in present:
        return f"CAST(NULL AS {kind}) AS {column}"
    if fact.type == "set":
        return f"{_set_sql(column)} AS {column}"
    if fact.type == "text":
        return f"CAST({column} AS VARCHAR) AS {column}"
    return f"TRY_CAST({column} AS {kind}) AS {column}"


def _frame(db: Session) -> Any:
    """Return the published facts as a pandas frame (None when not published yet)."""
    import pandas as pd

    from industry_brain.warehouse.pipeline.publish import is_published

    if not is_published(db, SERVING_FACTS):
        return None
    return pd.read_sql(text(f"SELECT * FROM {SERVING_FACTS}"), db.connection())


def load_facts(db: Session, con: duckdb.DuckDBPyConnection, *, table: str) -> int:
    """Create ``table`` in ``con`` from the published facts; return its number of rows."""
    facts = all_facts()
    frame = _frame(db)
    if frame is None or frame.empty:
        columns = ", ".join(
            ["uscc VARCHAR", f'"{HOME_REGION}" VARCHAR']
            + [f'"{f.id}" {SQL_TYPES[f.type]}' for f in facts.values()]
        )
        con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")
        return 0
    present = set(frame.columns)
    home = f'CAST("{HOME_REGION}" AS VARCHAR)' if HOME_REGION in present else "NULL::VARCHAR"
    selected = ", ".join(
        ["CAST(uscc AS VARCHAR) AS uscc", f'{home} AS "{HOME_REGION}"']
        + [_typed(f, present) for f in facts.values()]
    )
    con.register("serving_facts_frame", frame)
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT {selected} FROM serving_facts_frame"
        )
    finally:
        con.unregister("serving_facts_frame")
    found = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(found[0]) if found else 0


def fact_rows(db: Session, usccs: list[str]) -> dict[str, dict[str, Any]]:
    """Return the published facts of the enterprises, by code (for the reasons on pages)."""
    from industry_brain.warehouse.pipeline.publish import is_published

    if not usccs or not is_published(db, SERVING_FACTS):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(usccs), 500):
        chunk = usccs[start : start + 500]
        params = {f"u{i}": code for i, code in enumerate(chunk)}
        marks = ", ".join(f":{key}" for key in params)
        rows = db.execute(
            text(f"SELECT * FROM {SERVING_FACTS} WHERE uscc IN ({marks})"), params
        ).mappings()
        found.update((str(row["uscc"]), dict(row)) for row in rows)
    return found
