"""Warehouse import and pipeline: rows/s per ingest stage, pipeline phases, peak RSS.

What it does, each step in a fresh child process (so each peak RSS is the step's own):

1. **generate**: DuckDB writes a registry CSV (``--enterprises`` rows, default 1,000,000) and
   an operations CSV (enterprises × ``--months``, default 36 → 36,000,000 rows, written month
   by month) into a temporary directory under ``--tmp`` (default ``/tmp``). Deterministic;
   one row in 1,000 is bad (see ``_import_data.py``).
2. **baseline** for each file: DuckDB's own ``SELECT count(*) FROM read_csv(file)``, a
   ``read_csv`` of all columns as VARCHAR single-threaded into a temp table (what the staging
   step does), and ``CREATE TABLE AS SELECT * FROM read_csv(file)`` into a fresh on-disk
   database. For the registry also ``detect_encoding`` + ``transcode_to_utf8`` of a GB18030
   copy (the files themselves are UTF-8).
3. **import** each file with the real ``import_file`` (``Principal.system("bench")``) into a
   fresh data directory; its stages are timed by wrapping module functions and the lake
   connection (``_import_probe.py``): raw copy + SHA-256, encoding detection, transcode,
   staging read, validation, ODS insert and commit, quarantine record, and the whole call.
4. **pipeline**: the real ``run_pipeline`` (cluster region 320400 常州市), with the time of
   the reference tables (incl. address → region resolution), each SQLMesh plan and model,
   and each published table.

Rows/s is data rows of the file ÷ wall seconds of the stage. The ratio "validated ODS ÷ raw
read" is ``import_file`` rows/s ÷ ``count(*) FROM read_csv`` rows/s (and ÷ the on-disk
``CREATE TABLE AS``). Peak RSS per stage is VmHWM, reset at each stage start. Files are read
from the page cache (the machine has room for them). Every step has a time limit; the child
is killed (its process group) when it passes it, and the temporary directory is deleted at
the end, also on errors, Ctrl+C or SIGTERM. Needs about 17 GB free in ``--tmp`` at the
default size; the script refuses to start without it. Lake connections (and SQLMesh's) run
with the project's ``IB_LAKE_MEMORY_LIMIT`` (default 3GB); ``--memory-limit 20GB`` measures
another limit.

Usage: ``.venv/bin/python bench/import_bench.py [--enterprises 1000000] [--months 36]``
(about 6 minutes at the default size on 2 cores; ``--enterprises 20000`` for a smoke run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _support import PYTHON, ROOT, bench_env, exit_on_sigterm, machine_load

BYTES_PER_OPERATIONS_ROW = 75
STEP_LIMIT_SECONDS = {"generate": 600, "baseline": 600, "import": 1800, "pipeline": 1800}


def run_step(step: str, workdir: Path, *args: str) -> dict[str, Any]:
    """Run one step in a child process (own process group) and return its JSON result."""
    result_file = workdir / f"{step}-{len(list(workdir.glob('*.json')))}.json"
    command = [str(PYTHON), str(Path(__file__)), "--step", step, "--workdir", str(workdir)]
    command += ["--result", str(result_file), *args]
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, env=bench_env(), start_new_session=True)
    try:
        code = child.wait(timeout=STEP_LIMIT_SECONDS[step])
    except subprocess.TimeoutExpired:
        _kill(child)
        raise RuntimeError(
            f"step {step} passed its limit of {STEP_LIMIT_SECONDS[step]} s"
        ) from None
    except BaseException:
        _kill(child)
        raise
    if code != 0:
        raise RuntimeError(f"step {step} {' '.join(args)} failed with exit code {code}")
    result: dict[str, Any] = json.loads(result_file.read_text())
    result["wall_seconds"] = time.monotonic() - started
    return result


def _kill(child: subprocess.Popen[bytes]) -> None:
    """Stop the child's process group: TERM, then KILL after 5 s."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def child_main(args: argparse.Namespace) -> None:
    """Run one step in this (child) process and write its result."""
    import _import_steps as steps

    exit_on_sigterm()
    workdir = Path(args.workdir)
    if args.step == "generate":
        result = steps.generate(workdir, enterprises=args.enterprises, months=args.months)
    elif args.step == "baseline":
        result = steps.baseline(workdir, path=Path(args.file), gb18030=args.gb18030)
    elif args.step == "import":
        steps.limit_memory(args.memory_limit)
        result = steps.import_one(workdir, standard=args.standard, path=Path(args.file))
    else:
        steps.limit_memory(args.memory_limit)
        result = steps.pipeline(workdir)
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=1))


def print_stages(title: str, result: dict[str, Any], rows: int | None) -> None:
    """Print a step's stages: seconds, rows/s (when rows is given) and peak RSS."""
    print(f"\n{title}")
    print(f"  {'stage':<58} {'seconds':>9} {'rows/s':>12} {'peak RSS':>10}")
    for stage in result["stages"]:
        rate = f"{rows / stage['seconds']:,.0f}" if rows and stage["seconds"] > 0 else ""
        calls = f" ×{stage['calls']}" if stage["calls"] > 1 else ""
        print(
            f"  {stage['stage'] + calls:<58} {stage['seconds']:>9.2f} {rate:>12} "
            f"{stage['peak_mib']:>7.0f} MiB"
        )


def seconds_of(result: dict[str, Any], name: str) -> float:
    """Return the seconds of a named stage."""
    return float(next(s["seconds"] for s in result["stages"] if s["stage"] == name))


