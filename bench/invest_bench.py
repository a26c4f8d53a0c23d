"""招商 candidate ranking over a synthetic pool (default 1,000,000 outside enterprises).

The pool is built straight into the lake table ``invest.pool`` with DuckDB (every column the
pipeline step writes, values drawn from hashes: some factors NULL, as in real data) and
published to the serving DB as ``ads_invest_pool`` with the pipeline's publisher. Every
enterprise is a candidate of the measured gap (驱动电机, rank 1) and of one other node of the
新能源汽车 chain (rank 2), so the measured gap has the whole pool and the chain's 24 nodes
hold twice the pool together. Then, through the service functions the pages call:

1. one gap, cold: its factor arrays read from the serving DB, ranked, the page's 50 rows
   read back and explained;
2. one gap, warm (the pool loaded, as after the first request of a pipeline run): median
   of 5 — the issue's target is ≤2 s on 2 cores; also with a province filter, a minimum
   score, page 100, and one candidate's detail (its place in the ranking);
3. all gaps of the chain (every node made a gap), cold and warm.

Prints figures; asserts nothing. Usage: ``.venv/bin/python bench/invest_bench.py
[--enterprises 1000000] [--workdir DIR] [--database-url URL]`` (default: SQLite in DIR).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _support import machine_load

TEMPLATE, GAP = "new_energy_vehicle", "drive_motors"
PROVINCES = ("310000", "320000", "330000", "340000", "440000", "370000", "420000", "510000")


def _pool_sql(count: int, nodes: list[str]) -> str:
    """Two rows per enterprise: the gap (rank 1) and another node (rank 2)."""
    others = [node for node in nodes if node != GAP]
    other = f"list_extract({others!r}, 1 + CAST(hash(i, 'node') % {len(others)} AS INTEGER))"
    province = f"list_extract({list(PROVINCES)!r}, 1 + CAST(i % {len(PROVINCES)} AS INTEGER))"

    def unit(salt: str) -> str:
        return f"(hash(i, '{salt}') % 10000) / 100.0"

    def maybe(salt: str, null_pct: int) -> str:
        return f"CASE WHEN hash(i, '{salt}n') % 100 < {null_pct} THEN NULL ELSE {unit(salt)} END"

    return f"""
    WITH firms AS (
      SELECT i, printf('91%06dMA%07dX', i % 999999, i) AS uscc, {province} AS province_code
      FROM range({count}) AS t(i)
    ), rows AS (
      SELECT *, '{GAP}' AS node_id, 1 AS assign_rank FROM firms
      UNION ALL SELECT *, {other}, 2 FROM firms
    )
    SELECT '{TEMPLATE}' AS template_id, node_id, '节点' AS node_name, uscc,
      '测试' || i || '电机有限公司' AS name, assign_rank, {unit("fit")} / 100 AS confidence,
      province_code, '某省' AS province_name, left(province_code, 2) || '0100' AS city_code,
      '某市' AS city_name, left(province_code, 2) || '0102' AS county_code,
      '某区' AS county_name, 120.0 AS longitude, 30.0 AS latitude,
      'county' AS location_precision, '3812' AS industry_code, '电动机制造' AS industry_name,
      '存续' AS status, CAST(NULL AS DOUBLE) AS revenue_12m_wan_yuan,
      {unit("capital")} * 100 AS registered_capital_wan_yuan, CAST(i % 900 + 10 AS BIGINT)
        AS employees, i % 7 = 0 AS above_scale, CAST(NULL AS DOUBLE) AS revenue_growth_pct,
      CAST(NULL AS DOUBLE) AS capital_before_wan_yuan,
      CAST(NULL AS DOUBLE) AS capital_after_wan_yuan, CAST(NULL AS DOUBLE) AS capital_ratio,
      CAST(i % 3 AS BIGINT) AS invention_patents, CAST(i % 5 AS BIGINT) AS other_patents,
      i % 11 = 0 AS high_tech, i % 13 = 0 AS specialised, TRUE AS relations_known,
      CAST(i % 2 AS BIGINT) AS local_buyers, 0::BIGINT AS local_suppliers,
      CAST(i % 2 AS BIGINT) AS local_partners, CAST(NULL AS DOUBLE) AS local_sales_wan_yuan,
      CAST(NULL AS DOUBLE) AS local_purchases_wan_yuan, 3::BIGINT AS edge_nodes,
      2::BIGINT AS edge_nodes_local, '电机控制器、整车制造' AS edge_names_local,
      round({unit("km")} * 30, 1) AS distance_km,
      '{{"fit":["产品“驱动电机”"],"network":[],"relatedness":["整车制造"]}}' AS evidence,
      {unit("fit")} AS fit, {unit("scale")} AS scale, {maybe("growth", 85)} AS growth,
      {unit("innovation")} AS innovation, {unit("network")} AS network,
      {maybe("relatedness", 10)} AS relatedness, {maybe("distance", 5)} AS distance
    FROM rows ORDER BY template_id, node_id, uscc
    """


def build(workdir: Path, count: int, database_url: str | None) -> tuple[Any, Any]:
    """Create the serving DB and lake in ``workdir``, the pool and the chain's gaps."""
    os.environ["IB_DATA_DIR"] = str(workdir)
    if database_url:
        os.environ["IB_DATABASE_URL"] = database_url
    from industry_brain import lake, migrate
    from industry_brain.chain.template import get_template
    from industry_brain.db import Database
    from industry_brain.invest.pool import POOL
    from industry_brain.invest.pool_step import PUBLISHED
    from industry_brain.settings import Settings, prepare_settings
    from industry_brain.warehouse.pipeline.publish import publish_table

    settings = prepare_settings(Settings())
    database = Database.from_settings(settings)
    migrate.upgrade(database.engine)
    nodes = [node.id for node in get_template(TEMPLATE).nodes]
    with lake.connect(settings) as con:
        started = time.perf_counter()
        con.execute("CREATE SCHEMA IF NOT EXISTS invest")
        con.execute(f"CREATE OR REPLACE TABLE {POOL} AS {_pool_sql(count, nodes)}")
        con.execute(f"CREATE OR REPLACE VIEW invest.{PUBLISHED.model} AS SELECT * FROM {POOL}")
        found = con.execute(f"SELECT count(*) FROM {POOL}").fetchone()
        rows, seconds = found[0] if found else 0, time.perf_counter() - started
        print(f"lake pool: {rows:,} rows in {seconds:.1f} s")
        started = time.perf_counter()
        published = publish_table(con, database, PUBLISHED)
        seconds, dialect = time.perf_counter() - started, database.engine.dialect.name
        print(f"published ads_invest_pool: {published:,} rows in {seconds:.1f} s ({dialect})")
    _gaps(database, nodes)
    return settings, database


