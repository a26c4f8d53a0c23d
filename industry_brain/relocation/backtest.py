"""Backtest of the relocation-risk score ("relocation.risk"), run by ``ib monitor backtest``.

For each cutoff month of the replayed window (the ``months`` months before the latest), the
population is scored with only what was known at the cutoff (``risk_sql``). The truth is the
enterprises that moved out: the month of their first 迁出 event or status change to 迁出 in
``dwd.events``, and the relocations a demo planted (its ``ground_truth.json``). Definitions:

- precision@k: of the k highest scores (score > 0, ties by code), the share that moved out
  within the 12 months after the cutoff (fewer months for the latest cutoffs: only what has
  been observed); averaged over the cutoffs.
- recall of the top 50: of the enterprises scored at a cutoff that moved out within those
  months, the share in its top 50; pooled over the cutoffs.
- lead time: for each enterprise that moved out in the window, the months from the first
  cutoff (at most 12 months before the move) at which it was in the top k to the move; the
  median over those caught. It cannot exceed what the window replays.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from industry_brain.lake import has_table
from industry_brain.monitor.evaluations import BacktestResult, demo_data_loaded
from industry_brain.months import add_months, months_between
from industry_brain.relocation.places import PLACES, prepare_places
from industry_brain.relocation.scoring import latest_month, risk_sql
from industry_brain.warehouse.demo.truth import read_ground_truth

if TYPE_CHECKING:
    import duckdb

    from industry_brain.db import Database
    from industry_brain.settings import Settings

MODEL = "relocation.risk"
TITLE = "企业迁移风险评分"
KS = (10, 20, 50)
RECALL_K = 50
LEAD_K = 50
HORIZON_MONTHS = 12
TEMP_PLACES = "backtest_places"
_MOVES = """
SELECT uscc, min(event_date) FROM dwd.events
WHERE event_type = '迁出' OR (event_type = '状态变更' AND after_value LIKE '%迁出%')
GROUP BY uscc
"""


@dataclass
class Replay:
    """What the replay saw: the ranking at each cutoff and the month each mover left."""

    rankings: dict[date, list[str]]  # cutoff → population by score, only scores > 0 ranked
    populations: dict[date, set[str]]
    moves: dict[str, date]  # uscc → month moved out


def replay(
    con: duckdb.DuckDBPyConnection, *, months: int, planted: dict[str, date] | None = None
) -> Replay:
    """Score the population at each cutoff of the window; collect the moves."""
    latest = latest_month(con)
    if latest is None:  # the warehouse is not built yet
        return Replay({}, {}, {})
    if has_table(con, PLACES):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TEMP_PLACES} AS SELECT * FROM {PLACES}")
    prepare_places(con, table=TEMP_PLACES, temporary=True)
    moves = {uscc: on.replace(day=1) for uscc, on in con.execute(_MOVES).fetchall()}
    for uscc, on in (planted or {}).items():
        moves[uscc] = min(moves.get(uscc, on), on.replace(day=1))
    rankings: dict[date, list[str]] = {}
    populations: dict[date, set[str]] = {}
    for step in range(months, 0, -1):
        cutoff = add_months(latest, -step)
        rows = con.execute(risk_sql(cutoff, places=TEMP_PLACES)).fetchall()
        rankings[cutoff] = [row[0] for row in rows if row[2] > 0]
        populations[cutoff] = {row[0] for row in rows}
    return Replay(rankings, populations, moves)


def _moved_after(replay_: Replay, cutoff: date) -> set[str]:
    end = add_months(cutoff, HORIZON_MONTHS)
    return {
        uscc
        for uscc, month in replay_.moves.items()
        if cutoff < month <= end and uscc in replay_.populations[cutoff]
    }


def measure(replay_: Replay) -> tuple[dict[str, float | int | None], dict[str, Any]]:
    """Return the headline figures and the details (per cutoff, per mover)."""
    per_cutoff: list[dict[str, Any]] = []
    precisions: dict[int, list[float]] = {k: [] for k in KS}
    caught = total = 0
    for cutoff, ranked in replay_.rankings.items():
        movers = _moved_after(replay_, cutoff)
        hits = {k: sum(1 for uscc in ranked[:k] if uscc in movers) for k in KS}
        for k in KS:
            precisions[k].append(hits[k] / k)
        caught += sum(1 for uscc in ranked[:RECALL_K] if uscc in movers)
        total += len(movers)
        per_cutoff.append(
            {"cutoff": f"{cutoff:%Y-%m}", "movers": len(movers), "ranked": len(ranked)}
            | {f"hits_at_{k}": hits[k] for k in KS}
        )
    leads = {k: _leads(replay_, k) for k in KS}
    figures: dict[str, float | int | None] = {f"precision_at_{k}": _mean(precisions[k]) for k in KS}
    figures[f"recall_at_{RECALL_K}"] = round(caught / total, 3) if total else None
    found = [lead for lead in leads[LEAD_K].values() if lead is not None]
    figures["median_lead_months"] = statistics.median(found) if found else None
    figures["cutoffs"] = len(per_cutoff)
    figures["relocations"] = len(leads[LEAD_K])
    figures["relocations_caught"] = len(found)
    details = {
        "cutoffs": per_cutoff,
        "lead_months": {f"top_{k}": leads[k] for k in KS},
        "horizon_months": HORIZON_MONTHS,
    }
    return figures, details


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _leads(replay_: Replay, k: int) -> dict[str, int | None]:
    """Per enterprise that moved out inside the window: months from its first cutoff in the
    top k (within the 12 months before the move) to the move, None when never in it."""
    cutoffs = sorted(replay_.rankings)
    if not cutoffs:
        return {}
    leads: dict[str, int | None] = {}
    for uscc, month in sorted(replay_.moves.items()):
        if not cutoffs[0] < month <= add_months(cutoffs[-1], 1):
            continue
        window = [c for c in cutoffs if c < month and months_between(c, month) <= HORIZON_MONTHS]
        if not any(uscc in replay_.populations[c] for c in window):
            continue
        first = next((c for c in window if uscc in replay_.rankings[c][:k]), None)
        leads[uscc] = months_between(first, month) if first else None
    return leads


def planted_relocations(data_dir: Path) -> dict[str, date]:
    """Return the relocations the demo planted (its ground truth), by code."""
    moves = (read_ground_truth(data_dir) or {}).get("relocations", [])
    return {move["uscc"]: date.fromisoformat(move["moved_out_on"]) for move in moves}


def run_backtest(*, settings: Settings, database: Database, months: int) -> BacktestResult:
    """Replay the last ``months`` months of the warehouse and measure the score."""
    from industry_brain import lake

    with database.reader() as db:
        synthetic = demo_data_loaded(db)
    planted = planted_relocations(settings.data_dir) if synthetic else {}
    with lake.connect(settings, read_only=True) as con:
        figures, details = measure(replay(con, months=months, planted=planted))
    return BacktestResult(
        model=MODEL,
        title=TITLE,
        figures=figures,
        synthetic=synthetic,
        data_note=_note(synthetic, figures, planted),
        details=details,
        lines=_lines(figures),
    )


def _note(synthetic: bool, figures: dict[str, Any], planted: dict[str, date]) -> str:
    moved = figures["relocations"]
    if synthetic:
        return (
            f"演示数据（合成）：迁出企业及其先兆信号由演示程序预置（{len(planted)} 家，见 "
            f"ground_truth.json），回放窗口内迁出 {moved} 家；以下数字只说明方法可用，"
            "不代表真实数据上的准确率"
        )
    return f"已导入的数据（无演示批次）：以登记变更中的迁出事件为准，回放窗口内迁出 {moved} 家"


def _lines(figures: dict[str, Any]) -> list[str]:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{100 * value:.0f}%"

    if not figures["cutoffs"]:
        return ["尚无经营数据，未回放：先运行数据管道（ib pipeline run）。"]
    precision = "，".join(f"precision@{k} {pct(figures[f'precision_at_{k}'])}" for k in KS)
    lead = figures["median_lead_months"]
    return [
        f"回放 {figures['cutoffs']} 个截止月：{precision}",
        f"前{RECALL_K}名召回率 {pct(figures[f'recall_at_{RECALL_K}'])}；"
        f"迁出 {figures['relocations']} 家，"
        f"提前进入前{LEAD_K}名 {figures['relocations_caught']} 家，"
        f"提前期中位数 {'—' if lead is None else f'{lead:g} 个月'}",
    ]
