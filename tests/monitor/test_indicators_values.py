"""Indicator values computed by the pipeline on the monitor cluster, checked by hand.

Figures of 2025-03 (A, B, C, D report; E is outside the cluster): revenue 120 + 40 + 30 + 10.
Growth compares like with like: D has no 2024-03 and B no 2025-01 or 2024-02.
"""

from __future__ import annotations

import pytest

from industry_brain import lake
from tests.monitor.conftest import MonitorApp
from tests.monitor.monitor_data import CLUSTER, CLUSTER_NAME, TEMPLATE, WUJIN, XINBEI

Key = tuple[str, str, str]  # dimension, member, period


def _values(app: MonitorApp, indicator: str) -> dict[Key, float | None]:
    with lake.connect(app.settings, read_only=True) as con:
        rows = con.execute(
            "SELECT dimension, member, strftime(period, '%Y-%m'), value "
            "FROM monitor.indicator_values WHERE indicator_id = ?",
            [indicator],
        ).fetchall()
    return {(d, m, p): v for d, m, p, v in rows}


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ("reporting", 4),
        ("above_scale", 2),
        ("revenue", 200),
        ("output", 168),
        ("tax", 12.05),
        ("electricity", 1550),
        # Like for like: A, B, C (D has no 2024-03): 190 / 180.
        ("revenue_yoy", 5.5556),
        ("output_yoy", 0.0),
        ("tax_yoy", -44.75),  # 11.05 / 20
        ("electricity_yoy", -16.6667),  # 1500 / 1800
        ("concentration", 100.0),  # four enterprises with revenue: all in the top ten
        # kWh: A down, B up, C down → 1/3; tax: A flat (+0.5%), B up, C down → 1/2;
        # revenue: A up, B down, C flat → 1/2; 0.4·33.33 + 0.3·50 + 0.3·50.
        ("prosperity_electricity", 33.3333),
        ("prosperity_tax", 50.0),
        ("prosperity_revenue", 50.0),
        ("prosperity", 43.3333),
    ],
)
def test_cluster_figures_of_march_2025(
    monitor_app: MonitorApp, indicator: str, expected: float
) -> None:
    assert _values(monitor_app, indicator)[("cluster", CLUSTER, "2025-03")] == expected


def test_growth_skips_enterprises_without_both_months(monitor_app: MonitorApp) -> None:
    revenue_yoy = _values(monitor_app, "revenue_yoy")
    # 2025-01: B missing; A 120 vs 100, C 30 vs 0 → 150 / 100.
    assert revenue_yoy[("cluster", CLUSTER, "2025-01")] == 50.0
    # 2025-02: B has no 2024-02; A 120 vs 100, C −20 vs 20 → 100 / 120.
    assert revenue_yoy[("cluster", CLUSTER, "2025-02")] == -16.6667
    # 新北 2025-01: C alone, last year 0 → no rate instead of a division by zero.
    assert revenue_yoy[("region", XINBEI, "2025-01")] is None
    # 新北 2025-02: a negative month against a positive one: −20 / 20.
    assert revenue_yoy[("region", XINBEI, "2025-02")] == -200.0
    # The first year has nothing to compare with.
    assert revenue_yoy[("cluster", CLUSTER, "2024-06")] is None


def test_prosperity_counts_zero_and_negative_changes(monitor_app: MonitorApp) -> None:
    prosperity = _values(monitor_app, "prosperity")
    # 2025-01: kWh A down, C flat → 25; tax both flat → 50; revenue A up, C 0 → 30 up → 100.
    assert prosperity[("cluster", CLUSTER, "2025-01")] == 55.0
    # 2025-02: each measure one up (or flat) and one down (or flat) → 50.
    assert prosperity[("cluster", CLUSTER, "2025-02")] == 50.0
    assert prosperity[("cluster", CLUSTER, "2024-12")] is None


def test_concentration_leaves_out_negative_revenue(monitor_app: MonitorApp) -> None:
    # 新北 2025-02: C reported −20 only, so no positive revenue to share.
    assert _values(monitor_app, "concentration")[("region", XINBEI, "2025-02")] is None


@pytest.mark.parametrize(
    ("dimension", "member", "reporting", "revenue"),
    [
        ("region", WUJIN, 2, 160),
        ("region", XINBEI, 2, 40),
        ("size", "above", 2, 150),
        ("size", "below", 2, 50),
        # E is labelled on battery_cells too, but lies outside the cluster.
        ("node", f"{TEMPLATE}:battery_cells", 1, 120),
        ("node", f"{TEMPLATE}:interior_exterior", 3, 80),
    ],
)
def test_members_of_each_dimension(
    monitor_app: MonitorApp, dimension: str, member: str, reporting: int, revenue: float
) -> None:
    key = (dimension, member, "2025-03")
    assert _values(monitor_app, "reporting")[key] == reporting
    assert _values(monitor_app, "revenue")[key] == revenue


def test_one_month_enterprise_counts_in_sums_not_in_growth(monitor_app: MonitorApp) -> None:
    # 新北 2025-03: C 30 and D 10; growth from C alone: 30 vs 30.
    assert _values(monitor_app, "revenue")[("region", XINBEI, "2025-03")] == 40
    assert _values(monitor_app, "revenue_yoy")[("region", XINBEI, "2025-03")] == 0.0
    # A gap is a missing month, not a zero: 武进 2025-01 is A alone.
    assert _values(monitor_app, "reporting")[("region", WUJIN, "2025-01")] == 1
    assert _values(monitor_app, "revenue_yoy")[("region", WUJIN, "2025-01")] == 20.0


def test_members_are_named_and_every_month_is_there(monitor_app: MonitorApp) -> None:
    with lake.connect(monitor_app.settings, read_only=True) as con:
        names = dict(
            con.execute(
                "SELECT DISTINCT member, member_name FROM monitor.indicator_values"
            ).fetchall()
        )
        months = con.execute(
            "SELECT count(DISTINCT period) FROM monitor.indicator_values "
            "WHERE dimension = 'cluster'"
        ).fetchone()
        nodes = con.execute(
            "SELECT template_id, node_id, count(*) FROM monitor.chain_nodes GROUP BY ALL "
            "ORDER BY ALL"
        ).fetchall()
    assert names[CLUSTER] == CLUSTER_NAME
    assert names[WUJIN] == "武进区" and names["above"] == "规上企业"
    assert names[f"{TEMPLATE}:battery_cells"] == "新能源汽车 · 动力电池"
    assert months == (15,)
    assert nodes == [(TEMPLATE, "battery_cells", 2), (TEMPLATE, "interior_exterior", 3)]
