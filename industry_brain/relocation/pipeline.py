"""The pipeline's relocation step (order 25): locate event texts, score, write, publish.

Writes ``relocation.risk`` (the contract other steps read, e.g. the warnings' "relocation risk
high" rule) as of the latest month, and publishes ``ads_relocation_risk`` for the pages: the
same rows with the enterprise's name, district and industry. Every run restates the whole
table (like the SQL models), so late or corrected data of a past month is reflected at once.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.relocation.places import prepare_places
from industry_brain.relocation.scoring import RISK, latest_month, write_risk
from industry_brain.relocation.signals import LEVELS
from industry_brain.warehouse.pipeline.publish import Published, publish_table

if TYPE_CHECKING:
    import duckdb

# Published from the lake view ``relocation.relocation_risk`` as ``ads_relocation_risk``.
PUBLISHED = Published(
    "relocation_risk",
    (("uscc",), ("score", "uscc"), ("county_code", "score"), ("level", "score")),
    unique=True,
    schema="relocation",
)
RISK_TABLE = PUBLISHED.table
_VIEW = f"""
CREATE OR REPLACE VIEW {PUBLISHED.schema}.{PUBLISHED.model} AS
SELECT r.uscc, e.name, e.county_code, g.name AS county_name, e.industry_code, e.industry_name,
  e.above_scale, e.status, r.as_of, r.score, r.level, r.signals,
  CAST(json_array_length(r.signals) AS INTEGER) AS signal_count
FROM {RISK} AS r
JOIN dwd.enterprise AS e ON e.uscc = r.uscc
LEFT JOIN ref.regions AS g ON g.code = e.county_code
"""


def relocation_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Score every local enterprise as of the latest month and publish; return a summary."""
    del actor
    started = time.perf_counter()
    con.execute("CREATE SCHEMA IF NOT EXISTS relocation")
    located = prepare_places(con)
    cutoff = latest_month(con) or date.today().replace(day=1)
    scored = write_risk(con, cutoff=cutoff)
    con.execute(_VIEW)
    publish_table(con, database, PUBLISHED)
    counts = dict(
        con.execute(
            f"SELECT level, count(*) FROM {RISK} WHERE level IS NOT NULL GROUP BY 1"
        ).fetchall()
    )
    levels = "，".join(f"{level} {counts.get(level, 0)}" for level, _ in LEVELS)
    return (
        f"{cutoff:%Y-%m} 评分 {scored} 家本地在册企业（{levels}），新定位事件地点 {located} 个，"
        f"用时 {time.perf_counter() - started:.1f} 秒"
    )
