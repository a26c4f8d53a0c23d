"""A small hand-made lake for the warning rules: the tables the rules read, with the types the
pipeline gives them, filled by the tests with series whose figures are known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.kinds_sql import Window
from industry_brain.lake import CONNECTION_CONFIG
from industry_brain.months import add_months

LAST = date(2024, 12, 1)  # the evaluation month of the small lakes
COUNTY = "320412"

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS dws; CREATE SCHEMA IF NOT EXISTS ads; CREATE SCHEMA IF NOT EXISTS dwd;
CREATE TABLE dws.enterprise_month (uscc VARCHAR, period DATE, revenue_wan_yuan DECIMAL(20,4),
  output_value_wan_yuan DECIMAL(20,4), tax_wan_yuan DECIMAL(20,4), electricity_kwh DOUBLE,
  employees BIGINT);
CREATE TABLE ads.enterprise_profile (uscc VARCHAR, name VARCHAR, county_code VARCHAR,
  status VARCHAR, is_local BOOLEAN);
CREATE TABLE dwd.enterprise (uscc VARCHAR, name VARCHAR, status VARCHAR, county_code VARCHAR);
CREATE TABLE dwd.events (uscc VARCHAR, event_type VARCHAR, event_date DATE, before_value VARCHAR,
  after_value VARCHAR);
"""


def months_back(count: int, last: date = LAST) -> list[date]:
    """Return ``count`` months ending at ``last``, oldest first."""
    return [add_months(last, offset) for offset in range(1 - count, 1)]


class Lake:
    """A DuckDB file with the lake tables the rules read."""

    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path), config=dict(CONNECTION_CONFIG))
        self.con.execute(SCHEMA)

    def enterprise(
        self, uscc: str, name: str = "", *, status: str = "存续", local: bool = True
    ) -> None:
        """Register an enterprise (profile and registry row)."""
        label = name or f"企业{uscc[-4:]}"
        self.con.execute(
            "INSERT INTO ads.enterprise_profile VALUES (?, ?, ?, ?, ?)",
            [uscc, label, COUNTY if local else "440305", status, local],
        )
        self.con.execute(
            "INSERT INTO dwd.enterprise VALUES (?, ?, ?, ?)",
            [uscc, label, status, COUNTY if local else "440305"],
        )

    def series(
        self, uscc: str, values: list[float | None], *, field: str = "revenue_wan_yuan",
        last: date = LAST,
    ) -> None:  # fmt: skip
        """Set one field of an enterprise's months ending at ``last`` (None: not reported)."""
        for period, value in zip(months_back(len(values), last), values, strict=True):
            if value is None:
                continue
            updated = self.con.execute(
                f"UPDATE dws.enterprise_month SET {field} = ? WHERE uscc = ? AND period = ?",
                [value, uscc, period],
            ).fetchone()
            if not updated or not updated[0]:
                self.con.execute(
                    f"INSERT INTO dws.enterprise_month (uscc, period, {field}) VALUES (?, ?, ?)",
                    [uscc, period, value],
                )

    def event(self, uscc: str, event_type: str, on: date, before: str, after: str) -> None:
        """Add a registry change event."""
        self.con.execute(
            "INSERT INTO dwd.events VALUES (?, ?, ?, ?, ?)", [uscc, event_type, on, before, after]
        )

    def indicator(self, dimension: str, member: str, name: str, values: dict[date, float],
                  indicator_id: str = "revenue_yoy") -> None:  # fmt: skip
        """Add a monitor indicator's values for one member of a dimension."""
        self.con.execute(
            "CREATE SCHEMA IF NOT EXISTS monitor; CREATE TABLE IF NOT EXISTS "
            "monitor.indicator_values (indicator_id VARCHAR, dimension VARCHAR, member VARCHAR, "
            "member_name VARCHAR, period DATE, value DOUBLE)"
        )
        self.con.executemany(
            "INSERT INTO monitor.indicator_values VALUES (?, ?, ?, ?, ?, ?)",
            [(indicator_id, dimension, member, name, p, v) for p, v in values.items()],
        )

    def risk(self, scores: dict[str, float], *, as_of: date = LAST) -> None:
        """Add relocation-risk scores (with one signal each)."""
        self.con.execute(
            "CREATE SCHEMA IF NOT EXISTS relocation; CREATE TABLE IF NOT EXISTS relocation.risk "
            "(uscc VARCHAR, as_of DATE, score DOUBLE, level VARCHAR, signals VARCHAR)"
        )
        signals = (
            '[{"signal": "branch_out", "label": "在区外设立分支机构", "value": "上海", '
            '"points": 30}]'
        )
        self.con.executemany(
            "INSERT INTO relocation.risk VALUES (?, ?, ?, NULL, ?)",
            [(uscc, as_of, score, signals) for uscc, score in scores.items()],
        )


def rule(kind: str, *, indicator: str | None = "revenue", scope: str = "enterprise",
         thresholds: dict[str, float] | None = None, rule_id: int = 1,
         **params: Any) -> RuleSpec:  # fmt: skip
    """Return a rule of a kind with its default parameters, overridden by ``params``."""
    from industry_brain.alerts.kinds import KINDS

    full = {p.name: p.default for p in KINDS[kind].params} | params
    return RuleSpec(rule_id, f"规则{rule_id}", kind, scope, indicator, full, thresholds or {})


def results(
    lake: Lake, rules: list[RuleSpec], *, last: date = LAST,
    leaders: list[tuple[str, str]] | None = None,
) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Evaluate the rules at ``last``; return the result rows by subject (evaluable ones)."""
    from industry_brain.alerts.evaluation import RESULTS, evaluate

    evaluate(lake.con, rules, window=Window(last, last), only_last=True, leaders=leaders or [])
    cursor = lake.con.execute(f"SELECT * FROM {RESULTS} ORDER BY subject_key")
    names = [d[0] for d in cursor.description]
    return {row[2]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def iter_codes(start: int) -> Iterator[str]:
    """Yield valid-looking 18-character codes (the rules never check them)."""
    serial = start
    while True:
        yield f"91320412MA{serial:07d}X"
        serial += 1


def warehouse(path: Path) -> Lake:
    """ALPHA 40% down on a year for the last two months; BETA steady; ZERO reports a zero."""
    lake = Lake(path)
    lake.enterprise("ALPHA", "常州甲有限公司")
    lake.series("ALPHA", [100.0] * 12 + [60.0, 60.0])
    lake.enterprise("BETA", "常州乙有限公司")
    lake.series("BETA", [50.0] * 14)
    lake.enterprise("ZERO", "常州零有限公司")
    lake.series("ZERO", [100.0] * 12 + [0.0, 0.0])  # zeros: at most 黄, never red
    lake.enterprise("ONE", "常州一有限公司")
    lake.series("ONE", [5.0])  # one month of history: nothing to say
    return lake
