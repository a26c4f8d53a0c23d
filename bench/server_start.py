"""Server start-up: milliseconds from spawning ``ib serve`` to its first ``200`` on ``/healthz``.

Prepares a temporary data directory once with ``ib init`` (untimed), then R times (default 5)
spawns ``.venv/bin/ib serve`` with ``IB_DATA_DIR`` set to it and ``IB_PORT`` a free loopback
port, polls ``GET /healthz`` every 5 ms until it answers 200 (at most 30 s), records the time
since spawn, and stops the server (SIGTERM to its process group, SIGKILL after 5 s) before the
next run. Prints every run and the minimum and median. The server is stopped on any error and
the data directory removed.

Usage: ``.venv/bin/python bench/server_start.py [-r 5]``
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from _support import (
    IB,
    ROOT,
    Child,
    bench_env,
    exit_on_sigterm,
    free_port,
    machine_load,
    median,
    wait_for_200,
)


def prepare(data_dir: Path) -> dict[str, str]:
    """Run ``ib init`` on the data directory; return the environment for ``ib serve``."""
    env = bench_env(IB_DATA_DIR=str(data_dir))
    subprocess.run([IB, "init"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    return env


def time_start(env: dict[str, str]) -> float:
    """Start ``ib serve`` once; return ms from spawn to the first 200 on ``/healthz``."""
    port = free_port()
    started = time.monotonic()
    child = Child([IB, "serve"], env={**env, "IB_PORT": str(port)})
    try:
        answered = wait_for_200(child, port, "/healthz", timeout=30.0)
    finally:
        child.stop()
    return (answered - started) * 1000


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-r", "--runs", type=int, default=5, help="server starts (default 5)")
    args = parser.parse_args()
    if not 1 <= args.runs <= 100:
        parser.error("--runs must be between 1 and 100")

    exit_on_sigterm()
    print(machine_load())
    with tempfile.TemporaryDirectory(prefix="ib-bench-start-") as folder:
        env = prepare(Path(folder) / "var")
        times = [time_start(env) for _ in range(args.runs)]
    print(f"ib serve: spawn to first 200 on /healthz, {args.runs} runs")
    print("  runs   " + "  ".join(f"{ms:.0f}" for ms in times) + " ms")
    print(f"  min {min(times):.0f} ms   median {median(times):.0f} ms")


if __name__ == "__main__":
    main()
