"""Wall time of ``ib --help``: how long the command line takes to answer.

Runs ``.venv/bin/ib --help`` as a fresh subprocess N times (default 20) after one untimed
warm-up run, timing each from spawn to exit with a monotonic clock, and prints the minimum,
median and 95th percentile (nearest rank) in milliseconds; the same for ``python -c pass`` gives
the interpreter's own start-up, the floor under any Python command. With ``--top K`` (default 15;
0 skips it) it then runs ``python -X importtime .venv/bin/ib --help`` three times and prints
the K modules with the largest cumulative import time (least of the three, indented by nesting
depth), to show what the start-up pays for.

Usage: ``.venv/bin/python bench/cli_start.py [-n 20] [--top 15]``
"""

from __future__ import annotations

import argparse
import re
import subprocess
import time
from pathlib import Path

from _support import IB, PYTHON, ROOT, bench_env, machine_load, median, percentile

IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def time_command(command: list[str | Path], runs: int) -> list[float]:
    """Return the wall time in ms of each of ``runs`` runs of ``command`` (after a warm-up)."""
    env = bench_env()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    """Return min, median, p95 and max of the times (ms) on one line."""
    return (
        f"min {min(times):.0f} ms   median {median(times):.0f} ms   "
        f"p95 {percentile(times, 95):.0f} ms   max {max(times):.0f} ms"
    )


def import_offenders(top: int, runs: int = 3) -> list[tuple[str, float]]:
    """Return the ``top`` imports by cumulative time (ms) during ``ib --help``.

    Each name is indented by its nesting depth; its time is the least of ``runs`` runs.
    """
    best: dict[str, float] = {}
    for _ in range(runs):
        result = subprocess.run(
            [PYTHON, "-X", "importtime", IB, "--help"],
            env=bench_env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        for line in result.stderr.splitlines():
            match = IMPORT_LINE.match(line)
            if match:
                name = match.group(3)[1:] + match.group(4)  # keep the nesting indent
                ms = int(match.group(2)) / 1000
                best[name] = min(ms, best.get(name, ms))
    return sorted(best.items(), key=lambda item: item[1], reverse=True)[:top]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed runs (default 20)")
    parser.add_argument(
        "--top", type=int, default=15, help="import-time offenders to list (0: skip)"
    )
    args = parser.parse_args()
    if not 1 <= args.runs <= 1000:
        parser.error("--runs must be between 1 and 1000")

    print(machine_load())
    print(f"ib --help, {args.runs} runs (wall time, spawn to exit)")
    print(f"  {summary(time_command([IB, '--help'], args.runs))}")
    print(f"floor: python -c pass, {args.runs} runs (interpreter start-up alone)")
    print(f"  {summary(time_command([PYTHON, '-c', 'pass'], args.runs))}")
    if args.top > 0:
        print(f"top {args.top} imports by cumulative time (python -X importtime, best of 3):")
        for name, ms in import_offenders(args.top):
            print(f"  {ms:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
