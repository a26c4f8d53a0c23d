"""Shared pieces of the rules tests: the built-in facts, and a facts table made from dicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from industry_brain.rules.facts import BUILTIN_FACTS, HOME_REGION, Fact
from industry_brain.rules.facts_sql import SQL_TYPES

FACTS: dict[str, Fact] = {fact.id: fact for fact in BUILTIN_FACTS}
HOME = "320400"  # 常州市


def facts_table(
    rows: Sequence[Mapping[str, Any]], *, table: str = "rules.enterprise_facts"
) -> duckdb.DuckDBPyConnection:
    """Return an in-memory lake whose facts table holds ``rows`` (uscc → facts; missing → NULL)."""
    con = duckdb.connect()
    schema = table.split(".")[0]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    columns = ", ".join(f'"{fact.id}" {SQL_TYPES[fact.type]}' for fact in FACTS.values())
    con.execute(f"CREATE TABLE {table} (uscc VARCHAR, {columns}, {HOME_REGION} VARCHAR)")
    names = ["uscc", *FACTS, HOME_REGION]
    marks = ", ".join("?" for _ in names)
    for row in rows:
        values = [list(v) if isinstance(v, set | frozenset) else v for v in map(row.get, names)]
        con.execute(f"INSERT INTO {table} VALUES ({marks})", values)
    return con
