"""Backtest of the warning rules ("alerts.rules"): replay the last N months and ask, for every
warning that would have been raised, whether a real shock followed.

Definitions (docs/warnings.md):
- A *shock* is read from the data itself: an enterprise's 营业收入 at least 30% below the same
  month a year before for at least 3 consecutive months; its *onset* is the first of them, and
  it is *confirmed* 2 months later, when the third month is reported.
- The replay evaluates the enterprise rules of the series kinds (同比降幅, 连续下降, 断崖, 链主
  下滑, 统计异常) at each month with only the rows of that month and before (every measure
  looks back only). A warning is *raised* at month c when its condition holds at c and did not
  hold at c − 1 (an open warning is not raised again while its condition persists).
- Precision: of the warnings raised at months whose next 8 months are known, the share whose
  enterprise has a shock with onset from 2 months before c to 6 months after c (the shock
  followed within 6 months, or was under way but not yet confirmed).
- Recall: of the shocks with onset in the replayed months and confirmed by the last month,
  the share whose enterprise had the condition hold at some month from 6 months before the
  onset to its confirmation; lead time = confirmation month − first such month.
- When the demo's ground truth exists, the same figures against the shocks it planted.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from industry_brain.alerts.evaluation import RESULTS, evaluate, latest_month
from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.kinds_sql import ORIGIN, Window
from industry_brain.monitor.evaluations import demo_data_loaded
from industry_brain.months import add_months, month_index
from industry_brain.warehouse.demo.truth import read_ground_truth

if TYPE_CHECKING:
    import duckdb

    from industry_brain.db import Database
    from industry_brain.monitor.evaluations import BacktestResult
    from industry_brain.settings import Settings

SHOCK_DROP_PCT = 30.0
SHOCK_MONTHS = 3
CONFIRM = SHOCK_MONTHS - 1
HORIZON = 6
SHOCK_DEFINITION = (
    f"冲击：营业收入连续 {SHOCK_MONTHS} 个月比上年同月下降 {SHOCK_DROP_PCT:.0f}% 以上"
    f"（第一个月为冲击开始，第 {SHOCK_MONTHS} 个月报送时确认）。预警后 {HORIZON} 个月内冲击开始"
    "（或预警时冲击已开始但尚未确认）即为命中；冲击开始前 "
    f"{HORIZON} 个月至确认时有预警即为发现，提前量为确认月减去最早预警月。"
)


def month_of(index: int) -> str:
    """Return a month number as YYYY-MM."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class Tally:
    """Counts of one rule (or all rules together) in the replay."""

    warnings: int = 0
    hits: int = 0
    shocks: int = 0
    caught: int = 0
    leads: list[int] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """Return precision, recall and median lead time with their counts."""
        return {
            "warnings": self.warnings,
            "hits": self.hits,
            "precision": round(self.hits / self.warnings, 4) if self.warnings else None,
            "shocks": self.shocks,
            "caught": self.caught,
            "recall": round(self.caught / self.shocks, 4) if self.shocks else None,
            "median_lead_months": statistics.median(self.leads) if self.leads else None,
        }


def shock_onsets(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]]:
    """Return each watched enterprise's shock onsets (month numbers), read from the data."""
    rows = con.execute(
        f"""
        WITH s AS (
          SELECT o.uscc, o.period, CAST(o.revenue_wan_yuan AS DOUBLE) AS v
          FROM dws.enterprise_month AS o SEMI JOIN alerts_universe AS u ON u.uscc = o.uscc
          WHERE o.revenue_wan_yuan >= 0
        ), f AS (
          SELECT a.uscc, a.period FROM s AS a
          JOIN s AS b ON b.uscc = a.uscc AND b.period = CAST(a.period - INTERVAL 12 MONTH AS DATE)
          WHERE b.v > 0 AND a.v <= {1 - SHOCK_DROP_PCT / 100} * b.v
        ), runs AS (
          SELECT uscc, period, date_diff('month', {ORIGIN}, period)
            - row_number() OVER (PARTITION BY uscc ORDER BY period) AS grp
          FROM f
        )
        SELECT uscc, min(period) FROM runs GROUP BY uscc, grp HAVING count(*) >= {SHOCK_MONTHS}
        """
    ).fetchall()
    found: dict[str, list[int]] = defaultdict(list)
    for uscc, onset in rows:
        found[uscc].append(month_index(onset))
    return dict(found)