def _gaps(database: Any, nodes: list[str]) -> None:
    """A chain run whose every node is a gap (weak, 强链)."""
    from industry_brain.chain.models import ChainNodeStat, ChainRun
    from industry_brain.db import utcnow

    with database.writer() as db:
        db.add(ChainRun(id="bench-run", template_id=TEMPLATE, template_version=1, method="bench",
                        created_by="bench", created_at=utcnow(), leaders="[]"))  # fmt: skip
        db.flush()
        for node in nodes:
            db.add(ChainNodeStat(run_id="bench-run", node_id=node, enterprises=1,
                                 local_enterprises=1, above_scale=0, revenue_12m_wan_yuan=0.0,
                                 local_purchases_wan_yuan=0.0, outside_purchases_wan_yuan=0.0,
                                 health="weak", suggestion="强链", leaders="[]"))  # fmt: skip
        db.commit()


def _timed(label: str, action: Callable[[], Any], repeat: int = 1) -> Any:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - started)
    shown = (
        f"median {statistics.median(seconds):.3f} s of {repeat}"
        if repeat > 1
        else f"{seconds[0]:.3f} s"
    )
    print(f"{label}: {shown}")
    return result


def measure(database: Any) -> None:
    """Time the service functions on the published pool."""
    from industry_brain.invest import pool_store, service

    with database.reader() as db:
        pool_store.clear_cache()
        page = _timed("one gap, cold (read arrays + rank + explain 50)",
                      lambda: service.rank_candidates(db, TEMPLATE, GAP))  # fmt: skip
        print(f"   {page.total:,} candidates; first {page.items[0].uscc} {page.items[0].score}")
        _timed("   of which reading the gap's arrays",
               lambda: pool_store.read_pool(db, TEMPLATE, GAP))  # fmt: skip
        _timed("one gap, warm (pool loaded)",
               lambda: service.rank_candidates(db, TEMPLATE, GAP), repeat=5)  # fmt: skip
        _timed(
            "one gap, warm, province filter",
            lambda: service.rank_candidates(db, TEMPLATE, GAP, province="440000"),
            repeat=5,
        )
        _timed(
            "one gap, warm, min score 60",
            lambda: service.rank_candidates(db, TEMPLATE, GAP, min_score=60),
            repeat=5,
        )
        _timed(
            "one gap, warm, page 100 (offset 4,950)",
            lambda: service.rank_candidates(db, TEMPLATE, GAP, offset=4950),
            repeat=5,
        )
        code = page.items[-1].uscc
        _timed("one candidate's detail with its place",
               lambda: service.candidate(db, TEMPLATE, GAP, code), repeat=5)  # fmt: skip
        gaps = service.list_gaps(db)
        pool_store.clear_cache()

        def every() -> list[Any]:
            return [service.rank_candidates(db, g.template_id, g.node_id) for g in gaps]

        pages = _timed(f"all {len(gaps)} gaps of the chain, cold", every)
        print(f"   {sum(p.total for p in pages):,} candidate rows ranked")
        _timed(f"all {len(gaps)} gaps of the chain, warm (cache up to "
               f"{pool_store.CACHE_ROWS:,} candidates)", every, repeat=3)  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process {rss:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--database-url", help="serving DB (default SQLite in the workdir)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ib-invest-bench-"))
    print(f"== invest_bench: {args.enterprises:,} outside enterprises; {machine_load()}")
    try:
        _, database = build(workdir, args.enterprises, args.database_url)
        measure(database)
        database.dispose()
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
