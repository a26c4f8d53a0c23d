"""Every indicator for every month and every member of each dimension, computed in DuckDB.

The rows are the monthly figures of the cluster's local enterprises (``is_local`` of the
published profile, as the enterprise list's ``local=true``): each numeric column of
``dws.enterprise_month`` that a formula uses, as DOUBLE, with the same enterprise's figure
twelve months before under ``<column>_prev`` (NULL when that month is missing, so growth
compares like with like). One query per dimension groups them by member and month and
evaluates every indicator's aggregate; the results are unpivoted into
``monitor.indicator_values`` (the contract other domains read).

Members: ``cluster`` the cluster's region code; ``region`` the county code; ``node``
``<template_id>:<node_id>`` of the rank-1 assignments of each template's latest run
(``monitor.chain_nodes``, copied from the serving DB first); ``size`` ``above``/``below``
(enterprises whose 规上 flag is unknown are in neither).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain.monitor.indicators import Dimension, Indicator
from industry_brain.warehouse.models import ClusterProfile

if TYPE_CHECKING:
    import duckdb

    from industry_brain.db import Database

SCHEMA = "monitor"
ROWS = "monitor_rows"
NAMES = "monitor_member_names"
NO_CLUSTER = "all"
SIZE_NAMES = {"above": "规上企业", "below": "规下企业"}
_NUMERIC = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "BIGINT", "INTEGER", "HUGEINT", "SMALLINT")


@dataclass(frozen=True)
class Grouping:
    """How one dimension groups the rows: member expression, joins, condition."""

    member: str
    join: str = ""
    where: str = "TRUE"


def groupings(cluster_code: str) -> dict[Dimension, Grouping]:
    """Return each dimension's grouping of the rows."""
    return {
        "cluster": Grouping(member=_literal(cluster_code)),
        "region": Grouping(member="r.county_code", where="r.county_code IS NOT NULL"),
        "node": Grouping(
            member="n.template_id || ':' || n.node_id",
            join=f"JOIN {SCHEMA}.chain_nodes AS n ON n.uscc = r.uscc",
        ),
        "size": Grouping(
            member="CASE WHEN r.above_scale THEN 'above' ELSE 'below' END",
            where="r.above_scale IS NOT NULL",
        ),
    }


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def measure_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the numeric columns of ``dws.enterprise_month`` that indicators may add up
    (growth rates of single enterprises, ``*_pct``, are not figures to sum)."""
    described = con.execute("DESCRIBE dws.enterprise_month").fetchall()
    return [
        str(name)
        for name, kind, *_ in described
        if str(kind).upper().startswith(_NUMERIC) and not str(name).endswith("_pct")
    ]


def used_columns(con: duckdb.DuckDBPyConnection, indicators: list[Indicator]) -> list[str]:
    """Return the measure columns some formula refers to (fewer columns: a faster join)."""
    formulas = " ".join(indicator.formula for indicator in indicators)
    return [c for c in measure_columns(con) if re.search(rf"\b{c}(_prev)?\b", formulas)]


def prepare_rows(con: duckdb.DuckDBPyConnection, columns: list[str]) -> None:
    """Build the temporary table of local enterprises' months with last year's figures (a
    join on the month twelve before: faster here than a window over the same rows)."""
    current = "".join(f", CAST(m.{c} AS DOUBLE) AS {c}" for c in columns)
    previous = "".join(f", CAST(y.{c} AS DOUBLE) AS {c}_prev" for c in columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {ROWS} AS
        SELECT m.uscc, m.period, p.county_code, p.above_scale{current}{previous}
        FROM dws.enterprise_month AS m
        JOIN ads.enterprise_profile AS p ON p.uscc = m.uscc AND p.is_local
        LEFT JOIN dws.enterprise_month AS y
          ON y.uscc = m.uscc AND y.period = CAST(m.period - INTERVAL 12 MONTH AS DATE)
        """
    )


