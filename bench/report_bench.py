"""评估 and its reports on the 100,000-enterprise warehouse of web_bench.py.

On a copy of the warehouse: evaluate every indicator system for a year (every binding over the
serving DB; median of 3 after a first run), then build and render the 自评报告 of Zhejiang and
Shandong as PDF and Word and the Jiangxi 调研报告 as Word (each timed once cold, then the
median of 3). Prints figures; asserts nothing.

Usage: ``.venv/bin/python bench/report_bench.py [--workdir DIR] [--year 2025]``
(the warehouse is built by ``bench/web_bench.py`` or ``bench/monitor_bench.py`` first).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _support import median, warehouse_copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ib-web-bench-100000"
    )
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with warehouse_copy(args.workdir, "report-run") as scratch:
        _measure(scratch, args.year)


def _timed(label: str, run: Callable[[], Any]) -> Any:
    """Run once cold, then three times; print both and return the last result."""
    started = time.perf_counter()
    result = run()
    cold = time.perf_counter() - started
    times = []
    for _ in range(3):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    print(f"{label}: first {cold:.2f} s, then median {median(times):.2f} s")
    return result


def _measure(data_dir: Path, year: int) -> None:
    os.environ["IB_DATA_DIR"] = str(data_dir)
    from sqlalchemy import text

    from industry_brain.db import Database
    from industry_brain.evaluation.reports.service import (
        render,
        research_document,
        self_assessment_document,
    )
    from industry_brain.evaluation.service import evaluate
    from industry_brain.evaluation.systems import all_systems
    from industry_brain.settings import Settings, prepare_settings

    database = Database.from_settings(prepare_settings(Settings()))
    with database.reader() as db:
        enterprises = db.execute(text("SELECT count(*) FROM ads_enterprise_profile")).scalar_one()
        print(f"warehouse: {enterprises} enterprises, year {year}")
        for system_id in sorted(all_systems()):
            found = _timed(f"evaluate {system_id}", lambda s=system_id: evaluate(db, s, year))
            counts = {status: sum(1 for v in found.values if v.status == status)
                      for status in ("measured", "manual", "missing")}  # fmt: skip
            print(f"  {len(found.values)} indicators: {counts}")
        for system_id in ("zhejiang-2025", "shandong-trial"):
            for fmt in ("pdf", "docx"):
                data = _timed(
                    f"自评报告 {system_id} {fmt} (evaluate, build, render)",
                    lambda s=system_id, f=fmt: render(
                        self_assessment_document(db, system_id=s, year=year), f
                    ),
                )
                print(f"  {len(data) / 1024:.0f} KB")
        data = _timed("调研报告 docx (collect, build, render)",
                      lambda: render(research_document(db, year=year), "docx"))  # fmt: skip
        print(f"  {len(data) / 1024:.0f} KB")
    database.dispose()


if __name__ == "__main__":
    main()
