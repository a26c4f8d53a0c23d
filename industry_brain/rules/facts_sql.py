"""The SQL that computes ``rules.enterprise_facts`` from the warehouse, one row per enterprise.

Time windows are taken from the data, not the clock: 上年 (last year) is the latest calendar
year whose December is in ``dwd.operations`` (data to 2025-03 → 2024; to 2024-12 → 2024), so a
rule reads the same figures however late in the year the pipeline runs. A yearly sum needs all
twelve months reported, else it is unknown. Honors and age are as of the evaluation date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from industry_brain.rules.facts import BUILTIN_FACTS, HOME_REGION, Fact

if TYPE_CHECKING:
    import duckdb

FACTS_TABLE = "rules.enterprise_facts"
SQL_TYPES = {"number": "DOUBLE", "text": "VARCHAR", "bool": "BOOLEAN", "set": "VARCHAR[]"}

BUILTIN_SQL = """
WITH reference AS (
  SELECT CASE WHEN month(max(period)) = 12 THEN year(max(period)) ELSE year(max(period)) - 1 END
    AS last_year
  FROM dwd.operations
), yearly AS (
  SELECT o.uscc, year(o.period) AS year,
    count(o.revenue_wan_yuan) AS revenue_months, sum(o.revenue_wan_yuan) AS revenue,
    count(o.tax_wan_yuan) AS tax_months, sum(o.tax_wan_yuan) AS tax,
    count(o.rd_expense_wan_yuan) AS rd_months, sum(o.rd_expense_wan_yuan) AS rd
  FROM dwd.operations AS o, reference AS r
  WHERE year(o.period) IN (r.last_year, r.last_year - 3)
  GROUP BY o.uscc, year(o.period)
), last_year AS (
  SELECT y.* FROM yearly AS y, reference AS r WHERE y.year = r.last_year
), base_year AS (
  SELECT y.* FROM yearly AS y, reference AS r WHERE y.year = r.last_year - 3
), staff AS (
  SELECT uscc, arg_max(employees, period) AS employees
  FROM dwd.operations WHERE employees IS NOT NULL GROUP BY uscc
), honors AS (
  SELECT uscc, list(DISTINCT honor_name ORDER BY honor_name) AS honors
  FROM dwd.honors
  WHERE (valid_until IS NULL OR valid_until >= $as_of)
    AND (recognized_on IS NULL OR recognized_on <= $as_of)
  GROUP BY uscc
), patents AS (
  SELECT uscc, count(*) FILTER (WHERE patent_type = '发明') AS invention_patents
  FROM dwd.patents GROUP BY uscc
)
SELECT
  e.uscc,
  CAST(CASE WHEN ly.revenue_months = 12 THEN ly.revenue END AS DOUBLE) AS revenue_last_year,
  CAST(CASE WHEN ly.tax_months = 12 THEN ly.tax END AS DOUBLE) AS tax_last_year,
  CAST(coalesce(s.employees, e.employees) AS DOUBLE) AS employees,
  CAST(CASE WHEN ly.revenue_months = 12 AND ly.rd_months = 12 AND ly.revenue > 0
    THEN round(100 * ly.rd / ly.revenue, 2) END AS DOUBLE) AS rd_ratio_last_year,
  coalesce(e.county_code, e.city_code, e.province_code) AS region_code,
  e.industry_code,
  coalesce(h.honors, []::VARCHAR[]) AS honors,
  CAST(CASE WHEN e.established_on <= $as_of THEN date_sub('year', e.established_on, $as_of) END
    AS DOUBLE) AS age_years,
  e.status,
  e.above_scale,
  CAST(CASE WHEN ly.revenue_months = 12 AND b.revenue_months = 12 AND b.revenue > 0
    AND ly.revenue >= 0
    THEN round(100 * (pow(ly.revenue / b.revenue, 1 / 3) - 1), 2) END AS DOUBLE)
    AS revenue_growth_3y,
  CAST(coalesce(p.invention_patents, 0) AS DOUBLE) AS invention_patents
FROM dwd.enterprise AS e
LEFT JOIN last_year AS ly ON ly.uscc = e.uscc
LEFT JOIN base_year AS b ON b.uscc = e.uscc
LEFT JOIN staff AS s ON s.uscc = e.uscc
LEFT JOIN honors AS h ON h.uscc = e.uscc
LEFT JOIN patents AS p ON p.uscc = e.uscc
"""


def reference_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """Return the year 上年 stands for in the lake's data (None before any operations)."""
    found = con.execute(
        "SELECT CASE WHEN month(max(period)) = 12 THEN year(max(period))"
        " ELSE year(max(period)) - 1 END FROM dwd.operations"
    ).fetchone()
    return int(found[0]) if found and found[0] is not None else None


def _home_region(con: duckdb.DuckDBPyConnection) -> str | None:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'ref' AND table_name = 'cluster'"
    ).fetchone()
    if not exists or not exists[0]:
        return None
    found = con.execute("SELECT region_code FROM ref.cluster LIMIT 1").fetchone()
    return str(found[0]) if found and found[0] else None


def build_facts(con: duckdb.DuckDBPyConnection, *, as_of: date, facts: Iterable[Fact] = ()) -> int:
    """Write ``rules.enterprise_facts`` (built-ins, then ``facts`` from plugins, then the
    cluster's region) and return its rows."""
    builtin = {fact.id for fact in BUILTIN_FACTS}
    extra = [fact for fact in facts if fact.id not in builtin]
    joins = "".join(
        f" LEFT JOIN ({fact.query}) AS x{index} ON x{index}.uscc = base.uscc"
        for index, fact in enumerate(extra)
    )
    columns = "".join(
        f', CAST(x{index}.value AS {SQL_TYPES[fact.type]}) AS "{fact.id}"'
        for index, fact in enumerate(extra)
    )
    con.execute("CREATE SCHEMA IF NOT EXISTS rules")
    con.execute(
        f"CREATE OR REPLACE TABLE {FACTS_TABLE} AS SELECT base.*{columns},"
        f" CAST($home AS VARCHAR) AS {HOME_REGION} FROM ({BUILTIN_SQL}) AS base{joins}"
        " ORDER BY base.uscc",
        {"as_of": as_of, "home": _home_region(con)},
    )
    found = con.execute(f"SELECT count(*) FROM {FACTS_TABLE}").fetchone()
    return int(found[0]) if found else 0
