#!/usr/bin/env bash
# Run every benchmark in order and print their figures (record them in docs/BENCHMARKS.md).
# Needs the dev virtualenv (make install-dev) and wrk (Debian: apt-get install -y wrk).
# Extra arguments are not passed on; run a script directly to change its options.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $($PY --version)"
echo
echo "== bench/cli_start.py"
"$PY" bench/cli_start.py
echo
echo "== bench/server_start.py"
"$PY" bench/server_start.py
echo
echo "== bench/http_load.py"
"$PY" bench/http_load.py
echo
echo "== bench/import_bench.py (needs about 17 GB free in /tmp)"
"$PY" bench/import_bench.py
echo
echo "== bench/web_bench.py (builds a 100,000-enterprise warehouse once, reused later)"
"$PY" bench/web_bench.py
echo
echo "== bench/monitor_bench.py (the same warehouse)"
"$PY" bench/monitor_bench.py
echo
echo "== bench/invest_bench.py"
"$PY" bench/invest_bench.py
echo
echo "== bench/policy_bench.py"
"$PY" bench/policy_bench.py
echo
echo "== bench/policy_save_bench.py (the web_bench.py warehouse)"
"$PY" bench/policy_save_bench.py --policies 200
echo
echo "== bench/report_bench.py (the web_bench.py warehouse)"
"$PY" bench/report_bench.py