def replay_hits(
    con: duckdb.DuckDBPyConnection, rules: list[RuleSpec], *, first: date, last: date,
    leaders: list[tuple[str, str]],
) -> tuple[dict[tuple[int, str], set[int]], list[str]]:  # fmt: skip
    """Return the months each (rule, enterprise) condition held, from the month before
    ``first`` to ``last``, and the rules that could not be replayed."""
    window = Window(add_months(first, -1), last)
    report = evaluate(con, rules, window=window, only_last=False, leaders=leaders)
    hits: dict[tuple[int, str], set[int]] = defaultdict(set)
    for rule_id, uscc, period in con.execute(
        f"SELECT rule_id, subject_key, period FROM {RESULTS} WHERE level IS NOT NULL"
    ).fetchall():
        hits[(int(rule_id), str(uscc))].add(month_index(period))
    return dict(hits), report.skipped


def score(
    rules: list[RuleSpec], hits: dict[tuple[int, str], set[int]],
    onsets: dict[str, list[int]], *, first: int, last: int,
) -> tuple[Tally, dict[int, Tally]]:  # fmt: skip
    """Return the overall and per-rule tallies of a replay (see the module docstring)."""
    overall, by_rule = Tally(), {rule.id: Tally() for rule in rules}
    for (rule_id, uscc), months in hits.items():
        for c in months:
            if c < first or c > last - HORIZON - CONFIRM or c - 1 in months:
                continue
            hit = any(c - CONFIRM <= s <= c + HORIZON for s in onsets.get(uscc, []))
            for tally in (overall, by_rule[rule_id]):
                tally.warnings += 1
                tally.hits += hit
    for uscc, starts in onsets.items():
        for s in starts:
            if s < first or s + CONFIRM > last:
                continue
            seen = range(max(first, s - HORIZON), s + CONFIRM + 1)
            earliest_any = None
            for rule in rules:
                held = [c for c in seen if c in hits.get((rule.id, uscc), set())]
                _tally_shock(by_rule[rule.id], held, s)
                if held and (earliest_any is None or held[0] < earliest_any):
                    earliest_any = held[0]
            _tally_shock(overall, [earliest_any] if earliest_any is not None else [], s)
    return overall, by_rule


def _tally_shock(tally: Tally, held: list[int], onset: int) -> None:
    tally.shocks += 1
    if held:
        tally.caught += 1
        tally.leads.append(onset + CONFIRM - held[0])


def planted_onsets(data_dir: Path) -> dict[str, list[int]] | None:
    """Return the shocks the demo planted (its latest ground truth file), or None."""
    truth = read_ground_truth(data_dir)
    if truth is None:
        return None
    found: dict[str, list[int]] = defaultdict(list)
    for shock in truth.get("shocks", []):
        found[shock["uscc"]].append(month_index(date.fromisoformat(f"{shock['start_period']}-01")))
    return dict(found)


