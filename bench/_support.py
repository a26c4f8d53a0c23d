"""Helpers shared by the benchmark scripts: paths, statistics, ports and child processes.

Not a benchmark itself. Every child process is started in its own session (process group)
so that it can be stopped by its id, with everything it spawned, and is always stopped.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
IB = VENV_BIN / "ib"
HOST = "127.0.0.1"


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the nearest-rank percentile ``pct`` (0-100] of the values."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """Return the median (mean of the middle two for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def free_port() -> int:
    """Return a TCP port on the loopback address that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def bench_env(**extra: str) -> dict[str, str]:
    """Return the environment for a child: this one without ``IB_*``, plus ``extra``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("IB_")}
    env.update(extra)
    return env


class Child:
    """A child process in its own process group; stderr goes to a temporary file."""

    def __init__(self, args: Sequence[str | Path], *, env: dict[str, str]) -> None:
        self.args = [str(arg) for arg in args]
        self.log = tempfile.TemporaryFile()  # closed in stop()
        self.process = subprocess.Popen(
            self.args,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        """The child's id, which is also its process group id."""
        return self.process.pid

    def exited(self) -> bool:
        """Return whether the child has exited."""
        return self.process.poll() is not None

    def stderr_text(self) -> str:
        """Return what the child wrote to stderr so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self, *, grace: float = 5.0) -> None:
        """Stop the child and its process group: TERM, then KILL after ``grace`` seconds."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(timeout=grace)
        self.log.close()

    def _signal(self, sig: signal.Signals) -> None:
        try:
            os.killpg(self.pid, sig)  # the child leads its own group: pgid == pid
        except ProcessLookupError:
            pass


def get_status(port: int, path: str, *, timeout: float = 1.0) -> int | None:
    """Return the status of ``GET path`` on the loopback port, or None if not answering."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def wait_for_200(
    child: Child, port: int, path: str = "/healthz", *, timeout: float = 30.0
) -> float:
    """Poll ``GET path`` until it answers 200; return the monotonic time it did.

    Raises RuntimeError when the child exits first or ``timeout`` seconds pass.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get_status(port, path, timeout=2.0) == 200:
            return time.monotonic()
        if child.exited():
            raise RuntimeError(
                f"server exited with {child.process.returncode} before 200:\n{child.stderr_text()}"
            )
        time.sleep(0.005)
    raise RuntimeError(f"no 200 from {path} on port {port} within {timeout:.0f} s")


def machine_load() -> str:
    """Return the 1/5/15-minute load averages, to judge how quiet the machine was."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that ``finally`` blocks stop the children."""

    def _exit(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


@contextlib.contextmanager
def warehouse_copy(workdir: Path, name: str) -> Iterator[Path]:
    """Yield a scratch copy of ``workdir``'s data directory (``var``, as web_bench.py builds
    it) migrated to the code's schema; remove it afterwards."""
    scratch = workdir / name
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(workdir / "var", scratch)
    subprocess.run([str(IB), "db", "upgrade"], check=True, stdout=subprocess.DEVNULL,
                   env=bench_env(IB_DATA_DIR=str(scratch)))  # fmt: skip
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
