"""运行监测, warnings and relocation on a generated warehouse (default 100,000 × 36 months).

1. **Full run**: the pipeline's three monitoring steps run one after the other on the built
   warehouse, as the first run after loading history does: 运行监测 (every indicator of every
   month of every member, forecasts with their backtest, publication), 迁移风险评分 (score,
   publish) and 经济风险预警 (seed the rules, evaluate every rule, merge into warnings).
2. **One new month**: the next month's operations (every enterprise; one in 50 with revenue,
   electricity and tax 45% down, so that warnings are raised and merged) go through
   ``ib import operations`` and the whole ``ib pipeline run``; each phase is timed from the
   pipeline's own progress messages. The issue's target (≤60 s on 2 cores) is for the three
   monitoring steps of this run.
3. ``ib monitor backtest --months 18`` on the same warehouse (all three models replayed).

The warehouse is built once under ``--workdir`` (see ``_web_data.py``; shared with
``web_bench.py`` when given the same folder) and copied before anything writes to it, so every
run starts from the same state. Prints figures; asserts nothing.

Usage: ``.venv/bin/python bench/monitor_bench.py [--enterprises 100000] [--months 36]
[--workdir DIR]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import _import_data as gen
import _web_data
from _support import IB, bench_env, machine_load

SHOCKED_ONE_IN = 50
SHOCK = 0.55  # the shocked enterprises report 55% of their usual month
CHAIN_STEP = ("产业链分类与分析",)  # runs before the monitoring steps; timed, not counted
SCALED = (2, 4, 5)  # columns of the operations file: 营业收入, 税收, 用电量


def _new_month_file(workdir: Path, *, enterprises: int, month: int) -> Path:
    """Write month ``month`` (0-based from 2023-01) of the operations, with planted shocks."""
    folder = workdir / "new-month"
    folder.mkdir(parents=True, exist_ok=True)
    plain, shocked = folder / "plain.csv", folder / f"operations_month_{month}.csv"
    con = gen.connect(folder)
    gen.create_enterprises(con, enterprises)
    rows = gen.write_csv(con, gen.operations_month_sql(enterprises, month), plain, header=False)
    shocked_row = f"hash(column0, 'shock') % {SHOCKED_ONE_IN} = 0"
    select = ", ".join(
        f"CASE WHEN {shocked_row} AND TRY_CAST(column{i} AS DOUBLE) > 0 THEN "
        f"CAST(round(TRY_CAST(column{i} AS DOUBLE) * {SHOCK}, 2) AS VARCHAR) "
        f'ELSE column{i} END AS "{name}"'
        if i in SCALED
        else f'column{i} AS "{name}"'
        for i, name in enumerate(gen.OPERATIONS_HEADER)
    )
    gen.write_csv(
        con,
        f"SELECT {select} FROM read_csv('{plain}', header = false, all_varchar = true)",
        shocked,
    )
    con.close()
    plain.unlink()
    print(f"new month {2023 + month // 12}-{month % 12 + 1:02d}: {rows:,} rows, "
          f"one enterprise in {SHOCKED_ONE_IN} {100 * (1 - SHOCK):.0f}% down")  # fmt: skip
    return shocked


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open(data_dir: Path):  # type: ignore[no-untyped-def]
    os.environ["IB_DATA_DIR"] = str(data_dir)
    from industry_brain.db import Database
    from industry_brain.settings import Settings, prepare_settings

    settings = prepare_settings(Settings())
    return settings, Database.from_settings(settings)


def full_run(data_dir: Path) -> None:
    """Run the monitoring steps on the built warehouse, each timed."""
    from industry_brain import lake
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.pipeline.run import _pipeline_steps

    settings, database = _open(data_dir)
    actor = Principal.system("bench")
    total = 0.0
    print("\n== full run of the monitoring steps (history loaded, first evaluation)")
    with lake.connect(settings) as con:
        for step in _pipeline_steps():
            started = time.perf_counter()
            summary = step.run(con, database, actor)
            seconds = time.perf_counter() - started
            total += 0 if step.name in CHAIN_STEP else seconds
            print(f"{step.name}: {seconds:.1f} s — {summary}")
    print(f"monitoring steps together (without the chain step): {total:.1f} s; "
          f"peak RSS of this process {_peak_rss_mb():,.0f} MB")  # fmt: skip
    database.dispose()


def new_month(data_dir: Path, month_file: Path) -> None:
    """Import one more month and run the whole pipeline, timing each phase."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.pipeline.run import _pipeline_steps, run_pipeline

    print("\n== one new month")
    started = time.perf_counter()
    subprocess.run([str(IB), "import", "operations", str(month_file)], check=True,
                   env=bench_env(IB_DATA_DIR=str(data_dir)), stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"ib import operations (one month): {time.perf_counter() - started:.1f} s")
    settings, database = _open(data_dir)
    marks: list[tuple[float, str]] = []
    report = run_pipeline(
        settings=settings, database=database, actor=Principal.system("bench"),
        on_progress=lambda message, _pct: marks.append((time.perf_counter(), message)),
    )  # fmt: skip
    steps = [step.name for step in _pipeline_steps()]
    phases = {
        message: end - at
        for (at, message), (end, _) in zip(marks, marks[1:], strict=False)
        if "：" not in message  # a phase's start; "name：summary" is its end
    }
    for name in steps:
        print(f"{name}: {phases[name]:.1f} s — {report.steps[name]}")
    monitoring = sum(phases[name] for name in steps if name not in CHAIN_STEP)
    print(f"monitoring steps together (without the chain step): {monitoring:.1f} s "
          f"(target ≤60 s); whole pipeline {report.seconds:.1f} s")  # fmt: skip
    others = {n: s for n, s in phases.items() if n not in steps and s >= 0.5}
    print("other phases: " + "; ".join(f"{n} {s:.1f} s" for n, s in others.items()))
    database.dispose()


def backtest(data_dir: Path) -> None:
    """Time ``ib monitor backtest`` over 18 months."""
    print("\n== ib monitor backtest --months 18")
    started = time.perf_counter()
    result = subprocess.run([str(IB), "monitor", "backtest", "--months", "18"], check=True,
                            env=bench_env(IB_DATA_DIR=str(data_dir)), capture_output=True,
                            text=True)  # fmt: skip
    print(f"{time.perf_counter() - started:.1f} s")
    print(result.stdout.rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.gettempdir()) / f"ib-web-bench-{args.enterprises}"
    print(f"== monitor_bench: {args.enterprises:,} enterprises × {args.months} months; "
          f"{machine_load()}")  # fmt: skip
    built = _web_data.build(workdir, enterprises=args.enterprises, months=args.months)
    month_file = _new_month_file(workdir, enterprises=args.enterprises, month=args.months)
    scratch = workdir / "monitor-run"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(built, scratch)
    subprocess.run([str(IB), "db", "upgrade"], check=True, stdout=subprocess.DEVNULL,
                   env=bench_env(IB_DATA_DIR=str(scratch)))  # fmt: skip
    try:
        full_run(scratch)
        new_month(scratch, month_file)
        backtest(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
