"""The demo's arrivals: outside enterprises opening a branch in 常州, the 招商 backtest's truth."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from industry_brain.relocation.places import branch_place, locate, relation
from industry_brain.warehouse.demo import DemoManifest, generate_demo
from industry_brain.warehouse.demo import generator as demo_generator
from industry_brain.warehouse.demo.places import CITY_CODE, DISTRICT_CODES
from tests.warehouse.test_demo import read_rows

SEED = 11
ACTIVE = ("存续", "在业")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 local and 600 outside enterprises: round(600 × 1.2%) = 7 arrivals."""
    out = tmp_path_factory.mktemp("arrivals")
    generate_demo(out, enterprises=150, outside=600, seed=SEED)
    return out


def _arrivals(directory: Path) -> list[dict[str, Any]]:
    truth: dict[str, Any] = json.loads((directory / "truth/ground_truth.json").read_text())
    found: list[dict[str, Any]] = truth["arrivals"]
    return found


def _nodes(directory: Path) -> list[dict[str, str]]:
    with (directory / "truth/enterprise_nodes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_arrivals_are_deterministic_and_disturb_no_other_file(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_demo(tmp_path / "again", enterprises=150, outside=600, seed=SEED)
    assert _files(tmp_path / "again") == _files(demo)
    generate_demo(tmp_path / "other", enterprises=150, outside=600, seed=SEED + 1)
    ours = {a["uscc"] for a in _arrivals(demo)}
    assert len(ours) == 7
    assert ours.isdisjoint(a["uscc"] for a in _arrivals(tmp_path / "other"))
    monkeypatch.setattr(demo_generator, "plant_arrivals", lambda *args: [])
    generate_demo(tmp_path / "none", enterprises=150, outside=600, seed=SEED)
    without, with_arrivals = _files(tmp_path / "none"), _files(demo)
    changed = {name for name in with_arrivals if with_arrivals[name] != without[name]}
    assert changed == {"events.csv", "manifest.json", "truth/ground_truth.json"}
    assert _arrivals(tmp_path / "none") == []


def test_an_empty_pool_has_no_arrival(tmp_path: Path) -> None:
    generate_demo(tmp_path, enterprises=20, outside=0, seed=SEED)
    assert _arrivals(tmp_path) == []


def test_arrivals_are_active_outside_enterprises_of_their_true_node(demo: Path) -> None:
    manifest = DemoManifest.read(demo)
    _, outside = read_rows(demo, manifest.file("registry_outside.csv"))
    _, local = read_rows(demo, manifest.file("registry_changzhou.xlsx"))
    registry = {row[0]: row for row in outside}
    local_codes = {row[0] for row in local}
    nodes = {row["uscc"]: row for row in _nodes(demo)}
    for arrival in _arrivals(demo):
        row = registry[arrival["uscc"]]
        assert arrival["uscc"] not in local_codes and nodes[arrival["uscc"]]["local"] == "false"
        assert row[1] == arrival["name"] and row[7] in ACTIVE
        assert not row[4].startswith("江苏省常州市")  # the registered address stays outside
        assert relation(locate([row[4]], CITY_CODE)[0], CITY_CODE) is True
        assert arrival["node_id"] and arrival["node_id"] == nodes[arrival["uscc"]]["node_id"]
        assert date.fromisoformat(row[2]) < date.fromisoformat(arrival["arrived_on"])


def test_branches_are_inside_the_region_and_dated_in_the_last_18_months(demo: Path) -> None:
    manifest = DemoManifest.read(demo)
    assert (manifest.first_period, manifest.end_period) == ("2023-10", "2026-09")
    arrivals = _arrivals(demo)
    places = [branch_place(a["branch_name"]) for a in arrivals]
    codes = locate(places, CITY_CODE)
    assert all(relation(code, CITY_CODE) is False for code in codes), places
    for arrival in arrivals:
        assert arrival["branch_name"].startswith(arrival["name"])
        assert arrival["district_code"] in DISTRICT_CODES
        assert "2025-04-01" <= arrival["arrived_on"] <= "2026-09-30"
    assert [a["arrived_on"] for a in arrivals] == sorted(a["arrived_on"] for a in arrivals)


def test_each_arrival_has_its_branch_event_in_events_csv(demo: Path) -> None:
    manifest = DemoManifest.read(demo)
    entry = manifest.file("events.csv")
    _, rows = read_rows(demo, entry)
    bad = {b.row for b in entry.bad_rows}
    good = [row for number, row in enumerate(rows, start=2) if number not in bad]
    outside = {row["uscc"] for row in _nodes(demo) if row["local"] == "false"}
    events = [row for row in good if row[0] in outside]
    expected = [
        [a["uscc"], "设立分支机构", a["arrived_on"], "", a["branch_name"]] for a in _arrivals(demo)
    ]
    assert sorted(events) == sorted(expected)


def _factors(directory: Path) -> tuple[list[bool], list[bool], list[bool], list[bool]]:
    """Return, for the active outside chain enterprises and for the arrivals, whether each
    is in a weak node (fewer local enterprises than the median node) and trades locally."""
    manifest = DemoManifest.read(directory)
    nodes = _nodes(directory)
    counts = Counter(n["node_id"] for n in nodes if n["local"] == "true" and n["node_id"])
    weak = {node for node, count in counts.items() if count < statistics.median(counts.values())}
    _, registry = read_rows(directory, manifest.file("registry_outside.csv"))
    active = {row[0] for row in registry if row[7] in ACTIVE}
    pool = {n["uscc"]: n["node_id"] for n in nodes if n["uscc"] in active and n["node_id"]}
    local = {n["uscc"] for n in nodes if n["local"] == "true"}
    _, relations = read_rows(directory, manifest.file("relations.csv"))
    linked = {r[0] for r in relations if r[1] in local} | {r[1] for r in relations if r[0] in local}
    arrived = [a["uscc"] for a in _arrivals(directory)]
    return (
        [pool[u] in weak for u in pool],
        [pool[u] in weak for u in arrived],
        [u in linked for u in pool],
        [u in linked for u in arrived],
    )


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags)


def test_arrivals_favour_weak_nodes_and_enterprises_trading_locally(tmp_path: Path) -> None:
    pool_weak: list[bool] = []
    arrived_weak: list[bool] = []
    pool_linked: list[bool] = []
    arrived_linked: list[bool] = []
    for seed in (1, 2, 3):
        generate_demo(tmp_path / str(seed), enterprises=600, outside=2500, seed=seed)
        a, b, c, d = _factors(tmp_path / str(seed))
        pool_weak += a
        arrived_weak += b
        pool_linked += c
        arrived_linked += d
    assert len(arrived_weak) == 90  # 3 × round(2500 × 1.2%)
    assert _share(arrived_weak) >= _share(pool_weak) + 0.15
    assert _share(arrived_linked) >= 2 * _share(pool_linked)
    # Noise: a good ranking finds many arrivals, not all — some are in strong nodes, unlinked.
    assert not all(w or k for w, k in zip(arrived_weak, arrived_linked, strict=True))
