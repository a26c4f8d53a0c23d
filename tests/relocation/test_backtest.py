"""The relocation backtest on a small planted dataset, by hand.

Operations 2024-01 … 2024-12 (flat, so only events score); replaying 4 months gives the
cutoffs 2024-08 … 2024-11. Enterprises (all local, 武进):

- M1: branch in 合肥 2024-07 (25 from 2024-07 on), 迁出 2024-11-20.
- M2: address changed to 杭州 2024-10 (30 from 2024-10 on), status changed to 迁出 2024-12-05.
- M3: no signal, 迁出 2024-09-10.
- N1: branch in 苏州 2024-06, never moves (a decoy).
- P: branch in 上海 2024-05; its move (2024-10-03) is known only to the demo's ground truth.
- Q: nothing.

Ranked (score > 0, ties by code): 08 M1 N1 P; 09 M1 N1 P; 10 M2 M1 N1 P; 11 M2 N1 P.
Movers within 12 months: 08 M1 M2 M3 P; 09 M1 M2 P; 10 M1 M2; 11 M2. Hits in the top 10
(and 20, 50): 2, 2, 2, 1 → precision@10 7/40, @20 7/80, @50 7/200; recall of the top 50
7/10. Lead (top 50): M1 3 months (from 08), M2 2 (from 10), P 2 (from 08), M3 never: median 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from industry_brain.lake import CONNECTION_CONFIG
from industry_brain.relocation.backtest import measure, planted_relocations, replay
from tests.factories import make_uscc

M1, M2, M3, N1, P, Q = (make_uscc(900 + i) for i in range(6))
WUJIN = "江苏省常州市武进区常武中路"


@pytest.fixture
def lake(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The planted dataset."""
    con = duckdb.connect(str(tmp_path / "lake.duckdb"), config=dict(CONNECTION_CONFIG))
    for schema in ("dwd", "ref", "relocation"):
        con.execute(f"CREATE SCHEMA {schema}")
    con.execute("CREATE TABLE ref.cluster AS SELECT '320400' AS region_code, '3204' AS prefix")
    con.execute(
        "CREATE TABLE ref.address_regions (address VARCHAR, county_code VARCHAR, "
        "city_code VARCHAR, province_code VARCHAR, longitude DOUBLE, latitude DOUBLE)"
    )
    con.execute(
        "CREATE TABLE dwd.enterprise AS SELECT uscc, '企业' || uscc AS name, "
        "DATE '2010-01-01' AS established_on, '存续' AS status, '320412' AS county_code, "
        "'320400' AS city_code, '320000' AS province_code FROM unnest(?::VARCHAR[]) AS t(uscc)",
        [[M1, M2, M3, N1, P, Q]],
    )
    con.execute(
        "CREATE TABLE dwd.operations AS SELECT uscc, CAST(period AS DATE) AS period, "
        "100::DECIMAL(20,4) AS revenue_wan_yuan, 10::DECIMAL(20,4) AS tax_wan_yuan, "
        "1000.0 AS electricity_kwh, 50::BIGINT AS employees "
        "FROM unnest(?::VARCHAR[]) AS t(uscc), "
        "generate_series(DATE '2023-01-01', DATE '2024-12-01', INTERVAL 1 MONTH) AS g(period)",
        [[M1, M2, M3, N1, P, Q]],
    )
    con.execute(
        "CREATE TABLE dwd.events (uscc VARCHAR, event_type VARCHAR, event_date DATE, "
        "before_value VARCHAR, after_value VARCHAR)"
    )
    con.executemany(
        "INSERT INTO dwd.events VALUES (?, ?, CAST(? AS DATE), ?, ?)",
        [
            [M1, "设立分支机构", "2024-07-10", None, "企业合肥分公司"],
            [M1, "迁出", "2024-11-20", "常州市", "合肥市"],
            [M2, "地址变更", "2024-10-15", f"{WUJIN}1号", "浙江省杭州市西湖区文三路1号"],
            [M2, "状态变更", "2024-12-05", "存续", "迁出"],
            [M3, "迁出", "2024-09-10", "常州市", "南京市"],
            [N1, "设立分支机构", "2024-06-01", None, "企业苏州分公司"],
            [P, "设立分支机构", "2024-05-02", None, "企业上海分公司"],
        ],
    )
    return con


def test_precision_recall_and_lead_time_by_hand(lake: duckdb.DuckDBPyConnection) -> None:
    replayed = replay(lake, months=4, planted={P: date(2024, 10, 3)})
    assert list(replayed.rankings) == [date(2024, m, 1) for m in (8, 9, 10, 11)]
    assert replayed.rankings[date(2024, 10, 1)] == [M2, *sorted([M1, N1, P])]
    assert M3 not in replayed.populations[date(2024, 9, 1)]  # moved out in September
    figures, details = measure(replayed)
    assert figures == {
        "precision_at_10": 0.175,
        "precision_at_20": 0.0875,
        "precision_at_50": 0.035,
        "recall_at_50": 0.7,
        "median_lead_months": 2,
        "cutoffs": 4,
        "relocations": 4,
        "relocations_caught": 3,
    }
    assert details["lead_months"]["top_50"] == {M1: 3, M2: 2, M3: None, P: 2}
    assert [row["movers"] for row in details["cutoffs"]] == [4, 3, 2, 1]


def test_without_moves_nothing_is_measured(lake: duckdb.DuckDBPyConnection) -> None:
    lake.execute("DELETE FROM dwd.events WHERE event_type IN ('迁出', '状态变更')")
    figures, _ = measure(replay(lake, months=4))
    assert figures["precision_at_10"] == 0.0
    assert figures["recall_at_50"] is None and figures["median_lead_months"] is None
    assert figures["relocations"] == 0


def test_planted_relocations_are_read_from_the_demo_ground_truth(tmp_path: Path) -> None:
    truth = tmp_path / "demo-input" / "seed-1-10" / "truth"
    truth.mkdir(parents=True)
    moves = [{"uscc": P, "moved_out_on": "2024-10-03"}, {"uscc": M1, "moved_out_on": "2024-11-20"}]
    (truth / "ground_truth.json").write_text(json.dumps({"relocations": moves}), encoding="utf-8")
    assert planted_relocations(tmp_path) == {P: date(2024, 10, 3), M1: date(2024, 11, 20)}
    assert planted_relocations(tmp_path / "nowhere") == {}
