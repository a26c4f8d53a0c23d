"""Evaluate rules over the lake: one SQL statement per rule kind into ``alerts_results``.

The results hold, for every rule, subject and wanted month that could be evaluated, the
measure, the colour (NULL: the condition does not hold) and the facts of its explanation.
A subject that could not be evaluated (no report that month, too little history, a zero
base) has no row: its warning, if any, is left as it was.

The evaluation month is the latest month that at least half as many enterprises reported as
the month before, so one enterprise pushing next month's figures early does not make every
other enterprise "not evaluable".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from industry_brain.alerts import kinds_sql, snapshot_sql
from industry_brain.alerts.kinds import KINDS, RuleSpec
from industry_brain.alerts.kinds_sql import COLUMNS, Window
from industry_brain.alerts.latest_sql import LATEST_KINDS
from industry_brain.lake import has_table

if TYPE_CHECKING:
    import duckdb

RESULTS = "alerts_results"
NEEDS: dict[str, tuple[str, ...]] = {
    "status_change": ("dwd.events", "dwd.enterprise"),
    "indicator_threshold": ("monitor.indicator_values",),
    "relocation_risk": ("relocation.risk",),
}
NEEDED_BY_ALL = ("dws.enterprise_month", "ads.enterprise_profile")
MISSING_LABELS = {
    "monitor.indicator_values": "运行监测指标尚未计算",
    "relocation.risk": "迁移风险尚未评分",
    "dwd.events": "没有登记变更事件",
    "dwd.enterprise": "没有企业登记信息",
}


@dataclass
class EvaluationReport:
    """What one evaluation did: the month, the rules evaluated and those skipped, and why."""

    month: date | None = None
    evaluated: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def latest_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """Return the evaluation month (see the module docstring), or None without operations."""
    if not has_table(con, "dws.enterprise_month"):
        return None
    row = con.execute(
        """
        WITH c AS (SELECT period, count(*) AS n FROM dws.enterprise_month GROUP BY period)
        SELECT max(c.period) FROM c
        LEFT JOIN c AS p ON p.period = CAST(c.period - INTERVAL 1 MONTH AS DATE)
        WHERE p.n IS NULL OR 2 * c.n >= p.n
        """
    ).fetchone()
    return row[0] if row else None


def prepare(con: duckdb.DuckDBPyConnection, *, leaders: list[tuple[str, str]]) -> None:
    """Create the temporary tables the rules read: the watched enterprises (local ones, and
    those that moved out of the region) and the 链主 with their chains."""
    moved = (
        "OR uscc IN (SELECT uscc FROM dwd.events WHERE event_type = '迁出')"
        if has_table(con, "dwd.events")
        else ""
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE alerts_universe AS "
        f"SELECT uscc, name, county_code FROM ads.enterprise_profile WHERE is_local {moved}"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE alerts_leaders (uscc VARCHAR, templates VARCHAR)")
    if leaders:
        con.executemany("INSERT INTO alerts_leaders VALUES (?, ?)", leaders)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {RESULTS} (rule_id INTEGER, subject_type VARCHAR, "
        "subject_key VARCHAR, subject_name VARCHAR, county_code VARCHAR, period DATE, "
        "value DOUBLE, base DOUBLE, measure DOUBLE, level VARCHAR, since DATE, facts VARCHAR)"
    )


def rule_sql(rule: RuleSpec, window: Window, *, only_last: bool) -> str:
    """Return the result rows' SQL of one rule."""
    from industry_brain.monitor.indicators import get_indicator

    if rule.kind == "status_change":
        return snapshot_sql.status_change(rule, window.last)
    if rule.kind == "relocation_risk":
        return snapshot_sql.relocation_risk(rule, window.last)
    if rule.kind == "indicator_threshold":
        inner = kinds_sql.indicator_threshold(rule, window)
    else:
        indicator = get_indicator(rule.indicator or "")
        assert indicator is not None and indicator.enterprise_field is not None
        fast = LATEST_KINDS.get(rule.kind) if only_last else None
        build = fast or kinds_sql.SERIES_KINDS[rule.kind]
        inner = build(rule, indicator.enterprise_field, window)
    return kinds_sql.series_rule(rule, inner, window, only_last=only_last)


def _why_not(con: duckdb.DuckDBPyConnection, rule: RuleSpec, leaders: int) -> str | None:
    """Return why a rule cannot be evaluated now, or None when it can."""
    from industry_brain.monitor.indicators import get_indicator

    missing = [name for name in NEEDS.get(rule.kind, ()) if not has_table(con, name)]
    if missing:
        return MISSING_LABELS.get(missing[0], f"缺少 {missing[0]}")
    if rule.kind == "leader_decline" and not leaders:
        return "尚无链主（运行产业链分析后评估）"
    indicator = get_indicator(rule.indicator) if rule.indicator else None
    if rule.definition.needs_indicator and indicator is None:
        return f"指标“{rule.indicator}”已不在指标库中"
    if rule.scope == "enterprise" and rule.definition.needs_indicator:
        if indicator is None or indicator.enterprise_field is None:
            return "指标没有企业级数值"
    return None


def evaluate(
    con: duckdb.DuckDBPyConnection,
    rules: list[RuleSpec],
    *,
    window: Window,
    only_last: bool,
    leaders: list[tuple[str, str]],
) -> EvaluationReport:
    """Evaluate the rules into ``alerts_results`` (one statement per kind); report skips."""
    report = EvaluationReport(month=window.last)
    if not all(has_table(con, name) for name in NEEDED_BY_ALL):
        report.skipped = [f"{rule.name}：尚无经营数据" for rule in rules]
        return report
    prepare(con, leaders=leaders)
    by_kind: dict[str, list[RuleSpec]] = defaultdict(list)
    for rule in rules:
        reason = _why_not(con, rule, len(leaders))
        if reason is None:
            by_kind[rule.kind].append(rule)
            report.evaluated.append(rule.id)
        else:
            report.skipped.append(f"{rule.name}：{reason}")
    for kind in KINDS:
        if by_kind[kind]:
            union = " UNION ALL ".join(
                f"SELECT {COLUMNS} FROM ({rule_sql(rule, window, only_last=only_last)})"
                for rule in by_kind[kind]
            )
            con.execute(f"INSERT INTO {RESULTS} ({COLUMNS}) {union}")
    return report
