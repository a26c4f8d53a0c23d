"""惠企政策 eligibility: 200 generated policies against 100,000 enterprises' facts.

The facts table ``rules.enterprise_facts`` is generated with DuckDB (every built-in fact, values
drawn from hashes, about one value in eight NULL as data gaps are in real data; 60 % of the
enterprises in 常州). The policies are generated with a seeded ``random``: 2–6 clauses each,
from the kinds the issue names (上年营业收入 ≥ …, 荣誉 包含 …, 注册地 在 本市, 行业代码 以 …
开头, 研发投入占比 ≥ …), with ``任一`` and ``非`` groups. Then, with DuckDB on 2 threads:

1. full evaluation: every policy × every enterprise into the lake table ``rules.bench_results``
   (result and every clause's result as JSON) — the issue's target is ≤30 s on 2 cores;
2. one changed policy: its rows replaced, the others kept — target ≤2 s (median of 5);
3. one policy's rows read into Python (``evaluate_all``), and one enterprise in Python.

Prints figures; asserts nothing. Usage: ``.venv/bin/python bench/policy_bench.py
[--enterprises 100000] [--policies 200] [--threads 2] [--workdir DIR]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
from _support import machine_load, median

from industry_brain.rules import (
    Clause,
    Rule,
    evaluate,
    evaluate_all,
    evaluate_into,
    nodes,
    validate,
)
from industry_brain.rules.facts import BUILTIN_FACTS, HOME_REGION
from industry_brain.rules.facts_sql import SQL_TYPES

FACTS = {fact.id: fact for fact in BUILTIN_FACTS}
HONORS = [
    "专精特新",
    "高新技术企业",
    "专精特新“小巨人”",
    "创新型中小企业",
    "单项冠军",
    "技术先进型服务企业",
]
COUNTIES = ["320412", "320411", "320402", "320404", "320413", "320481"]
OUTSIDE = ["320506", "320214", "310114", "330110", "440305"]
INDUSTRIES = ["3612", "3670", "3841", "3842", "3985", "3462", "3973", "2929", "3311", "3399"]
RESULTS = "rules.bench_results"


def _facts_sql(count: int) -> str:
    def unit(salt: str) -> str:
        return f"(hash(i, '{salt}') % 10000) / 10000.0"

    def maybe(salt: str, value: str) -> str:
        return f"CASE WHEN hash(i, '{salt}n') % 8 = 0 THEN NULL ELSE {value} END"

    county = (
        f"CASE WHEN hash(i, 'local') % 10 < 6 THEN list_extract({COUNTIES!r}, "
        f"1 + CAST(hash(i, 'c') % {len(COUNTIES)} AS INTEGER)) ELSE list_extract({OUTSIDE!r}, "
        f"1 + CAST(hash(i, 'o') % {len(OUTSIDE)} AS INTEGER)) END"
    )
    honors = " || ".join(
        f"CASE WHEN hash(i, 'h{index}') % {4 + 2 * index} = 0 THEN ['{name}'] ELSE [] END"
        for index, name in enumerate(HONORS)
    )
    industry = (
        f"list_extract({INDUSTRIES!r}, 1 + CAST(hash(i, 'ind') % {len(INDUSTRIES)} AS INTEGER))"
    )
    return f"""
    SELECT printf('91320400MA%08dX', i) AS uscc,
      {maybe("rev", f"round(pow(10, 1 + 4 * {unit('rev')}), 1)")}::DOUBLE AS revenue_last_year,
      {maybe("tax", f"round(pow(10, 4 * {unit('tax')}), 1)")}::DOUBLE AS tax_last_year,
      {maybe("emp", f"floor(pow(10, 0.5 + 3 * {unit('emp')}))")}::DOUBLE AS employees,
      {maybe("rd", f"round(12 * {unit('rd')}, 2)")}::DOUBLE AS rd_ratio_last_year,
      {maybe("region", county)} AS region_code,
      {maybe("industry", industry)} AS industry_code,
      ({honors})::VARCHAR[] AS honors,
      {maybe("age", f"floor(40 * {unit('age')})")}::DOUBLE AS age_years,
      CASE WHEN hash(i, 'st') % 20 = 0 THEN '注销' ELSE '存续' END AS status,
      {maybe("scale", "hash(i, 'scale') % 3 = 0")} AS above_scale,
      {maybe("growth", f"round(60 * {unit('growth')} - 20, 2)")}::DOUBLE AS revenue_growth_3y,
      floor(pow(2, 5 * {unit("pat")}) - 1)::DOUBLE AS invention_patents,
      '320400' AS {HOME_REGION}
    FROM range({count}) AS t(i)
    """


def _clause(rng: random.Random) -> dict[str, object]:
    kind = rng.randrange(9)
    if kind == 0:
        return {
            "fact": "revenue_last_year",
            "op": ">=",
            "value": rng.choice([500, 2000, 5000, 20000]),
        }
    if kind == 1:
        return {"fact": "honors", "op": "contains", "value": rng.choice(HONORS)}
    if kind == 2:
        return {
            "fact": "region_code",
            "op": "in",
            "value": rng.choice([["本市"], ["320412", "320411"]]),
        }
    if kind == 3:
        return {
            "fact": "industry_code",
            "op": "prefix",
            "value": rng.choice(["36", "38", "39", "3841"]),
        }
    if kind == 4:
        return {"fact": "rd_ratio_last_year", "op": ">=", "value": rng.choice([3, 4.5, 6])}
    if kind == 5:
        return {
            "fact": "employees",
            "op": rng.choice(["<", ">="]),
            "value": rng.choice([50, 300, 1000]),
        }
    if kind == 6:
        return {"fact": "above_scale", "op": "=", "value": True}
    if kind == 7:
        return {"fact": "age_years", "op": ">=", "value": rng.choice([2, 3, 5])}
    return {"fact": "revenue_growth_3y", "op": ">", "value": rng.choice([5, 10, 15])}


def generate_policies(count: int, seed: int = 8) -> dict[str, Rule]:
    """Return ``count`` policies of 2–6 clauses, some in 任一 and 非 groups."""
    rng = random.Random(seed)
    policies = {}
    for number in range(count):
        items: list[dict[str, object]] = [_clause(rng) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.4:
            items.append({"any": [_clause(rng), _clause(rng)]})
        if rng.random() < 0.3:
            items.append({"not": {"fact": "status", "op": "=", "value": "注销"}})
        policies[f"policy-{number:03d}"] = validate({"all": items}, facts=FACTS)
    return policies


def _timed(label: str, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s")
    return seconds


def _build_facts(con: duckdb.DuckDBPyConnection, enterprises: int) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS rules")
    columns = ", ".join(f'"{f.id}" {SQL_TYPES[f.type]}' for f in BUILTIN_FACTS)
    con.execute(
        f"CREATE TABLE rules.enterprise_facts (uscc VARCHAR, {columns}, {HOME_REGION} VARCHAR)"
    )
    insert = f"INSERT INTO rules.enterprise_facts {_facts_sql(enterprises)}"
    _timed(f"facts table ({enterprises:,} enterprises)", lambda: con.execute(insert))


def _full(con: duckdb.DuckDBPyConnection, policies: dict[str, Rule]) -> None:
    clauses = sum(isinstance(node, Clause) for rule in policies.values() for _, node in nodes(rule))
    print(f"{len(policies)} policies, {clauses} clauses in all")
    full = _timed(
        "full evaluation", lambda: evaluate_into(con, policies, into=RESULTS, replace=True)
    )
    counts = con.execute(f"SELECT result, count(*) FROM {RESULTS} GROUP BY 1 ORDER BY 1").fetchall()
    print(f"   {sum(n for _, n in counts):,} rows: " + ", ".join(f"{r} {n:,}" for r, n in counts))
    print(f"   target ≤30 s: {'met' if full <= 30 else 'NOT met'}")


def _one_changed(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Rule]:
    changed = {
        key: validate(
            {"all": [{"fact": "revenue_last_year", "op": ">=", "value": 1000},
                     {"fact": "region_code", "op": "in", "value": ["本市"]}]},
            facts=FACTS,
        )
    }  # fmt: skip
    times = [
        _timed(
            f"one changed policy, run {n + 1}", lambda: evaluate_into(con, changed, into=RESULTS)
        )
        for n in range(5)
    ]
    verdict = "met" if median(times) <= 2 else "NOT met"
    print(f"   median {median(times):.2f} s; target ≤2 s: {verdict}")
    return changed


def run(con: duckdb.DuckDBPyConnection, enterprises: int, policies: dict[str, Rule]) -> None:
    """Build the facts, evaluate everything, then one changed policy, and print figures."""
    _build_facts(con, enterprises)
    _full(con, policies)
    changed = _one_changed(con, next(iter(policies)))
    rows: list[tuple[str, str, str, str]] = []
    _timed("one policy into Python (evaluate_all)", lambda: rows.extend(evaluate_all(con, changed)))
    print(f"   {len(rows):,} rows with their clauses as JSON")
    one = con.execute("SELECT * FROM rules.enterprise_facts LIMIT 1")
    names = [column[0] for column in one.description]
    facts = dict(zip(names, one.fetchone() or (), strict=True))
    started = time.perf_counter()
    for rule in policies.values():
        evaluate(rule, facts)
    milliseconds = (time.perf_counter() - started) * 1000
    print(f"one enterprise, {len(policies)} policies in Python (evaluate): {milliseconds:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    print(f"== policy_bench: {args.policies} policies × {args.enterprises:,} enterprises, "
          f"DuckDB {args.threads} threads; {machine_load()}")  # fmt: skip
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="policy_bench_"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(workdir / "lake.duckdb"), config={"threads": str(args.threads)})
        run(con, args.enterprises, generate_policies(args.policies))
        con.close()
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
