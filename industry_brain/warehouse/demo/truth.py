"""The ground truth of a demo (``truth/``), kept apart from the import files.

``ground_truth.json`` lists the planted shocks and relocations, for backtesting the warning
and migration models, and the arrivals (outside enterprises that opened a branch in the
region, ``arrivals.py``), for backtesting the 招商 ranking; ``enterprise_nodes.csv`` gives
every enterprise's true chain node (or none), for evaluating the chain classifier on demo
data. Drops are fractions of the level the enterprise would otherwise have had (0.6 means it
fell by 60%).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from industry_brain.warehouse.demo.arrivals import Arrival
from industry_brain.warehouse.demo.events import MoveRecord
from industry_brain.warehouse.demo.months import period_text
from industry_brain.warehouse.demo.operations import Shock
from industry_brain.warehouse.demo.population import Enterprise

TRUTH_DIR = "truth"
GROUND_TRUTH = f"{TRUTH_DIR}/ground_truth.json"
NODES = f"{TRUTH_DIR}/enterprise_nodes.csv"


def _who(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "node_id": enterprise.sector.key if enterprise.sector.in_chain else None,
        "district_code": enterprise.region.code,
    }


def _shock(shock: Shock, months: list[date]) -> dict[str, Any]:
    return {
        **_who(shock.enterprise),
        "start_period": period_text(months[shock.start]),
        "drops": {
            "revenue_wan_yuan": shock.revenue_drop,
            "output_value_wan_yuan": shock.revenue_drop,
            "tax_wan_yuan": shock.revenue_drop,
            "electricity_kwh": shock.electricity_drop,
            "employees": round(shock.revenue_drop / 3.0, 3),
        },
        "employees_from_period": period_text(months[min(len(months) - 1, shock.start + 2)]),
    }


def _move(record: MoveRecord, months: list[date]) -> dict[str, Any]:
    move = record.relocation
    return {
        **_who(move.enterprise),
        "signal_period": period_text(months[move.signal]),
        "branch_opened_on": record.branch_on.isoformat(),
        "address_changed_on": record.address_changed_on.isoformat(),
        "moved_out_on": record.moved_on.isoformat(),
        "moved_out_period": period_text(months[move.moved]),
        "last_reported_period": period_text(months[move.moved - 1]),
        "destination_code": record.destination.region.code,
        "destination_name": record.destination.region.full_name,
        "floors": {
            "electricity_kwh": move.electricity_floor,
            "tax_wan_yuan": move.electricity_floor,
            "employees": move.employee_floor,
            "revenue_wan_yuan": move.revenue_floor,
        },
    }


def write_truth(
    out_dir: Path,
    seed: int,
    local: list[Enterprise],
    pool: list[Enterprise],
    months: list[date],
    shocks: list[Shock],
    moves: list[MoveRecord],
    arrivals: list[Arrival],
) -> tuple[str, ...]:
    """Write the truth files and return their paths relative to out_dir."""
    (out_dir / TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    truth = {
        "seed": seed,
        "first_period": period_text(months[0]),
        "end_period": period_text(months[-1]),
        "notes": (
            "Drops are fractions of the counterfactual level from start_period on. A "
            "relocating enterprise declines from signal_period and reports no operations "
            "from moved_out_period; floors are its levels at the end of the decline. An "
            "arrival is an outside enterprise that opened the branch branch_name in "
            "district_code on arrived_on; it stays registered outside the region."
        ),
        "anchors": [_who(e) for e in local if e.fate == "anchor"],
        "shocks": [_shock(shock, months) for shock in shocks],
        "relocations": [_move(record, months) for record in moves],
        "arrivals": [arrival.truth() for arrival in arrivals],
    }
    text = json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out_dir / GROUND_TRUTH).write_text(text, encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["uscc", "name", "local", "node_id", "stage", "sector", "industry_code"])
    for e in local + pool:
        node = e.sector.key if e.sector.in_chain else ""
        row = [e.uscc, e.name, "true" if e.local else "false", node, e.sector.stage or ""]
        writer.writerow([*row, e.sector.key, e.industry_code])
    (out_dir / NODES).write_text(buffer.getvalue(), encoding="utf-8")
    return GROUND_TRUTH, NODES


def read_ground_truth(data_dir: Path) -> dict[str, Any] | None:
    """Return the ground truth of the latest demo loaded into ``data_dir`` (its input folder
    ``demo-input/<run>/``), or None when no demo was."""
    files = sorted(data_dir.glob(f"demo-input/*/{GROUND_TRUTH}"), key=lambda p: p.stat().st_mtime)
    if not files:
        return None
    found: dict[str, Any] = json.loads(files[-1].read_text(encoding="utf-8"))
    return found