def check_disk(tmp: Path, operations_rows: int) -> None:
    """Refuse to start when the temporary file system is too small."""
    need = 6 * operations_rows * BYTES_PER_OPERATIONS_ROW + 2 * 1024**3
    free = shutil.disk_usage(tmp).free
    print(f"== {tmp}: {free / 1024**3:.1f} GiB free, about {need / 1024**3:.1f} GiB needed")
    if free < need:
        raise SystemExit(f"not enough free space in {tmp}")


def parent_main(args: argparse.Namespace) -> None:
    """Run every step in order, print the figures and remove the temporary directory."""
    import duckdb

    exit_on_sigterm()
    print(f"== {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {machine_load()}")
    print(f"== Python {sys.version.split()[0]}, DuckDB {duckdb.__version__}")
    if args.memory_limit:
        print(f"== lake connections with memory_limit = {args.memory_limit}")
    operations_rows = args.enterprises * args.months
    check_disk(Path(args.tmp), operations_rows)
    workdir = Path(tempfile.mkdtemp(prefix="ib-import-bench-", dir=args.tmp))
    try:
        run_all(workdir, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\n== removed {workdir}; {machine_load()}")


def run_all(workdir: Path, args: argparse.Namespace) -> None:
    """Generate, baseline, import and run the pipeline; print as it goes."""
    size = ["--enterprises", str(args.enterprises), "--months", str(args.months)]
    limit = ["--memory-limit", args.memory_limit] if args.memory_limit else []
    generated = run_step("generate", workdir, *size)
    print_stages("generate (not part of the figures)", generated, None)
    lines = [
        measure_file(workdir, standard, generated["files"][standard], limit)
        for standard in ("registry", "operations")
    ]
    report = run_step("pipeline", workdir, *limit)
    print_stages("run_pipeline", report, None)
    print(f"  addresses resolved: {report['addresses_resolved']:,}")
    print(f"  model rows: {report['model_rows']}")
    print(f"  published rows: {report['published_rows']}")
    print(
        f"  process peak RSS {report['process_peak_mib']:,.0f} MiB; forked children (SQLMesh's "
        f"model loader; pages shared with the parent) {report['children_maxrss_kib'] / 1024:,.0f}"
        f" MiB; lake {report['lake_bytes'] / 1024**2:,.0f} MiB, serving DB "
        f"{report['serving_db_bytes'] / 1024**2:,.0f} MiB"
    )
    print(
        "\n=== summary (targets on 2 cores: ≥100k rows/s and ≥0.3× the raw read; pipeline "
        "≤10 min; RSS ≤4 GB)"
    )
    for line in lines:
        print("  " + line)
    phases = [("reference tables (whole)", "reference"), ("SQLMesh models (whole)", "models")]
    parts = [f"{label} {seconds_of(report, name):.0f} s" for name, label in phases]
    published = sum(s["seconds"] for s in report["stages"] if s["stage"].startswith("publish"))
    print(
        f"  pipeline: {seconds_of(report, 'run_pipeline (whole)') / 60:.1f} min ("
        f"{', '.join(parts)}, publish {published:.0f} s); peak RSS "
        f"{report['process_peak_mib']:,.0f} MiB"
    )


def measure_file(workdir: Path, standard: str, info: dict[str, Any], limit: list[str]) -> str:
    """Baseline and import one generated file; print the stages; return its summary line."""
    rows, path = int(info["rows"]), str(info["path"])
    print(f"\n=== {standard}: {rows:,} data rows, {info['bytes'] / 1024**2:,.0f} MiB")
    extra = ["--gb18030"] if standard == "registry" else []
    base = run_step("baseline", workdir, "--file", path, *extra)
    print_stages(f"baseline: DuckDB reading {standard}.csv", base, rows)
    imported = run_step("import", workdir, "--standard", standard, "--file", path, *limit)
    print_stages(f"import_file({standard})", imported, rows)
    print(f"  result: {imported['result']}; lake {imported['lake_bytes'] / 1024**2:,.0f} MiB")
    rate = rows / seconds_of(imported, "import_file (whole)")
    count = rows / seconds_of(base, "SELECT count(*) FROM read_csv(file)")
    ctas = rows / seconds_of(base, "CREATE TABLE AS SELECT * FROM read_csv(file), on disk")
    return (
        f"{standard}: import_file {rate:,.0f} rows/s = {rate / count:.2f}× count(*) of read_csv "
        f"({count:,.0f} rows/s), {rate / ctas:.2f}× CREATE TABLE AS read_csv ({ctas:,.0f} "
        f"rows/s); peak RSS {imported['process_peak_mib']:,.0f} MiB"
    )


def main() -> None:
    """Parse arguments; run as the parent or as one step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--enterprises", type=int, default=1_000_000, help="registry rows")
    parser.add_argument("--months", type=int, default=36, help="operations months (≤ 36)")
    parser.add_argument("--tmp", default="/tmp", help="where the temporary directory goes")
    parser.add_argument(
        "--memory-limit",
        help="override IB_LAKE_MEMORY_LIMIT (default 3GB), the DuckDB memory limit of "
        "every lake connection",
    )
    parser.add_argument("--step", choices=sorted(STEP_LIMIT_SECONDS), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--standard", help=argparse.SUPPRESS)
    parser.add_argument("--gb18030", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1000 <= args.enterprises <= 2_000_000 or not 1 <= args.months <= 36:
        parser.error("--enterprises must be 1,000–2,000,000 and --months 1–36")
    if args.step:
        child_main(args)
    else:
        parent_main(args)


if __name__ == "__main__":
    main()