def computable(
    con: duckdb.DuckDBPyConnection, indicators: list[Indicator]
) -> tuple[list[Indicator], dict[str, str]]:
    """Split indicators into those whose formula DuckDB accepts as a monthly aggregate over the
    rows and those it refuses (id → error), so one bad plugin formula skips only itself."""
    import duckdb

    good, bad = [], {}
    for indicator in indicators:
        try:
            con.execute(f"EXPLAIN SELECT period, ({indicator.formula}) FROM {ROWS} r GROUP BY 1")
        except duckdb.Error as exc:
            bad[indicator.id] = str(exc).splitlines()[0]
        else:
            good.append(indicator)
    return good, bad


def dimension_query(dimension: Dimension, grouping: Grouping, indicators: list[Indicator]) -> str:
    """Return the query of every indicator of one dimension, one row per value."""
    values = ", ".join(
        f"round(CAST(({i.formula}) AS DOUBLE), 4) AS {_identifier(i.id)}" for i in indicators
    )
    names = ", ".join(_identifier(i.id) for i in indicators)
    return f"""
        SELECT '{dimension}' AS dimension, member, period, indicator_id, value
        FROM (
          SELECT {grouping.member} AS member, r.period, {values}
          FROM {ROWS} AS r {grouping.join}
          WHERE {grouping.where}
          GROUP BY 1, 2
        ) UNPIVOT INCLUDE NULLS (value FOR indicator_id IN ({names}))
    """


def cluster_member(database: Database) -> tuple[str, str]:
    """Return the cluster's member code (its region) and name."""
    with database.reader() as db:
        profile = db.scalar(select(ClusterProfile).limit(1))
    if profile is None:
        return NO_CLUSTER, "全部企业"
    return profile.region_code, profile.name


def member_names(con: duckdb.DuckDBPyConnection, cluster: tuple[str, str]) -> None:
    """Build the temporary table of every member's display name."""
    from industry_brain.chain.template import all_templates

    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {NAMES} "
        "(dimension VARCHAR, member VARCHAR, member_name VARCHAR)"
    )
    rows = [("cluster", *cluster)]
    rows += [("size", code, name) for code, name in SIZE_NAMES.items()]
    rows += [
        ("node", f"{template.id}:{node.id}", f"{template.name} · {node.name}")
        for template in all_templates().values()
        for node in template.nodes
    ]
    con.executemany(f"INSERT INTO {NAMES} VALUES (?, ?, ?)", rows)
    con.execute(
        f"INSERT INTO {NAMES} SELECT DISTINCT 'region', r.county_code, coalesce(g.name, "
        f"r.county_code) FROM {ROWS} AS r LEFT JOIN ref.regions AS g ON g.code = r.county_code "
        "WHERE r.county_code IS NOT NULL"
    )


def compute_values(
    con: duckdb.DuckDBPyConnection, indicators: list[Indicator], cluster: tuple[str, str]
) -> int:
    """Replace ``monitor.indicator_values`` with every indicator's values; return the rows."""
    member_names(con, cluster)
    queries = []
    for dimension, grouping in groupings(cluster[0]).items():
        chosen = [i for i in indicators if dimension in i.dimensions]
        if chosen:
            queries.append(dimension_query(dimension, grouping, chosen))
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    union = " UNION ALL ".join(queries) if queries else _EMPTY
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {SCHEMA}.indicator_values AS
        SELECT CAST(v.indicator_id AS VARCHAR) AS indicator_id, v.dimension,
          CAST(v.member AS VARCHAR) AS member, coalesce(n.member_name, v.member) AS member_name,
          v.period, CAST(v.value AS DOUBLE) AS value
        FROM ({union}) AS v
        LEFT JOIN {NAMES} AS n ON n.dimension = v.dimension AND n.member = v.member
        ORDER BY 1, 2, 3, 5
        """
    )
    found = con.execute(f"SELECT count(*) FROM {SCHEMA}.indicator_values").fetchone()
    return int(found[0]) if found else 0


_EMPTY = (
    "SELECT NULL::VARCHAR AS dimension, NULL::VARCHAR AS member, NULL::DATE AS period, "
    "NULL::VARCHAR AS indicator_id, NULL::DOUBLE AS value WHERE FALSE"
)
