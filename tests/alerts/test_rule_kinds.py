"""Each rule kind on small known series: hit or not at the threshold, colour levels, since
when, and bad input (gaps, one month of history, zero and negative values) never red."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from industry_brain.alerts.evaluation import evaluate
from industry_brain.alerts.kinds_sql import Window
from tests.alerts.lake import LAST, Lake, results, rule

YOY = {"黄": 30.0, "橙": 50.0, "红": 70.0}


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake.duckdb")


def _levels(found: dict[str, dict[str, object]]) -> dict[str, object]:
    return {key: row["level"] for key, row in found.items()}


def test_year_on_year_drop_levels_boundaries_and_bad_input(lake: Lake) -> None:
    series = {
        "A": [100.0] * 12 + [70.0],  # exactly 30% → 黄
        "B": [100.0] * 12 + [71.0],  # 29% → evaluated, no warning
        "C": [100.0] * 12 + [50.0],  # 50% → 橙
        "D": [100.0] * 12 + [30.0],  # 70% → 红
        "E": [100.0] * 12 + [0.0],  # a zero this month: at most 黄
        "F": [100.0] * 12 + [-5.0],  # negative: not reported
        "G": [0.0] + [100.0] * 11 + [50.0],  # zero base: not evaluable
        "H": [50.0],  # one month of history
        "I": [None] + [100.0] * 11 + [10.0],  # gap a year before
        "J": [100.0] * 12 + [None],  # not reported this month
    }
    for code, values in series.items():
        lake.enterprise(code)
        lake.series(code, values)
    found = results(lake, [rule("yoy_drop", thresholds=YOY)])
    assert _levels(found) == {"A": "黄", "B": None, "C": "橙", "D": "红", "E": "黄"}
    assert math.isclose(float(found["C"]["measure"]), 50.0)
    assert found["C"]["value"] == 50.0 and found["C"]["base"] == 100.0
    assert found["C"]["since"] == LAST and '"base_period":"2023-12"' in str(found["C"]["facts"])


def test_year_on_year_drop_since_and_months_it_must_persist(lake: Lake) -> None:
    lake.enterprise("K")
    lake.series("K", [100.0] * 22 + [60.0, 55.0])  # the last two months 40% and 45% down
    lake.enterprise("A")
    lake.series("A", [100.0] * 12 + [60.0])  # only this month
    once = rule("yoy_drop", thresholds=YOY, rule_id=1)
    twice = rule("yoy_drop", thresholds=YOY, rule_id=2, min_months=2)
    lake_rows = results(lake, [once, twice])
    assert lake_rows["K"]["since"] == date(2024, 11, 1)
    evaluate(lake.con, [twice], window=Window(LAST, LAST), only_last=True, leaders=[])
    rows = lake.con.execute("SELECT subject_key, level FROM alerts_results ORDER BY 1").fetchall()
    assert rows == [("A", None), ("K", "黄")]


def test_year_on_year_drop_ignores_small_bases(lake: Lake) -> None:
    lake.enterprise("S")
    lake.series("S", [9.0] * 12 + [1.0])
    lake.enterprise("T")
    lake.series("T", [10.0] * 12 + [1.0])
    assert _levels(results(lake, [rule("yoy_drop", thresholds=YOY, min_base=10.0)])) == {"T": "红"}


def test_consecutive_decline(lake: Lake) -> None:
    series = {
        "A": [100.0, 90.0, 80.0, 70.0],  # three falls, 30% in all → 黄
        "B": [100.0, 90.0, 95.0, 70.0],  # a rise between: evaluated, no warning
        "C": [100.0, None, 80.0, 70.0],  # a gap: not evaluable
        "D": [100.0, 95.0, 90.0, 85.0],  # three falls but only 15%
        "E": [100.0, 80.0, 60.0, 0.0],  # a zero this month: at most 黄
        "F": [90.0, 80.0, 70.0],  # too short
    }
    for code, values in series.items():
        lake.enterprise(code)
        lake.series(code, values, field="electricity_kwh")
    found = results(
        lake,
        [rule("consecutive_decline", indicator="electricity", thresholds={"黄": 30, "橙": 50})],
    )
    assert _levels(found) == {"A": "黄", "B": None, "D": None, "E": "黄"}
    assert found["A"]["since"] == date(2024, 10, 1)  # the first of the three falls
    assert found["A"]["base"] == 100.0 and math.isclose(float(found["A"]["measure"]), 30.0)


def test_cliff_against_the_months_before_and_seasonally_adjusted(lake: Lake) -> None:
    lake.enterprise("A")
    lake.series("A", [100.0, 100.0, 100.0, 50.0], field="tax_wan_yuan")  # 50% below → 黄
    lake.enterprise("B")
    lake.series("B", [100.0, 100.0, 100.0, 51.0], field="tax_wan_yuan")  # 49%
    lake.enterprise("C")
    lake.series("C", [100.0, None, 100.0, 10.0], field="tax_wan_yuan")  # a gap in the base
    # S dips every December: last year's December was half its autumn, so this one is too.
    lake.enterprise("S")
    lake.series("S", [100.0, 100.0, 100.0, 50.0] + [100.0] * 8 + [100.0, 100.0, 100.0, 50.0],
                field="tax_wan_yuan")  # fmt: skip
    thresholds = {"黄": 50.0, "橙": 70.0, "红": 90.0}
    plain = rule("cliff", indicator="tax", thresholds=thresholds, seasonal=False)
    assert _levels(results(lake, [plain])) == {"A": "黄", "B": None, "S": "黄"}
    seasonal = rule("cliff", indicator="tax", thresholds=thresholds, seasonal=True)
    found = results(lake, [seasonal])
    assert _levels(found) == {"S": None}  # A and B have no year before: not evaluable
    assert found["S"]["base"] == 50.0


def test_statistical_detector_allows_for_seasonality(lake: Lake) -> None:
    lake.enterprise("A")
    lake.series("A", [100.0] * 35 + [50.0])  # steady for three years, then halved
    lake.enterprise("B")  # every December at half: seasonal, not an anomaly
    lake.series("B", ([100.0] * 11 + [50.0]) * 3)
    lake.enterprise("C")
    lake.series("C", [100.0] * 13 + [50.0])  # too little history: quiet
    lake.enterprise("D")
    lake.series("D", [100.0] * 35 + [80.0])  # 20% down: below the minimum drop
    detector = rule("seasonal_anomaly", thresholds={"蓝": 3.5, "黄": 5.0, "橙": 8.0})
    found = results(lake, [detector])
    assert _levels(found) == {"A": "橙", "B": None, "D": None}
    expected = math.log(2) / (1.4826 * 0.05)  # history steady: MAD floor 0.05
    assert math.isclose(float(found["A"]["measure"]), expected, rel_tol=1e-9)
    assert '"history":23' in str(found["A"]["facts"])


def test_status_changes_within_the_window(lake: Lake) -> None:
    lake.enterprise("X", status="迁出", local=False)
    lake.event("X", "迁出", date(2024, 6, 15), "江苏省常州市武进区", "上海市崇明区")
    lake.enterprise("Y", status="迁出", local=False)
    lake.event("Y", "迁出", date(2023, 11, 30), "江苏省常州市武进区", "上海市崇明区")
    lake.enterprise("Z")  # moved out and came back: the condition no longer holds
    lake.event("Z", "迁出", date(2024, 3, 1), "江苏省常州市武进区", "上海市崇明区")
    lake.enterprise("W", status="注销")
    lake.event("W", "状态变更", date(2024, 9, 1), "存续", "注销")
    lake.enterprise("V", status="迁出", local=False)
    lake.event("V", "迁出", date(2025, 1, 3), "江苏省常州市武进区", "上海市崇明区")  # after
    lake.enterprise("O", status="注销", local=False)  # outside the region: not watched
    lake.event("O", "状态变更", date(2024, 9, 1), "存续", "注销")
    moved = rule("status_change", indicator=None, rule_id=1)
    closed = rule("status_change", indicator=None, rule_id=2, statuses=["注销", "吊销"], level="橙")
    found = results(lake, [moved])
    assert _levels(found) == {"W": None, "X": "红", "Z": None}
    assert found["X"]["since"] == date(2024, 6, 1)
    assert '"after":"上海市崇明区"' in str(found["X"]["facts"])
    # The others are not 注销/吊销: evaluated, the condition does not hold.
    assert _levels(results(lake, [closed])) == {
        "V": None,
        "W": "橙",
        "X": None,
        "Y": None,
        "Z": None,
    }


def test_chain_leader_decline(lake: Lake) -> None:
    for code in ("L", "N"):
        lake.enterprise(code)
        lake.series(code, [100.0] * 3 + [95.0] * 9 + [90.0] * 3)  # 270 against 300: 10% down
    leaders = [("L", "新能源汽车")]
    found = results(
        lake, [rule("leader_decline", thresholds={"黄": 10, "橙": 20, "红": 30})], leaders=leaders
    )
    assert _levels(found) == {"L": "黄"}
    assert (found["L"]["value"], found["L"]["base"]) == (270.0, 300.0)


def test_node_cluster_and_district_indicators(lake: Lake) -> None:
    months = [date(2024, 10, 1), date(2024, 11, 1), LAST]
    lake.indicator(
        "node", "nev:cells", "电芯", dict(zip(months, [-20.0, -16.0, -15.0], strict=True))
    )
    lake.indicator("node", "nev:pack", "电池包", {LAST: -14.9})
    lake.indicator("node", "nev:motor", "电机", {LAST: -40.0})
    lake.indicator("cluster", "320400", "常州市", {LAST: -5.0})
    lake.indicator("region", "320412", "武进区", {LAST: 31.0})
    below = {"黄": -15.0, "橙": -25.0, "红": -40.0}
    nodes = results(lake, [rule("indicator_threshold", scope="node", indicator="revenue_yoy",
                                thresholds=below, direction="below")])  # fmt: skip
    assert _levels(nodes) == {"nev:cells": "黄", "nev:motor": "红", "nev:pack": None}
    assert nodes["nev:cells"]["since"] == date(2024, 10, 1)
    assert '"series":[{"period":"2024-10","value":-20.0}' in str(nodes["nev:cells"]["facts"])
    cluster = results(lake, [rule("indicator_threshold", scope="cluster", indicator="revenue_yoy",
                                  thresholds={"蓝": -5.0}, direction="below")])  # fmt: skip
    assert _levels(cluster) == {"320400": "蓝"}
    region = results(lake, [rule("indicator_threshold", scope="region", indicator="revenue_yoy",
                                 thresholds={"黄": 30.0}, direction="above")])  # fmt: skip
    assert _levels(region) == {"320412": "黄"} and region["320412"]["county_code"] == "320412"


def test_relocation_risk_scores(lake: Lake) -> None:
    for code in ("A", "B", "C"):
        lake.enterprise(code)
    lake.risk({"A": 70.0, "B": 50.0, "C": 49.9})
    found = results(
        lake, [rule("relocation_risk", indicator=None, thresholds={"橙": 50, "红": 70})]
    )
    assert _levels(found) == {"A": "红", "B": "橙", "C": None}
    assert '"label":"在区外设立分支机构"' in str(found["A"]["facts"])


def test_rules_whose_tables_or_leaders_are_missing_are_skipped_with_a_reason(lake: Lake) -> None:
    lake.enterprise("A")
    lake.series("A", [100.0] * 12 + [10.0])
    rules = [
        rule("yoy_drop", thresholds=YOY, rule_id=1),
        rule("indicator_threshold", scope="node", indicator="revenue_yoy", rule_id=2,
             thresholds={"黄": -15.0}),
        rule("relocation_risk", indicator=None, rule_id=3, thresholds={"红": 70.0}),
        rule("leader_decline", rule_id=4, thresholds={"黄": 10.0}),
    ]  # fmt: skip
    report = evaluate(lake.con, rules, window=Window(LAST, LAST), only_last=True, leaders=[])
    assert report.evaluated == [1]
    assert report.skipped == [
        "规则2：运行监测指标尚未计算",
        "规则3：迁移风险尚未评分",
        "规则4：尚无链主（运行产业链分析后评估）",
    ]
