"""HTTP throughput under load, as a ratio against a bare ASGI app measured in the same run.

Three targets, each served by uvicorn in its own subprocess (one worker, the same uvicorn
settings as ``ib serve``: loopback, ``log_level="info"``, ``proxy_headers=True``):

(a) a bare ASGI callable answering ``{"status":"ok"}`` as JSON (no framework at all);
(b) the real app's ``GET /healthz``;
(c) the real app's ``GET /api/v1/accounts/organisations`` with a bearer token of a system
    admin, over a serving DB holding the operator and ``--orgs`` (default 50) enterprises.

The data directory is temporary: it is migrated and filled through the package's own actions,
and the token is obtained with ``POST /api/v1/auth/token``. Each target is checked once for a
200 and the expected body, warmed up with a short untimed ``wrk`` run, then loaded with
``wrk -t2 -c50 -d10s --latency`` (defaults; ``wrk`` must be installed: ``apt-get install wrk``).
A Lua ``done`` hook prints wrk's totals as JSON. The three are measured in order a, b, c for
``--rounds`` rounds (default 3); the script prints each round, the median of each target over
the rounds, and the ratios (b)/(a) and (c)/(a) of requests per second (also per round, where
they are paired in time). Servers are stopped (SIGTERM to their process group, SIGKILL after
5 s) on exit, error, Ctrl+C or SIGTERM.

Usage: ``.venv/bin/python bench/http_load.py [--duration 10] [--rounds 3] [--connections 50]``
(the ``--serve`` option is internal: it is how the script starts its own servers).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from _support import (
    HOST,
    PYTHON,
    Child,
    bench_env,
    free_port,
    machine_load,
    median,
    wait_for_200,
)

# The uvicorn settings of `ib serve` (industry_brain/cli.py), used for every server here.
UVICORN_SETTINGS: dict[str, Any] = {"host": HOST, "log_level": "info", "proxy_headers": True}
ORGS_PATH = "/api/v1/accounts/organisations"
USERNAME = "benchadmin"
PASSWORD = "Bench-Horse-42x"
BARE_BODY = b'{"status":"ok"}'

# wrk calls done() once at the end; latencies are in microseconds.
WRK_DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"connect\\": %d, \\"read\\": %d, "
    .. "\\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, \\"p50_us\\": %d, "
    .. "\\"p90_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The baseline: a raw ASGI app that answers every request with a small JSON body."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    headers = [(b"content-type", b"application/json"), (b"content-length", b"15")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BARE_BODY})


def serve(which: str, port: int) -> None:
    """Run one server in this process (the child side of ``--serve``)."""
    import uvicorn

    if which == "bare":
        uvicorn.run(bare_app, port=port, **UVICORN_SETTINGS)
        return
    from industry_brain.app import create_app
    from industry_brain.settings import Settings, prepare_settings

    uvicorn.run(create_app(prepare_settings(Settings())), port=port, **UVICORN_SETTINGS)


def prepare_data(data_dir: Path, orgs: int) -> None:
    """Migrate a serving DB in ``data_dir``; add the operator, a system admin and ``orgs`` firms."""
    from industry_brain import migrate
    from industry_brain.accounts import actions
    from industry_brain.accounts.bootstrap import operator_organisation
    from industry_brain.accounts.principal import Principal
    from industry_brain.accounts.roles import OrgType, Role
    from industry_brain.accounts.schemas import OrganisationCreate, UserCreate
    from industry_brain.db import Database
    from industry_brain.enterprise.uscc import check_character
    from industry_brain.settings import Settings, prepare_settings

    database = Database.from_settings(prepare_settings(Settings(data_dir=data_dir)))
    try:
        migrate.upgrade(database.engine)
        actor = Principal.system("bench")
        with database.writer() as db:
            operator = operator_organisation(db)
            admin = UserCreate(
                org_id=operator.id,
                username=USERNAME,
                display_name="基准测试管理员",
                password=PASSWORD,
                roles=[Role.SYSTEM_ADMIN],
            )
            actions.do_create_user(db, actor=actor, data=admin, must_change_password=False)
            for serial in range(1, orgs + 1):
                body = f"91330100MA{serial:07d}"
                firm = OrganisationCreate(
                    name=f"基准企业{serial:03d}有限公司",
                    org_type=OrgType.ENTERPRISE,
                    uscc=body + check_character(body),
                    region_code="330100",
                )
                actions.do_create_organisation(db, actor=actor, data=firm)
    finally:
        database.dispose()


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str]
) -> tuple[int, bytes]:
    """Send one request to the loopback port; return the status and body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def issue_token(port: int) -> str:
    """Log the bench admin in through the API; return the bearer token."""
    form = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD}).encode()
    status, body = request(
        port,
        "POST",
        "/api/v1/auth/token",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 200:
        raise RuntimeError(f"token request answered {status}: {body[:300]!r}")
    token: str = json.loads(body)["access_token"]
    return token


@dataclass(frozen=True)
class Target:
    """One thing to load: a label, the server port, the path and extra request headers."""

    label: str
    port: int
    path: str
    headers: dict[str, str]

    def url(self) -> str:
        """Return the URL wrk loads."""
        return f"http://{HOST}:{self.port}{self.path}"


@dataclass(frozen=True)
class Result:
    """wrk's totals for one timed run."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        """Requests completed per second."""
        return self.requests / self.seconds


def check(target: Target, expect: Callable[[Any], bool]) -> None:
    """Fail unless one request to the target answers 200 with JSON that ``expect`` accepts."""
    status, body = request(target.port, "GET", target.path, headers=target.headers)
    if status != 200 or not expect(json.loads(body)):
        raise RuntimeError(f"{target.label}: {target.path} answered {status}: {body[:300]!r}")


def run_wrk(
    target: Target, *, script: Path, seconds: int, connections: int, threads: int
) -> Result:
    """Load the target with wrk for ``seconds``; return its totals."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
    ]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(target.url())
    completed = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    line = next(
        (line for line in completed.stdout.splitlines() if line.startswith("WRKJSON ")), None
    )
    if line is None:
        raise RuntimeError(f"no totals in wrk output:\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non_2xx=data["status"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
    )


