"""The pipeline's 运行监测 step (order 20, after the chain step): chain nodes, indicator values,
forecasts with their backtested accuracy, then publication of what the pages read.

Lake tables (schema ``monitor``): ``chain_nodes`` (template_id, uscc, node_id: rank-1
assignments of each template's latest run), ``indicator_values`` (see ``compute``),
``indicator_forecasts`` and ``forecast_accuracy`` (see ``forecast``). Published:
``ads_indicator_values``, ``ads_indicator_forecasts``, ``ads_forecast_accuracy``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain.chain.models import ChainAssignment, ChainRun
from industry_brain.monitor import compute
from industry_brain.monitor.indicators import all_indicators
from industry_brain.warehouse.pipeline.publish import Published, publish_table

if TYPE_CHECKING:
    import duckdb

    from industry_brain.accounts.principal import Principal
    from industry_brain.db import Database

VALUES = Published(
    "indicator_values",
    (("indicator_id", "dimension", "member", "period"), ("indicator_id", "dimension", "period")),
    unique=True,
    schema=compute.SCHEMA,
)
FORECASTS = Published(
    "indicator_forecasts",
    (("indicator_id", "dimension", "member", "period"),),
    unique=True,
    schema=compute.SCHEMA,
)
ACCURACY = Published(
    "forecast_accuracy",
    (("indicator_id", "dimension", "member"),),
    unique=True,
    schema=compute.SCHEMA,
)
PUBLISHED = (VALUES, FORECASTS, ACCURACY)


def copy_chain_nodes(con: duckdb.DuckDBPyConnection, database: Database) -> int:
    """Replace ``monitor.chain_nodes`` with the rank-1 assignments of each template's latest
    run (the enterprise list's ``template``/``node`` filter reads the same); return the rows."""
    import pandas as pd

    from industry_brain.chain.service import latest_run
    from industry_brain.chain.template import all_templates

    with database.reader() as db:
        runs = [run.id for t in all_templates() if (run := latest_run(db, t)) is not None]
        rows = db.execute(
            select(ChainRun.template_id, ChainAssignment.uscc, ChainAssignment.node_id)
            .join(ChainRun, ChainRun.id == ChainAssignment.run_id)
            .where(ChainAssignment.run_id.in_(runs), ChainAssignment.rank == 1)
        ).all()
    frame = pd.DataFrame(
        [tuple(row) for row in rows], columns=["template_id", "uscc", "node_id"], dtype="string"
    )
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {compute.SCHEMA}")
    con.register("monitor_chain_nodes_frame", frame)
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {compute.SCHEMA}.chain_nodes AS "
            "SELECT CAST(template_id AS VARCHAR) AS template_id, CAST(uscc AS VARCHAR) AS uscc, "
            "CAST(node_id AS VARCHAR) AS node_id FROM monitor_chain_nodes_frame"
        )
    finally:
        con.unregister("monitor_chain_nodes_frame")
    return len(frame)


def monitor_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Compute, forecast and publish the indicators; return a summary for the job log."""
    del actor  # nothing governed changes: the step replaces derived tables only
    started = time.perf_counter()
    nodes = copy_chain_nodes(con, database)
    registered = list(all_indicators().values())
    compute.prepare_rows(con, compute.used_columns(con, registered))
    indicators, refused = compute.computable(con, registered)
    rows = compute.compute_values(con, indicators, compute.cluster_member(database))
    computed = time.perf_counter()
    from industry_brain.monitor.forecast import forecast_all

    outcome = forecast_all(con, indicators)
    forecast_done = time.perf_counter()
    for spec in PUBLISHED:
        publish_table(con, database, spec)
    summary = (
        f"{len(indicators)} 项指标 {rows} 个取值（{computed - started:.1f} 秒），"
        f"{outcome.series} 条序列预测（{forecast_done - computed:.1f} 秒；"
        f"{outcome.too_short} 条连续月份不足未预测），"
        f"产业链环节企业 {nodes} 家，共 {time.perf_counter() - started:.1f} 秒"
    )
    if refused:
        summary += "；公式无效已跳过：" + "、".join(f"{k}（{v}）" for k, v in refused.items())
    return summary
