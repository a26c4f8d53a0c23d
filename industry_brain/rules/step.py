"""The pipeline's rules step (order 50, after 招商 and before the policies' matching at 55):
compute every enterprise's facts into ``rules.enterprise_facts`` and publish them as
``ads_enterprise_facts`` (unique by uscc; a set fact is published as its members joined by
“、”, which ``evaluate`` reads back). Every run restates the whole table."""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.rules.facts import all_facts
from industry_brain.rules.facts_sql import FACTS_TABLE, build_facts, reference_year
from industry_brain.warehouse.pipeline.publish import Published, publish_table

if TYPE_CHECKING:
    import duckdb

STEP_NAME = "企业政策事实计算"
STEP_ORDER = 50
# Published from the lake view ``rules_published.enterprise_facts`` (over the facts table).
PUBLISHED = Published(
    "enterprise_facts", (("uscc",), ("region_code",)), unique=True, schema="rules_published"
)


def publish_facts(con: duckdb.DuckDBPyConnection, database: Database) -> int:
    """Publish the facts table as ``ads_enterprise_facts`` and return its rows."""
    sets = [fact.id for fact in all_facts().values() if fact.type == "set"]
    replaced = ", ".join(f'array_to_string("{fid}", \'、\') AS "{fid}"' for fid in sets)
    star = f"* REPLACE ({replaced})" if replaced else "*"
    con.execute("CREATE SCHEMA IF NOT EXISTS rules_published")
    con.execute(
        "CREATE OR REPLACE VIEW rules_published.enterprise_facts AS"
        f" SELECT {star} FROM {FACTS_TABLE}"
    )
    return publish_table(con, database, PUBLISHED)


def facts_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Compute and publish every enterprise's facts; return a summary for the job log."""
    del actor
    started = time.perf_counter()
    rows = build_facts(con, as_of=date.today(), facts=all_facts().values())
    publish_facts(con, database)
    year = reference_year(con)
    window = f"上年为 {year} 年" if year else "尚无经营月报，上年各项为未知"
    seconds = time.perf_counter() - started
    return f"{rows} 家企业的 {len(all_facts())} 项事实（{window}），用时 {seconds:.1f} 秒"
