"""A small hand-made lake with the warehouse tables the facts are computed from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from industry_brain.lake import CONNECTION_CONFIG

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS dwd; CREATE SCHEMA IF NOT EXISTS ref;
CREATE TABLE dwd.enterprise (uscc VARCHAR, name VARCHAR, established_on DATE,
  industry_code VARCHAR, status VARCHAR, above_scale BOOLEAN, employees BIGINT,
  county_code VARCHAR, city_code VARCHAR, province_code VARCHAR);
CREATE TABLE dwd.operations (uscc VARCHAR, period DATE, revenue_wan_yuan DECIMAL(20,4),
  tax_wan_yuan DECIMAL(20,4), employees BIGINT, rd_expense_wan_yuan DECIMAL(20,4));
CREATE TABLE dwd.honors (uscc VARCHAR, honor_name VARCHAR, level VARCHAR, recognized_on DATE,
  valid_until DATE);
CREATE TABLE dwd.patents (uscc VARCHAR, patent_no VARCHAR, patent_type VARCHAR);
CREATE TABLE ref.cluster (region_code VARCHAR, prefix VARCHAR);
"""


class FactsLake:
    """A DuckDB file holding the tables ``build_facts`` reads."""

    def __init__(self, path: Path, *, home: str | None = "320400") -> None:
        self.con = duckdb.connect(str(path), config=dict(CONNECTION_CONFIG))
        self.con.execute(SCHEMA)
        if home:
            self.con.execute("INSERT INTO ref.cluster VALUES (?, ?)", [home, home[:4]])

    def enterprise(
        self,
        uscc: str,
        *,
        established_on: date | None = None,
        industry_code: str | None = None,
        status: str = "存续",
        above_scale: bool | None = None,
        employees: int | None = None,
        county: str | None = None,
        city: str | None = None,
    ) -> None:
        """Register an enterprise."""
        self.con.execute(
            "INSERT INTO dwd.enterprise VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [uscc, f"企业{uscc}", established_on, industry_code, status, above_scale, employees,
             county, city, (county or city or "")[:2] + "0000" if county or city else None],
        )  # fmt: skip

    def year(
        self,
        uscc: str,
        year: int,
        *,
        revenue: float | None = None,
        tax: float | None = None,
        rd: float | None = None,
        employees: int | None = None,
        skip: tuple[int, ...] = (),
    ) -> None:
        """Report a whole year of months with the same monthly figures, but ``skip`` months."""
        for month in range(1, 13):
            if month not in skip:
                self.con.execute(
                    "INSERT INTO dwd.operations VALUES (?, ?, ?, ?, ?, ?)",
                    [uscc, date(year, month, 1), revenue, tax, employees, rd],
                )

    def honor(
        self, uscc: str, name: str, *, since: date | None = None, until: date | None = None
    ) -> None:
        """Record an honor."""
        self.con.execute(
            "INSERT INTO dwd.honors VALUES (?, ?, '省级', ?, ?)", [uscc, name, since, until]
        )

    def patent(self, uscc: str, number: str, kind: str) -> None:
        """Record a patent."""
        self.con.execute("INSERT INTO dwd.patents VALUES (?, ?, ?)", [uscc, number, kind])
