"""Each signal and the score on the small dataset, by hand (see dataset.py), and the cutoff
version that must not see later data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from industry_brain.relocation import signals as s
from industry_brain.relocation.places import prepare_places
from industry_brain.relocation.scoring import RISK, latest_month, risk_sql, write_risk
from tests.relocation.dataset import (
    GONE,
    HEFEI,
    IDLE,
    MOVING,
    MOVING_BRANCH,
    NEW,
    SILENT,
    ZERO,
    add_events,
    add_operations,
    build_lake,
)

DECEMBER, AUGUST = date(2024, 12, 1), date(2024, 8, 1)


@pytest.fixture
def lake(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The dataset's lake with its event texts located."""
    con = build_lake(tmp_path / "lake.duckdb")
    prepare_places(con)
    return con


def scores(con: duckdb.DuckDBPyConnection, cutoff: date) -> dict[str, tuple[Any, ...]]:
    """uscc → (score, level, [(signal, value, points)]) as of the cutoff."""
    rows = con.execute(risk_sql(cutoff)).fetchall()
    assert all(row[1] == cutoff for row in rows)
    found = {}
    for uscc, _, score, level, signals in rows:
        items = [(x["signal"], x["value"], x["points"]) for x in json.loads(signals)]
        found[uscc] = (score, level, items)
    return found


def test_every_signal_and_score_as_of_december(lake: duckdb.DuckDBPyConnection) -> None:
    found = scores(lake, DECEMBER)
    assert set(found) == {MOVING, IDLE, NEW, ZERO, SILENT}  # not GONE, CLOSED, OUTSIDE
    assert found[MOVING] == (
        100.0,  # 105.8 capped
        "红",
        [
            ("address_out", HEFEI, 30.0),
            ("branch_out", MOVING_BRANCH, 25.0),
            ("electricity_drop", -60.0, 20.0),
            ("tax_drop", -40.0, 7.5),
            ("employees_drop", -30.0, 13.3),
            ("production_shift", -50.0, 10.0),
        ],
    )
    assert found[IDLE] == (
        42.5,
        "黄",
        [
            ("status_change", "停业", 20.0),
            ("electricity_drop", -45.0, 12.5),  # Oct and Dec only: November is a gap
            ("production_shift", -45.0, 10.0),
        ],
    )
    assert found[NEW] == (0.0, None, [])
    assert found[ZERO] == (20.0, "蓝", [("electricity_drop", -100.0, 20.0)])
    assert found[SILENT] == (10.0, None, [("reporting_stopped", None, 10.0)])


def test_the_state_at_an_earlier_cutoff_is_rebuilt_from_later_events(
    lake: duckdb.DuckDBPyConnection,
) -> None:
    found = scores(lake, AUGUST)
    # GONE was still registered here; MOVING's address was still local.
    assert set(found) == {MOVING, IDLE, NEW, GONE, ZERO, SILENT}
    assert found[MOVING] == (25.0, "蓝", [("branch_out", MOVING_BRANCH, 25.0)])
    assert found[IDLE] == (20.0, "蓝", [("status_change", "停业", 20.0)])
    # The 苏州 branch was closed only in September.
    assert found[NEW][0:2] == (25.0, "蓝")
    assert [found[code][0] for code in (GONE, ZERO, SILENT)] == [0.0, 0.0, 0.0]


def test_the_cutoff_version_ignores_later_data(lake: duckdb.DuckDBPyConnection) -> None:
    before = {cutoff: scores(lake, cutoff) for cutoff in (AUGUST, DECEMBER)}
    add_operations(lake, [(IDLE, "2025-01", 10, 0, 1, 5), (ZERO, "2025-01", 50, 9, 800, 20)])
    add_events(
        lake,
        [
            (IDLE, "设立分支机构", "2025-01-05", None, "常州乙电子有限公司杭州分公司"),
            (NEW, "地址变更", "2025-01-06", "江苏省常州市新北区通江中路9号", HEFEI),
            (MOVING, "迁出", "2025-01-07", "江苏省常州市武进区", "安徽省合肥市蜀山区"),
            (ZERO, "状态变更", "2024-12-31", "在业", "歇业"),  # known in December
        ],
    )
    prepare_places(lake)
    after = {cutoff: scores(lake, cutoff) for cutoff in (AUGUST, DECEMBER)}
    assert after[AUGUST] == before[AUGUST]
    assert {k: v for k, v in after[DECEMBER].items() if k != ZERO} == {
        k: v for k, v in before[DECEMBER].items() if k != ZERO
    }
    assert after[DECEMBER][ZERO][0] == 40.0  # the one event dated in December counts
    january = scores(lake, date(2025, 1, 1))  # the later rows do change a later score
    assert MOVING not in january
    assert ("branch_out", "常州乙电子有限公司杭州分公司", 25.0) in january[IDLE][2]
    assert january[NEW][0] >= 30.0


def test_one_month_of_history_gaps_zeros_and_negatives_raise_no_false_signals(
    lake: duckdb.DuckDBPyConnection,
) -> None:
    lake.execute("DELETE FROM dwd.events")
    lake.execute("DELETE FROM dwd.operations WHERE uscc <> ?", [ZERO])
    # ZERO: negative tax a year before, zero revenue now; a single month for NEW.
    add_operations(lake, [(NEW, "2024-12", -3, -1, 0, 0)])
    found = scores(lake, DECEMBER)
    assert found[NEW] == (0.0, None, [])
    assert found[ZERO] == (20.0, "蓝", [("electricity_drop", -100.0, 20.0)])
    assert all(level in (None, "蓝") for _, level, _ in found.values())


def test_write_risk_is_the_contract_table_as_of_the_latest_month(
    lake: duckdb.DuckDBPyConnection,
) -> None:
    cutoff = latest_month(lake)
    assert cutoff == DECEMBER
    assert write_risk(lake, cutoff=cutoff) == 5
    columns = lake.execute(f"DESCRIBE {RISK}").fetchall()
    assert [(c[0], c[1]) for c in columns] == [
        ("uscc", "VARCHAR"),
        ("as_of", "DATE"),
        ("score", "DOUBLE"),
        ("level", "VARCHAR"),
        ("signals", "VARCHAR"),
    ]
    top = lake.execute(f"SELECT uscc, signals FROM {RISK} LIMIT 1").fetchone()
    assert top is not None and top[0] == MOVING
    assert set(json.loads(top[1])[0]) == {"signal", "label", "value", "points"}


def test_latest_month_follows_events_but_never_passes_today(
    lake: duckdb.DuckDBPyConnection,
) -> None:
    add_events(lake, [(IDLE, "名称变更", "2025-02-03", "甲", "乙")])
    assert latest_month(lake) == date(2025, 2, 1)
    add_events(lake, [(IDLE, "名称变更", "2999-01-01", "乙", "丙")])
    today = date.today()
    assert latest_month(lake) == date(today.year, today.month, 1)


@pytest.mark.parametrize(
    ("change", "points"),
    [(None, 0.0), (-10.0, 0.0), (-20.0, 0.0), (-45.0, 12.5), (-60.0, 20.0), (-250.0, 20.0),
     (35.0, 0.0)],
)  # fmt: skip
def test_drop_points_rule(change: float | None, points: float) -> None:
    assert s.drop_points(s.ELECTRICITY, change) == points


@pytest.mark.parametrize(
    ("score", "level"), [(100, "红"), (70, "红"), (69.9, "橙"), (50, "橙"), (30, "黄"), (15, "蓝"),
                         (14.9, None), (0, None)]
)  # fmt: skip
def test_levels(score: float, level: str | None) -> None:
    assert s.level_of(score) == level
