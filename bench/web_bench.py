"""Web figures on a generated warehouse (default 100,000 enterprises × 36 months).

1. Latency of each cockpit panel's API, the enterprise profile, the search and the list behind
   the drill-downs: sequential requests from one client over keep-alive on loopback (server time
   plus about 0.2 ms of loopback), p50/p95/max; ``/healthz`` alongside as the floor.
2. Throughput at ``--connections`` (default 50) with wrk, for /healthz and the same endpoints
   (random paths from a list for the profile and search), each as a ratio against /healthz in
   the same run.
3. Page load in headless Chromium (Debian's, driven by Playwright): the cockpit from navigation
   to every chart of every panel drawn (a canvas with a non-zero size in each chart holder),
   and the profile page to its charts drawn; median of ``--loads`` loads.

The warehouse is built once under ``--workdir`` (files, ``ib import`` each, ``ib pipeline run``;
see ``_web_data.py``) and reused by later runs; ``--rebuild`` starts again. One ``ib serve``
process (one worker, as ``make run`` serves) answers everything.

Usage: ``.venv/bin/python bench/web_bench.py [--enterprises 100000] [--months 36]
[--requests 200] [--duration 10] [--connections 50] [--loads 5] [--no-browser]``
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import _web_data
from _support import HOST, IB, Child, bench_env, free_port, machine_load, percentile, wait_for_200
from http_load import WRK_DONE_LUA, Result, run_wrk

TARGET_MS = 50.0
COCKPIT_DRAWN_JS = """() => {
  const holders = [...document.querySelectorAll('.panel [data-chart], .panel [data-map]')];
  return holders.length > 0 && holders.every(h => {
    const c = h.querySelector('canvas');
    return c && c.width > 0 && c.height > 0;
  });
}"""
PROFILE_DRAWN_JS = """() => {
  const charts = [...document.querySelectorAll('main [data-chart], main .chart')];
  return charts.length > 0 && charts.every(h => {
    const c = h.querySelector('canvas');
    return c && c.width > 0 && c.height > 0;
  });
}"""


class Client:
    """One keep-alive connection to the server, with the bench user's token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        form = urllib.parse.urlencode(
            {"username": _web_data.GOV_USER, "password": _web_data.GOV_PASSWORD}
        )
        status, body = self.call(
            "POST", "/api/v1/auth/token", form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        if status != 200:
            raise RuntimeError(f"login answered {status}: {body[:200]!r}")
        self.headers = {"Authorization": f"Bearer {json.loads(body)['access_token']}"}

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Send one request on the kept connection; return the status and body."""
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, response.read()

    def timed(self, path: str) -> float:
        """GET the path; return milliseconds, refusing anything but 200."""
        started = time.perf_counter()
        status, body = self.call("GET", path, headers=self.headers)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
        return elapsed


def samples(data_dir: Path, count: int) -> dict[str, list[str]]:
    """Return paths to measure: profiles, searches and drill-down lists (seeded choices)."""
    rng = random.Random(20261202)
    con = sqlite3.connect(data_dir / "serving.db")
    try:
        codes = [r[0] for r in con.execute("SELECT uscc FROM ads_enterprise_profile ORDER BY uscc")]
        names = [r[0] for r in con.execute("SELECT name FROM ads_enterprise_names ORDER BY uscc")]
        former = [
            r[0]
            for r in con.execute(
                "SELECT name FROM ads_enterprise_names WHERE NOT is_current ORDER BY uscc"
            )
        ]
        latest = con.execute("SELECT max(period) FROM ads_cluster_month").fetchone()[0][:7]
    finally:
        con.close()
    queries: list[str] = []
    for _ in range(count):
        name = rng.choice(names)
        kind = rng.randrange(5)
        if kind == 0:
            queries.append(rng.choice(former) if former else name)
        elif kind == 1:
            queries.append(rng.choice(codes)[: rng.randint(6, 18)])
        elif kind == 2:  # a typo: one character replaced
            spot = rng.randrange(len(name))
            queries.append(name[:spot] + "鑫" + name[spot + 1 :])
        else:
            start = rng.randrange(max(1, len(name) - 4))
            queries.append(name[start : start + rng.randint(2, 4)])
    lists = [
        "/api/v1/enterprises?local=true",
        f"/api/v1/enterprises?local=true&period={latest}",
        "/api/v1/enterprises?region=320412",
        "/api/v1/enterprises?tag=%E9%AB%98%E6%96%B0%E6%8A%80%E6%9C%AF%E4%BC%81%E4%B8%9A",
    ]
    return {
        "profile": [f"/api/v1/enterprises/{code}" for code in rng.sample(codes, count)],
        "search": [
            "/api/v1/enterprises/search?" + urllib.parse.urlencode({"q": q}) for q in queries
        ],
        "list": [lists[i % len(lists)] for i in range(count)],
    }


def latency_table(client: Client, paths: dict[str, list[str]]) -> None:
    """Print p50/p95/max of each case, measured one request at a time."""
    print(f"  {'case':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target")
    for label, case_paths in paths.items():
        client.timed(case_paths[0])  # warm: caches and the first connection of the pool
        times = [client.timed(path) for path in case_paths]
        met = percentile(times, 95) <= TARGET_MS
        target = "" if label == "/healthz" else ("met" if met else "NOT met")
        print(
            f"  {label:<44} {len(times):>5} {percentile(times, 50):8.1f} "
            f"{percentile(times, 95):8.1f} {max(times):8.1f}  {target}"
        )


def throughput(port: int, client: Client, paths: dict[str, list[str]], args: argparse.Namespace,
               folder: Path) -> None:  # fmt: skip
    """Print wrk's requests per second for each case and its ratio against /healthz."""
    print(f"  {'case':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}  ratio")
    base: float | None = None
    for label, case_paths in paths.items():
        script = folder / "paths.lua"
        listed = ", ".join(json.dumps(p) for p in case_paths)
        script.write_text(
            f"local paths = {{{listed}}}\nlocal i = 0\nrequest = function()\n"
            "  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n" + WRK_DONE_LUA,
            encoding="utf-8",
        )
        url = f"http://{HOST}:{port}/"
        load = {"script": script, "connections": args.connections, "threads": 2}
        run_wrk(url, client.headers, seconds=2, **load)
        result: Result = run_wrk(url, client.headers, seconds=args.duration, **load)
        base = base or result.rps
        print(
            f"  {label:<44} {result.rps:8.0f} {result.p50_ms:8.1f} {result.p99_ms:8.1f} "
            f"{result.non_2xx:8d}  {result.rps / base:.3f}"
        )


def page_loads(port: int, profile: str, loads: int) -> None:
    """Print the median time to a drawn cockpit and a drawn profile in headless Chromium."""
    from playwright.sync_api import sync_playwright

    url = f"http://{HOST}:{port}"
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
        page.goto(f"{url}/login")
        page.get_by_label("用户名").fill(_web_data.GOV_USER)
        page.get_by_label("密码").fill(_web_data.GOV_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{url}/")
        for label, path, drawn in (
            ("cockpit /cockpit", "/cockpit", COCKPIT_DRAWN_JS),
            ("profile " + profile, profile, PROFILE_DRAWN_JS),
        ):
            times = []
            for _ in range(loads):
                page.goto(f"{url}{path}", wait_until="commit")
                page.wait_for_function(drawn, timeout=30_000)
                times.append(page.evaluate("performance.now()"))
            print(f"  {label:<44} median {sorted(times)[len(times) // 2]:7.0f} ms "
                  f"(min {min(times):.0f}, max {max(times):.0f}, {loads} loads)")  # fmt: skip
        browser.close()


def main() -> None:
    """Build or reuse the warehouse, serve it, and print the three sets of figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--workdir", type=Path, help="default: /tmp/ib-web-bench-<enterprises>")
    parser.add_argument("--rebuild", action="store_true", help="build the warehouse again")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per case")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--loads", type=int, default=5, help="page loads per page")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: install it (Debian: apt-get install -y wrk) and run again")
    workdir = args.workdir or Path(tempfile.gettempdir()) / f"ib-web-bench-{args.enterprises}"
    if args.rebuild:
        shutil.rmtree(workdir, ignore_errors=True)
    print(machine_load())
    data_dir = _web_data.build(workdir, enterprises=args.enterprises, months=args.months)
    port = free_port()
    server = Child([IB, "serve", "--port", str(port)], env=bench_env(IB_DATA_DIR=str(data_dir)))
    try:
        wait_for_200(server, port, "/healthz", timeout=60.0)
        client = Client(port)
        status, body = client.call("GET", "/api/v1/cockpit/panels", headers=client.headers)
        panels = [panel["id"] for panel in json.loads(body)]
        paths: dict[str, list[str]] = {"/healthz": ["/healthz"] * args.requests}
        for panel in panels:
            paths[f"panel {panel}"] = [f"/api/v1/cockpit/panels/{panel}"] * args.requests
        paths.update(samples(data_dir, args.requests))
        print(f"1. sequential latency, one client, {args.requests} requests per case")
        latency_table(client, paths)
        print(f"2. throughput: wrk -t2 -c{args.connections} -d{args.duration}s after 2 s warm-up")
        with tempfile.TemporaryDirectory(prefix="ib-web-bench-") as folder:
            throughput(port, client, paths, args, Path(folder))
        if not args.no_browser:
            print(f"3. page load to charts drawn, headless Chromium, 1440x900, {args.loads} loads")
            page_loads(port, paths["profile"][0].replace("/api/v1", ""), args.loads)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
