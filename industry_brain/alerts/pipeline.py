"""The pipeline's warning step (order 30, after monitor 20 and relocation 25): seed the
default rules on the first run, evaluate every enabled rule for the latest month in the lake,
and merge the results into the warnings (``merge``), all in one audited transaction."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain.accounts.principal import Principal
from industry_brain.alerts.actions import do_apply_evaluation
from industry_brain.alerts.evaluation import RESULTS, EvaluationReport, evaluate, latest_month
from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.kinds_sql import Window
from industry_brain.alerts.merge import Finding, Plan, Tracked, plan_changes
from industry_brain.alerts.models import AlertRule, AlertWarning
from industry_brain.alerts.rule_actions import do_seed_rules
from industry_brain.db import Database

if TYPE_CHECKING:
    import duckdb


def enabled_rules(database: Database) -> list[RuleSpec]:
    """Return the enabled rules, in id order."""
    with database.reader() as db:
        rules = db.scalars(select(AlertRule).where(AlertRule.enabled).order_by(AlertRule.id))
        return [
            RuleSpec(
                id=r.id,
                name=r.name,
                kind=r.kind,
                scope=r.scope,
                indicator=r.indicator,
                params=json.loads(r.params),
                thresholds=json.loads(r.thresholds),
            )  # fmt: skip
            for r in rules
        ]


def chain_leaders(database: Database) -> list[tuple[str, str]]:
    """Return the 链主 of every template's latest run with the chains they lead."""
    from industry_brain.chain.service import latest_run
    from industry_brain.chain.template import all_templates

    chains: dict[str, list[str]] = {}
    with database.reader() as db:
        for template in all_templates().values():
            run = latest_run(db, template.id)
            for leader in json.loads(run.leaders) if run else []:
                chains.setdefault(leader["uscc"], []).append(template.name)
    return [(uscc, "、".join(names)) for uscc, names in sorted(chains.items())]


def tracked_warnings(database: Database) -> dict[str, Tracked]:
    """Return the tracked warnings by tracking key."""
    w = AlertWarning
    with database.reader() as db:
        rows = db.execute(
            select(w.id, w.track_key, w.status, w.condition, w.level, w.since_period, w.period,
                   w.value, w.measure).where(w.track_key.is_not(None))
        )  # fmt: skip
        return {
            str(key): Tracked(
                id=warning_id,
                key=str(key),
                status=status,
                condition=condition,
                level=level,
                since_period=since,
                period=period,
                value=value,
                measure=measure,
            )  # fmt: skip
            for warning_id, key, status, condition, level, since, period, value, measure in rows
        }


def read_results(
    con: duckdb.DuckDBPyConnection, tracked: dict[str, Tracked]
) -> tuple[list[Finding], set[str]]:
    """Return the findings of the evaluation month and the tracked keys found not holding."""
    findings = [
        Finding(*row)
        for row in con.execute(
            "SELECT rule_id, subject_type, subject_key, subject_name, county_code, period, value, "
            f"base, measure, level, since, facts FROM {RESULTS} WHERE level IS NOT NULL "
            "ORDER BY rule_id, subject_key"
        ).fetchall()
    ]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE alerts_tracked AS SELECT unnest(?::VARCHAR[]) AS key",
        [list(tracked)],
    )
    cleared = con.execute(
        f"SELECT CAST(r.rule_id AS VARCHAR) || '|' || r.subject_key FROM {RESULTS} AS r "
        "JOIN alerts_tracked AS t ON t.key = CAST(r.rule_id AS VARCHAR) || '|' || r.subject_key "
        "WHERE r.level IS NULL"
    ).fetchall()
    return findings, {str(row[0]) for row in cleared}


def evaluate_warehouse(
    con: duckdb.DuckDBPyConnection, *, database: Database, actor: Principal
) -> tuple[EvaluationReport, Plan]:
    """Evaluate every enabled rule for the latest month and store the changes."""
    with database.writer() as db:
        do_seed_rules(db, actor=actor)
    rules = enabled_rules(database)
    month: date | None = latest_month(con)
    if month is None:
        return EvaluationReport(skipped=["尚无经营数据"]), Plan()
    report = evaluate(
        con, rules, window=Window(month, month), only_last=True, leaders=chain_leaders(database)
    )
    tracked = tracked_warnings(database)
    findings, cleared = read_results(con, tracked)
    thresholds = {rule.id: rule.thresholds for rule in rules}
    plan = plan_changes(
        findings=findings, cleared_keys=cleared, tracked=tracked, month=month, thresholds=thresholds
    )
    with database.writer() as db:
        do_apply_evaluation(
            db, actor=actor, plan=plan, month=month, thresholds=thresholds, skipped=report.skipped
        )
    for table in (RESULTS, "alerts_tracked", "alerts_universe", "alerts_leaders"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return report, plan


def alerts_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Evaluate the warning rules; return a summary for the job log."""
    started = time.perf_counter()
    report, plan = evaluate_warehouse(con, database=database, actor=actor)
    if report.month is None:
        return "尚无经营数据，未评估预警"
    counts = plan.counts
    text = (
        f"{report.month:%Y-%m}：评估 {len(report.evaluated)} 条规则，"
        f"新预警 {counts.get('raised', 0)}，"
        f"升级 {counts.get('escalated', 0)}，降级 {counts.get('deescalated', 0)}，"
        f"持续 {counts.get('updated', 0)}，条件解除 {counts.get('cleared', 0)}，"
        f"用时 {time.perf_counter() - started:.1f} 秒"
    )
    return text + (f"；未评估：{'；'.join(report.skipped)}" if report.skipped else "")
