"""HTTP throughput under load, as a ratio against a bare ASGI app measured in the same run.

Three cases, each served by uvicorn in its own subprocess (one worker, the uvicorn settings of
``ib serve``: loopback, ``log_level="info"``, ``proxy_headers=True``, access log discarded):

(a) a bare ASGI callable answering ``{"status":"ok"}`` as JSON (no framework at all);
(b) the real app's ``GET /healthz``;
(c) the real app's ``GET /api/v1/accounts/organisations`` with a bearer token of a system
    admin, over a serving DB holding the operator and ``--orgs`` (default 50) enterprises.

The data directory is temporary: it is migrated and filled through the package's own actions
(a system admin who need not change the password, and the enterprises). For every case and
round a fresh server is started (so a stall cannot leak into the next case), a token is
obtained with ``POST /api/v1/auth/token`` when needed, one request is checked for a 200 and the
expected body, an untimed ``wrk`` warm-up runs (default 2 s), then the timed run:
``wrk -t2 -c50 -d10s --timeout 5s --latency`` (defaults; ``wrk`` must be installed, Debian
``apt-get install wrk``). A Lua ``done`` hook prints wrk's totals as JSON. After the run the
server is probed once (2 s timeout) to catch a server left stalled, then stopped (SIGTERM to its
process group, SIGKILL after 5 s). Cases run in order a, b, c for ``--rounds`` rounds (default
3); the script prints each round with its ratios (b)/(a) and (c)/(a) of requests per second
(paired in time), then the median of each case over the rounds and the ratios of the medians.
Servers are stopped on exit, error, Ctrl+C or SIGTERM. Default total: about 2.5 minutes.

Usage: ``.venv/bin/python bench/http_load.py [--duration 10] [--rounds 3] [--connections 50]``
(the ``--serve`` option is internal: it is how the script starts its own servers).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from _support import (
    HOST,
    PYTHON,
    Child,
    bench_env,
    exit_on_sigterm,
    free_port,
    get_status,
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
class Case:
    """One measured case: the server it needs, the path, and whether it needs a token."""

    label: str
    server: str  # "bare" or "real"
    path: str
    authenticated: bool
    expect: Callable[[Any, int], bool]  # (JSON body, enterprises in the DB) -> as expected?


CASES = (
    Case("(a) bare ASGI app", "bare", "/", False, lambda data, _: data == {"status": "ok"}),
    Case(
        "(b) app GET /healthz", "real", "/healthz", False, lambda data, _: data == {"status": "ok"}
    ),
    Case(
        "(c) app GET organisations (auth)",
        "real",
        ORGS_PATH,
        True,
        lambda data, orgs: isinstance(data, list) and len(data) == orgs + 1,
    ),
)


@dataclass(frozen=True)
class Result:
    """wrk's totals for one timed run, and whether the server still answered afterwards."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    answering_after: bool = True

    @property
    def rps(self) -> float:
        """Requests completed per second."""
        return self.requests / self.seconds


def run_wrk(
    url: str,
    headers: dict[str, str],
    *,
    script: Path,
    seconds: int,
    connections: int,
    threads: int,
) -> Result:
    """Load the URL with wrk for ``seconds``; return its totals."""
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
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
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
    try:
        wait_for_200(child, port, "/healthz" if which == "real" else "/", timeout=60.0)
    except BaseException:
        child.stop()
        raise
    return child, port


def measure_case(case: Case, *, data_dir: Path, script: Path, args: argparse.Namespace) -> Result:
    """Start a fresh server for the case, check it, warm it up, load it, probe it, stop it."""
    env = bench_env(IB_DATA_DIR=str(data_dir)) if case.server == "real" else bench_env()
    child, port = start_server(case.server, env)
    try:
        headers = {"Authorization": f"Bearer {issue_token(port)}"} if case.authenticated else {}
        status, body = request(port, "GET", case.path, headers=headers)
        if status != 200 or not case.expect(json.loads(body), args.orgs):
            raise RuntimeError(f"{case.label}: {case.path} answered {status}: {body[:300]!r}")
        url = f"http://{HOST}:{port}{case.path}"
        load = {"script": script, "connections": args.connections, "threads": args.threads}
        if args.warmup:
            run_wrk(url, headers, seconds=args.warmup, **load)
        result = run_wrk(url, headers, seconds=args.duration, **load)
        probe = "/healthz" if case.server == "real" else "/"
        answering = get_status(port, probe, timeout=2.0) == 200
        if child.exited():
            raise RuntimeError(f"{case.label}: server exited:\n{child.stderr_text()}")
        return replace(result, answering_after=answering)
    finally:
        child.stop()


def row(label: str, rps: float, p50_ms: float, p99_ms: float, non_2xx: int, errors: int) -> str:
    """Return one table row (latencies as "-" when no request completed)."""
    p50, p99 = (f"{ms:8.2f}" if rps else f"{'-':>8}" for ms in (p50_ms, p99_ms))
    return f"  {label:<34} {rps:9.0f} {p50} {p99} {non_2xx:8d} {errors:7d}"


HEADER = f"  {'target':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7}"


def ratios(a: float, b: float, c: float) -> str:
    """Return the (b)/(a) and (c)/(a) line."""
    if not a:
        return "  ratios: n/a (the bare app completed no request)"
    return f"  ratios (req/s): (b)/(a) {b / a:.3f}   (c)/(a) {c / a:.3f}"


def measure(args: argparse.Namespace) -> None:
    """Prepare the data, then per round load each case on a fresh server; print the figures."""
    with tempfile.TemporaryDirectory(prefix="ib-bench-load-") as folder:
        data_dir = Path(folder) / "var"
        prepare_data(data_dir, args.orgs)
        script = Path(folder) / "done.lua"
        script.write_text(WRK_DONE_LUA, encoding="utf-8")

        print(machine_load())
        print(
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout 5s, after a "
            f"{args.warmup}s warm-up, fresh server per case, {args.rounds} round(s); "
            f"the organisations list has {args.orgs + 1} rows"
        )
        results: dict[str, list[Result]] = {case.label: [] for case in CASES}
        for round_no in range(1, args.rounds + 1):
            print(f"round {round_no}")
            print(HEADER)
            for case in CASES:
                result = measure_case(case, data_dir=data_dir, script=script, args=args)
                results[case.label].append(result)
                print(
                    row(
                        case.label,
                        result.rps,
                        result.p50_ms,
                        result.p99_ms,
                        result.non_2xx,
                        result.socket_errors,
                    )
                )
                if not result.answering_after:
                    print(f"  ! {case.label}: server did not answer within 2 s after the run")
            a, b, c = (results[case.label][-1].rps for case in CASES)
            print(ratios(a, b, c))
        print(f"median of {args.rounds} round(s) (non-2xx and errors summed)")
        print(HEADER)
        medians = []
        for case in CASES:
            runs = results[case.label]
            medians.append(median([r.rps for r in runs]))
            done = [r for r in runs if r.requests] or runs
            print(
                row(
                    case.label,
                    medians[-1],
                    median([r.p50_ms for r in done]),
                    median([r.p99_ms for r in done]),
                    sum(r.non_2xx for r in runs),
                    sum(r.socket_errors for r in runs),
                )
            )
        print(ratios(*medians))
        stalls = sum(not r.answering_after for runs in results.values() for r in runs)
        print(f"  runs after which the server did not answer within 2 s: {stalls}")


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
        if args.port is None:
            parser.error("--serve needs --port")
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
    exit_on_sigterm()
    started = time.monotonic()
    measure(args)
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
