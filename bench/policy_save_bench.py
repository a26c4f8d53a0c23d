"""惠企政策 through the platform's own path on the 100,000-enterprise warehouse of web_bench.py.

``policy_bench.py`` measures the rule engine alone on a generated facts table. This script
measures what an operator waits for: on a copy of the warehouse it runs the rules step (facts
of every enterprise, published as ``ads_enterprise_facts``), then saves one published policy
with ``do_create_policy`` (its rule evaluated for every enterprise and the results stored in
the serving DB, notifications included), edits it with ``do_update_policy``, and runs the
policies' pipeline step with ``--policies`` published policies. Prints figures; asserts
nothing.

Usage: ``.venv/bin/python bench/policy_save_bench.py [--workdir DIR] [--policies 20]``
(the warehouse is built by ``bench/web_bench.py`` or ``bench/monitor_bench.py`` first).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from _support import warehouse_copy

RULES = (
    "上年营业收入 >= 2000 且 注册地 在 本市",
    "上年营业收入 >= {n} 或 从业人数 >= 300",
    "非 (上年税收 < 10) 且 规上 = 是",
)


def _policy(index: int, status: str = "published"):  # type: ignore[no-untyped-def]
    from industry_brain.policies.schemas import PolicyIn

    rule = RULES[index % len(RULES)].replace("{n}", str(1000 + 50 * index))
    return PolicyIn(title=f"基准政策 {index}", issuer="基准测试", status=status, rule_text=rule)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ib-web-bench-100000"
    )
    parser.add_argument("--policies", type=int, default=20)
    args = parser.parse_args()  # fmt: skip
    with warehouse_copy(args.workdir, "policy-run") as scratch:
        _measure(scratch, args.policies)


def _measure(data_dir: Path, count: int) -> None:
    os.environ["IB_DATA_DIR"] = str(data_dir)
    from industry_brain import lake
    from industry_brain.accounts.principal import Principal
    from industry_brain.db import Database
    from industry_brain.policies.actions import do_create_policy, do_update_policy
    from industry_brain.policies.pipeline import policies_step
    from industry_brain.rules.step import facts_step
    from industry_brain.settings import Settings, prepare_settings

    settings = prepare_settings(Settings())
    database = Database.from_settings(settings)
    actor = Principal.system("bench")
    with lake.connect(settings) as con:
        started = time.perf_counter()
        summary = facts_step(con, database, actor)
        print(f"rules step (facts of every enterprise, published): "
              f"{time.perf_counter() - started:.1f} s — {summary}")  # fmt: skip
    with database.writer() as db:
        started = time.perf_counter()
        policy = do_create_policy(db, actor=actor, data=_policy(0))
        print(f"save one new published policy (evaluate and store): "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        started = time.perf_counter()
        do_update_policy(db, actor=actor, policy_id=policy.id, data=_policy(1))
        print(f"edit its rule (re-evaluate and store): {time.perf_counter() - started:.2f} s")
        for index in range(2, count + 1):
            do_create_policy(db, actor=actor, data=_policy(index))
    with lake.connect(settings) as con:
        started = time.perf_counter()
        summary = policies_step(con, database, actor)
        print(f"policies step, {count} published policies × every enterprise: "
              f"{time.perf_counter() - started:.1f} s — {summary}")  # fmt: skip
    _pages(database, policy.id)
    database.dispose()


def _pages(database, policy_id: int) -> None:  # type: ignore[no-untyped-def]
    """Time what the pages ask of the serving DB (each the median of 5 runs)."""
    from statistics import median

    from industry_brain.policies.panel import policies_panel_data
    from industry_brain.policies.service import results
    from industry_brain.policies.views_support import matches_for

    def timed(label: str, run) -> None:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(5):
            with database.reader() as db:
                started = time.perf_counter()
                run(db)
                times.append(time.perf_counter() - started)
        print(f"{label}: {median(times) * 1000:.0f} ms")

    for result in ("met", "not_met", "unknown"):
        timed(f"list 200 {result} enterprises with reasons (first page)",
              lambda db, r=result: results(db, policy_id, result=r))  # fmt: skip
    timed("list 200 met enterprises at offset 50,000",
          lambda db: results(db, policy_id, result="met", offset=50_000))  # fmt: skip
    timed("惠企 cockpit panel (eligible for any of the published policies)",
          lambda db: policies_panel_data(db, {}))  # fmt: skip
    with database.reader() as db:
        from sqlalchemy import text

        uscc = db.scalar(text("SELECT uscc FROM ads_enterprise_facts ORDER BY uscc LIMIT 1"))
    timed("one enterprise's matches over every published policy",
          lambda db: matches_for(db, str(uscc), 0))  # fmt: skip


if __name__ == "__main__":
    main()
