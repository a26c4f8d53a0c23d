"""The pipeline's 招商 step (order 40, after the warnings): build and publish the pool.

Reads the latest chain run of every template (assignments of local and outside enterprises),
locates registry event texts (``relocation.places``, shared with the relocation step),
writes ``invest.pool`` with everything the warehouse knows, and publishes it as
``ads_invest_pool`` (indexed by template, node and code) for the ranking and the pages.
Every run restates the whole table.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.invest.features import EVERYTHING
from industry_brain.invest.inputs import load_chain
from industry_brain.invest.pool import POOL, build_pool
from industry_brain.relocation.places import PLACES, prepare_places
from industry_brain.warehouse.pipeline.publish import Published, publish_table

if TYPE_CHECKING:
    import duckdb

STEP_NAME = "招商候选企业评估"
STEP_ORDER = 40
# Published from the lake view ``invest.invest_pool`` (over ``invest.pool``).
PUBLISHED = Published(
    "invest_pool",
    (("template_id", "node_id", "uscc"), ("uscc",)),
    unique=True,
    schema="invest",
)


def invest_pool_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Build the candidate pool from the latest chain runs and publish it; return a summary."""
    del actor
    started = time.perf_counter()
    con.execute("CREATE SCHEMA IF NOT EXISTS invest")
    con.execute("CREATE SCHEMA IF NOT EXISTS relocation")
    templates = load_chain(con, database)
    prepare_places(con)
    rows = build_pool(con, known_until=EVERYTHING, places=PLACES)
    con.execute(f"CREATE OR REPLACE VIEW invest.{PUBLISHED.model} AS SELECT * FROM {POOL}")
    publish_table(con, database, PUBLISHED)
    found = con.execute(
        f"SELECT count(DISTINCT uscc), count(DISTINCT (template_id, node_id)) FROM {POOL}"
    ).fetchone()
    firms, nodes = (found[0], found[1]) if found else (0, 0)
    if not templates:
        return "尚无产业链分类结果，候选企业池为空（先运行产业链分类）"
    return (
        f"{len(templates)} 条产业链 {nodes} 个环节的区外候选企业 {firms} 家（{rows} 条环节归属），"
        f"用时 {time.perf_counter() - started:.1f} 秒"
    )
