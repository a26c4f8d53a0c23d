"""Backtest of the candidate ranking (``invest.ranking``): would it have found the enterprises
that later set up in the region?

At a cut-off month the pool is rebuilt with only what was known by its last day
(``invest.features``: registry established before, patents, honours, relations, events,
operations before; addresses and statuses as they were) and ranked with the current weights,
node by node. The chain nodes are the classifier's of today (its latest run): the backtest
does not re-classify the past. The truth is every enterprise of that pool that later set up
in the region: a 设立分支机构 whose branch is located inside the region, or an address
change into it, dated after the cut-off; and, on demo data, the planted ``arrivals`` of its
ground truth. Definitions:

- an arrival's rank: its place in the ranked list of its main node (rank-1 assignment; the
  best over templates);
- hit-rate@k: the share of the arrivals in the pool whose rank is at most k;
- median rank: the median of those ranks;
- random hit-rate@k: the same share expected from a random order, mean of min(1, k / n)
  over the arrivals (n the size of its node's list): the baseline to beat.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from industry_brain.invest.factors import FACTOR_IDS
from industry_brain.invest.inputs import load_chain
from industry_brain.invest.pool import build_pool
from industry_brain.invest.scoring import contributions
from industry_brain.lake import has_table
from industry_brain.monitor.evaluations import BacktestResult, demo_data_loaded
from industry_brain.months import add_months
from industry_brain.relocation.places import PLACES, prepare_places
from industry_brain.warehouse.demo.truth import read_ground_truth

if TYPE_CHECKING:
    import duckdb

    from industry_brain.db import Database
    from industry_brain.settings import Settings

MODEL = "invest.ranking"
TITLE = "招商候选企业排序"
KS = (10, 20, 50)
TEMP_PLACES = "invest_backtest_places"
TEMP_POOL = "invest_backtest_pool"
_LATEST = """
SELECT greatest((SELECT max(period) FROM dwd.operations),
  (SELECT date_trunc('month', max(event_date)) FROM dwd.events))
"""
# Enterprises outside the region at the cut-off whose branch (设立分支机构) or new address
# (地址变更) lies inside it.
_SETTLED = """
SELECT v.uscc, min(v.event_date) AS arrived_on,
  string_agg(DISTINCT CASE v.event_type WHEN '设立分支机构' THEN 'branch' ELSE 'address' END, ',')
    AS source
FROM dwd.events AS v
JOIN {places} AS p ON p.kind = CASE v.event_type WHEN '设立分支机构' THEN 'branch'
  ELSE 'address' END AND p.text = v.after_value
JOIN inv_registry AS r ON r.uscc = v.uscc AND r.is_local = FALSE
WHERE v.event_type IN ('设立分支机构', '地址变更') AND p.outside = FALSE AND v.event_date > ?
GROUP BY v.uscc
"""


@dataclass
class Replay:
    """The ranked pool at a cut-off and the arrivals after it."""

    cutoff: date
    ranks: pd.DataFrame  # template_id, node_id, uscc, assign_rank, score, position, size
    arrivals: dict[str, tuple[date, str]] = field(default_factory=dict)  # uscc → (on, source)


def latest_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """Return the latest month the warehouse has operations or events for (None before the
    pipeline has built it)."""
    if not all(has_table(con, name) for name in ("dwd.enterprise", "dwd.operations", "dwd.events")):
        return None
    found = con.execute(_LATEST).fetchone()
    value = found[0] if found else None
    return None if value is None else (value.date() if hasattr(value, "date") else value)


def month_end(month: date) -> date:
    """Return the last day of a month."""
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


def rank_pool(frame: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Score the pool's rows and rank them within each node (ties by code)."""
    values = frame[list(FACTOR_IDS)].to_numpy(dtype=np.float64, na_value=np.nan)
    _, _, scores = contributions(values, weights)
    ranked = frame[["template_id", "node_id", "uscc", "assign_rank"]].copy()
    ranked["score"] = np.nan_to_num(scores, nan=-np.inf)
    ranked = ranked.sort_values(
        ["template_id", "node_id", "score", "uscc"], ascending=[True, True, False, True]
    )
    groups = ranked.groupby(["template_id", "node_id"], sort=False)
    ranked["position"] = groups.cumcount() + 1
    ranked["size"] = groups["uscc"].transform("size")
    return ranked.reset_index(drop=True)


def replay(
    con: duckdb.DuckDBPyConnection,
    database: Database,
    *,
    cutoff: date,
    weights: dict[str, float],
    planted: dict[str, date] | None = None,
) -> Replay:
    """Build and rank the pool known at the cut-off; collect the arrivals after it."""
    known_until = month_end(cutoff)
    load_chain(con, database)
    if has_table(con, PLACES):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TEMP_PLACES} AS SELECT * FROM {PLACES}")
    prepare_places(con, table=TEMP_PLACES, temporary=True)
    build_pool(con, known_until=known_until, places=TEMP_PLACES, target=TEMP_POOL, temporary=True)
    frame = con.execute(
        f"SELECT template_id, node_id, uscc, assign_rank, {', '.join(FACTOR_IDS)} FROM {TEMP_POOL}"
    ).df()
    arrivals: dict[str, tuple[date, str]] = {
        uscc: (on, source)
        for uscc, on, source in con.execute(
            _SETTLED.format(places=TEMP_PLACES), [known_until]
        ).fetchall()
    }
    outside = {
        row[0]
        for row in con.execute("SELECT uscc FROM inv_registry WHERE is_local = FALSE").fetchall()
    }
    for uscc, on in (planted or {}).items():
        if on > known_until and uscc in outside:
            first, source = arrivals.get(uscc, (on, ""))
            arrivals[uscc] = (min(first, on), ",".join(filter(None, (source, "planted"))))
    return Replay(cutoff, rank_pool(frame, weights), arrivals)