def replay(
    con: duckdb.DuckDBPyConnection, rules: list[RuleSpec], *, months: int,
    leaders: list[tuple[str, str]], planted: dict[str, list[int]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Replay the last ``months`` months; return figures, per-rule details and skipped rules."""
    last = latest_month(con)
    if last is None:
        return {
            "figures": {},
            "rules": [],
            "skipped": ["尚无经营数据"],
            "first": None,
            "last": None,
        }
    first = add_months(last, 1 - months)
    backtested = [rule for rule in rules if rule.definition.backtested]
    hits, skipped = replay_hits(con, backtested, first=first, last=last, leaders=leaders)
    bounds = {"first": month_index(first), "last": month_index(last)}
    overall, by_rule = score(backtested, hits, shock_onsets(con), **bounds)
    figures = {**overall.figures(), "months": months}
    if planted is not None:
        watched = {
            str(row[0]) for row in con.execute("SELECT uscc FROM alerts_universe").fetchall()
        }
        mine = {uscc: starts for uscc, starts in planted.items() if uscc in watched}
        truth, _ = score(backtested, hits, mine, **bounds)
        found = truth.figures()
        figures.update(
            planted_precision=found["precision"], planted_recall=found["recall"],
            planted_shocks=truth.shocks,
        )  # fmt: skip
    return {
        "figures": figures,
        "rules": [{"rule_id": r.id, "name": r.name, **by_rule[r.id].figures()} for r in backtested],
        "skipped": skipped,
        "first": f"{first:%Y-%m}",
        "last": f"{last:%Y-%m}",
    }


def _months(value: float | None) -> str:
    return "—" if value is None else f"{value:g} 个月"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _lines(result: dict[str, Any]) -> list[str]:
    if result["first"] is None:
        return [
            f"未回放：{reason}（先运行数据管道 ib pipeline run）" for reason in result["skipped"]
        ]
    f = result["figures"]
    lines = [
        f"回放 {result['first']}–{result['last']}（{f.get('months')} 个月）。{SHOCK_DEFINITION}",
        f"全部规则：预警 {f.get('warnings')} 条，命中 {f.get('hits')}，"
        f"精确率 {_pct(f.get('precision'))}；"
        f"冲击 {f.get('shocks')} 次，发现 {f.get('caught')}，召回率 {_pct(f.get('recall'))}；"
        f"提前量中位数 {_months(f.get('median_lead_months'))}",
    ]
    lines += [
        f"{r['name']}：预警 {r['warnings']}，精确率 {_pct(r['precision'])}，"
        f"召回率 {_pct(r['recall'])}"
        for r in result["rules"]
    ]
    if "planted_shocks" in f:
        lines.append(
            f"对照植入的 {f['planted_shocks']} 次冲击：精确率 {_pct(f['planted_precision'])}，"
            f"召回率 {_pct(f['planted_recall'])}"
        )
    return lines + [f"未回放：{reason}" for reason in result["skipped"]]


def run_backtest(*, settings: Settings, database: Database, months: int) -> BacktestResult:
    """Replay the enabled rules over the warehouse's last ``months`` months."""
    from industry_brain import lake
    from industry_brain.alerts.pipeline import chain_leaders, enabled_rules
    from industry_brain.monitor.evaluations import BacktestResult

    rules, leaders = enabled_rules(database), chain_leaders(database)
    with lake.connect(settings, read_only=True) as con:
        result = replay(
            con, rules, months=months, leaders=leaders, planted=planted_onsets(settings.data_dir)
        )
    with database.reader() as db:
        synthetic = demo_data_loaded(db)
    note = (
        "演示数据（ib demo 生成的合成数据）：经营数据和其中的冲击都是人为生成的，这些数字只说明规则"
        "能否找回植入的冲击，不代表在真实数据上的准确率。"
        if synthetic
        else f"已导入的经营数据（无演示批次，{result['first']}–{result['last']}）。"
        if result["first"]
        else "数据仓尚无经营数据。"
    )
    return BacktestResult(
        model="alerts.rules", title="经济风险预警规则", figures=result["figures"],
        synthetic=synthetic, data_note=note,
        details={"rules": result["rules"], "skipped": result["skipped"],
                 "first": result["first"], "last": result["last"],
                 "shock_definition": SHOCK_DEFINITION},
        lines=_lines(result),
    )  # fmt: skip
