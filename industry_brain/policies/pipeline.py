"""The pipeline's policy step (order 55, after the rules step 50 has written the lake's
``rules.enterprise_facts``): mark the published policies whose validity has ended 已失效
(audited, by the pipeline's actor), then count every published policy's results, keep the
counts and notify newly matched enterprises, in one transaction of the serving DB.

Like every step it works on the lake connection the pipeline opened (``con``); it does not
open the lake itself.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from industry_brain.accounts.principal import Principal
from industry_brain.clock import beijing_today
from industry_brain.db import Database
from industry_brain.lake import has_table
from industry_brain.policies.actions import expire_lapsed
from industry_brain.policies.eligibility import FACTS_TABLE
from industry_brain.policies.matching import evaluate_published

if TYPE_CHECKING:
    import duckdb


def policies_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Evaluate the published policies; return a summary for the job log."""
    started = time.perf_counter()
    if not has_table(con, FACTS_TABLE):
        return "尚无企业事实数据（rules.enterprise_facts），未评估惠企政策"
    with database.writer() as db:
        expired = expire_lapsed(db, actor=actor, day=beijing_today())
        counts = evaluate_published(con, db)
        db.commit()
    met = sum(c.get("met", 0) for c in counts.values())
    unknown = sum(c.get("unknown", 0) for c in counts.values())
    return (
        f"评估已发布政策 {len(counts)} 项：符合 {met} 家次，待补充数据 {unknown} 家次"
        + (f"，{len(expired)} 项政策到期失效" if expired else "")
        + f"，用时 {time.perf_counter() - started:.1f} 秒"
    )