def measure(replay_: Replay, ks: tuple[int, ...] = KS) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the headline figures and the details (one row per arrival)."""
    ranks = replay_.ranks
    main = ranks[ranks["assign_rank"] == 1]
    best = main.sort_values(["uscc", "position"]).drop_duplicates("uscc").set_index("uscc")
    rows, found = [], []
    for uscc, (on, source) in sorted(replay_.arrivals.items()):
        place = best.loc[uscc] if uscc in best.index else None
        row: dict[str, Any] = {"uscc": uscc, "arrived_on": on.isoformat(), "source": source}
        if place is not None:
            row |= {"template_id": place["template_id"], "node_id": place["node_id"],
                    "rank": int(place["position"]), "candidates": int(place["size"])}  # fmt: skip
            found.append((int(place["position"]), int(place["size"])))
        rows.append(row)
    figures: dict[str, Any] = {}
    for k in ks:
        figures[f"hit_rate_at_{k}"] = _share([p <= k for p, _ in found])
    figures["median_rank"] = statistics.median([p for p, _ in found]) if found else None
    for k in ks:
        figures[f"random_hit_rate_at_{k}"] = _mean([min(1.0, k / n) for _, n in found])
    figures["arrivals"] = len(rows)
    figures["arrivals_in_pool"] = len(found)
    figures["candidates"] = int(ranks["uscc"].nunique())
    details = {"cutoff": f"{replay_.cutoff:%Y-%m}", "arrivals": rows, "ks": list(ks)}
    return figures, details


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def planted_arrivals(data_dir: Path) -> dict[str, date]:
    """Return the arrivals a demo planted (its ground truth), by code."""
    found = (read_ground_truth(data_dir) or {}).get("arrivals", [])
    return {item["uscc"]: date.fromisoformat(item["arrived_on"]) for item in found}


def backtest_at(
    *, settings: Settings, database: Database, cutoff: date | None, months: int = 18,
    ks: tuple[int, ...] = KS,
) -> BacktestResult:  # fmt: skip
    """Rank at the cut-off (default: ``months`` before the latest month) and measure."""
    from industry_brain import lake
    from industry_brain.invest.weights import current_weights

    with database.reader() as db:
        synthetic = demo_data_loaded(db)
        weights = current_weights(db)
    planted = planted_arrivals(settings.data_dir) if synthetic else {}
    with lake.connect(settings, read_only=True) as con:
        latest = latest_month(con)
        cut = (cutoff or add_months(latest, -months)) if latest else None
        found = None
        if cut is not None:
            found = replay(con, database, cutoff=cut, weights=weights, planted=planted)
    empty = Replay(cut or date.today().replace(day=1), rank_pool(_EMPTY, weights))
    figures, details = measure(found or empty, ks)
    details["weights"] = weights
    details["ran"] = found is not None
    return BacktestResult(
        model=MODEL,
        title=TITLE,
        figures=figures,
        synthetic=synthetic,
        data_note=_note(synthetic, figures, planted),
        details=details,
        lines=_lines(figures, details, ks),
    )


def run_backtest(*, settings: Settings, database: Database, months: int) -> BacktestResult:
    """The backtest as ``ib monitor backtest`` runs it: cut-off ``months`` before the latest."""
    return backtest_at(settings=settings, database=database, cutoff=None, months=months)


_EMPTY = pd.DataFrame(columns=["template_id", "node_id", "uscc", "assign_rank", *FACTOR_IDS])


def _note(synthetic: bool, figures: dict[str, Any], planted: dict[str, date]) -> str:
    arrived = figures["arrivals"]
    if synthetic:
        return (
            f"演示数据（合成）：落地企业由演示程序按与各因子相关的概率预置（{len(planted)} 家，见 "
            f"ground_truth.json），截止月之后落地 {arrived} 家；以下数字只说明方法可用，"
            "不代表真实数据上的准确率"
        )
    return (
        "导入数据：以截止月之后在本区域设立分支机构或把注册地址迁入本区域的区外企业为准，"
        f"共 {arrived} 家；产业链环节取自最新一次分类"
    )


def _lines(figures: dict[str, Any], details: dict[str, Any], ks: tuple[int, ...]) -> list[str]:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{100 * value:.0f}%"

    if not details["ran"]:
        return ["尚无经营或事件数据，未回测：先运行数据管道（ib pipeline run）。"]
    hits = "，".join(f"命中率@{k} {pct(figures[f'hit_rate_at_{k}'])}" for k in ks)
    chance = "，".join(f"@{k} {pct(figures[f'random_hit_rate_at_{k}'])}" for k in ks)
    median = figures["median_rank"]
    return [
        f"截止 {details['cutoff']}：候选企业 {figures['candidates']} 家，之后落地 "
        f"{figures['arrivals']} 家，其中 {figures['arrivals_in_pool']} 家当时在候选池中",
        f"{hits}；排名中位数 {'—' if median is None else f'{median:g}'}",
        f"随机排序的期望命中率：{chance}",
    ]