def start_server(which: str, env: dict[str, str]) -> tuple[Child, int]:
    """Start a ``--serve`` child on a free port; return it and the port once it answers."""
    port = free_port()
    child = Child(
        [PYTHON, Path(__file__).resolve(), "--serve", which, "--port", str(port)], env=env
    )
    probe = "/healthz" if which == "real" else "/"
    wait_for_200(child, port, probe, timeout=60.0)
    return child, port


def row(label: str, rps: float, p50_ms: float, p99_ms: float, non_2xx: int, errors: int) -> str:
    """Return one table row."""
    return f"  {label:<34} {rps:9.0f} {p50_ms:8.2f} {p99_ms:8.2f} {non_2xx:8d} {errors:7d}"


HEADER = f"  {'target':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7}"


def measure(args: argparse.Namespace) -> None:
    """Prepare the data, start the servers, load each target and print the figures."""
    children: dict[str, Child] = {}
    with tempfile.TemporaryDirectory(prefix="ib-bench-load-") as folder:
        try:
            data_dir = Path(folder) / "var"
            prepare_data(data_dir, args.orgs)
            script = Path(folder) / "done.lua"
            script.write_text(WRK_DONE_LUA, encoding="utf-8")

            children["bare"], bare_port = start_server("bare", bench_env())
            real_env = bench_env(IB_DATA_DIR=str(data_dir))
            children["real"], real_port = start_server("real", real_env)
            auth = {"Authorization": f"Bearer {issue_token(real_port)}"}
            targets = [
                Target("(a) bare ASGI app", bare_port, "/", {}),
                Target("(b) app GET /healthz", real_port, "/healthz", {}),
                Target("(c) app GET organisations (auth)", real_port, ORGS_PATH, auth),
            ]
            check(targets[0], lambda data: data == {"status": "ok"})
            check(targets[1], lambda data: data == {"status": "ok"})
            check(targets[2], lambda data: isinstance(data, list) and len(data) == args.orgs + 1)

            print(machine_load())
            print(
                f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
                f"(after {args.warmup}s warm-up), {args.rounds} round(s); "
                f"organisations list returns {args.orgs + 1} rows"
            )
            results: dict[str, list[Result]] = {target.label: [] for target in targets}
            for round_no in range(1, args.rounds + 1):
                print(f"round {round_no}")
                print(HEADER)
                for target in targets:
                    load = {"connections": args.connections, "threads": args.threads}
                    if args.warmup:
                        run_wrk(target, script=script, seconds=args.warmup, **load)
                    result = run_wrk(target, script=script, seconds=args.duration, **load)
                    results[target.label].append(result)
                    print(
                        row(
                            target.label,
                            result.rps,
                            result.p50_ms,
                            result.p99_ms,
                            result.non_2xx,
                            result.socket_errors,
                        )
                    )
                a, b, c = (results[target.label][-1].rps for target in targets)
                print(f"  ratios (req/s): (b)/(a) {b / a:.2f}   (c)/(a) {c / a:.2f}")
            print(f"median of {args.rounds} round(s)")
            print(HEADER)
            medians = {}
            for target in targets:
                runs = results[target.label]
                medians[target.label] = median([r.rps for r in runs])
                print(
                    row(
                        target.label,
                        medians[target.label],
                        median([r.p50_ms for r in runs]),
                        median([r.p99_ms for r in runs]),
                        sum(r.non_2xx for r in runs),
                        sum(r.socket_errors for r in runs),
                    )
                )
            a, b, c = (medians[target.label] for target in targets)
            print(f"  ratios (req/s): (b)/(a) {b / a:.2f}   (c)/(a) {c / a:.2f}")
            print("  (non-2xx and errors are summed over the rounds)")
            for name, child in children.items():
                if child.exited():
                    print(f"warning: server {name} exited early:\n{child.stderr_text()}")
        finally:
            for child in children.values():
                child.stop()


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop servers


def main() -> None:
    """Parse the options; measure, or serve when started with ``--serve``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds per timed run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of untimed warm-up")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of a, b, c (default 3)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--orgs", type=int, default=50, help="enterprises in the serving DB")
    parser.add_argument("--serve", choices=["bare", "real"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve:
        serve(args.serve, args.port)
        return
    limits = {
        "duration": (1, 120),
        "warmup": (0, 30),
        "rounds": (1, 10),
        "connections": (1, 1000),
        "threads": (1, 16),
        "orgs": (0, 10_000),
    }
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name} must be between {low} and {high}")
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: install it (Debian: apt-get install -y wrk) and run again")
    signal.signal(signal.SIGTERM, _terminate)
    started = time.monotonic()
    measure(args)
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
