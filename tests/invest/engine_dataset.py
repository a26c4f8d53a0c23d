"""A small 常州 cluster whose 招商 pool is known by hand (data up to 2024-12).

Local (武进): ``VEH`` 整车制造 and ``CTRL`` 电机控制器 (also rank 2 on 驱动电机: local, so never a
candidate); ``GONE`` 稀土永磁 is 注销 (no local presence). So 驱动电机's template neighbours
(稀土永磁, 电机控制器, 整车制造) are 2 of 3 present: edge part 66.67.

Outside candidates on 驱动电机 (drive_motors):

- ``A`` 上海丙电机 (浦东): confidence 0.9; revenue 100/month in 2023, 120/month in 2024 →
  12 months 1,440 万元 (scale 25·log10(14.4) = 28.96), growth +20% (70); 2 invention and 3
  other patents, a valid 高新技术企业 → 16 + 6 + 20 = 42; supplies ``VEH`` (2024-06) → one
  local partner: network 0.6·33.33 + 0.4·66.67 = 46.67.
- ``B`` 深圳丁电驱动 (南山): confidence 0.6; no operations; 1,000 employees (66.67) and capital
  10,000 万元 (75) → scale 70.83 (规上); capital 5,000 → 10,000 万元 on 2024-03-01 → growth
  50 + 25·log2(2) = 75; no patents: innovation 0; network 0.4·66.67 = 26.67.
- ``C`` 乌鲁木齐戊电机 (天山区, not in this lake's region table: no coordinates): rank 2 on
  驱动电机 (0.5), rank 1 on 电机控制器 (0.7); scale, growth and distance unknown.
- ``F`` 合肥庚电机 (蜀山): confidence 0.8; 50 employees, capital 500 万元 → (23.30 + 42.47)/2
  = 32.89; opened a branch in 常州 on 2024-06-10 (an arrival after a 2024-03 cut-off).
- ``G`` 南京辛电机: moved its address from 南京 into 武进 on 2024-09-05 → local today, outside
  at a 2024-03 cut-off (an arrival).
- ``D`` 合肥己电机: 注销, never a candidate.

Relatedness is unknown everywhere: only the cluster has ≥ 5 enterprises on the chain.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
from sqlalchemy import insert

from industry_brain.chain.models import ChainAssignment, ChainNodeStat, ChainRun
from industry_brain.codes.regions import get_region
from industry_brain.db import Database, utcnow
from industry_brain.lake import CONNECTION_CONFIG
from tests.factories import make_uscc

VEH, CTRL, GONE = make_uscc(901), make_uscc(902), make_uscc(903)
A, B, C, D, F, G = (make_uscc(n) for n in (911, 912, 913, 914, 916, 917))
TEMPLATE, NODE = "new_energy_vehicle", "drive_motors"
WUJIN = "江苏省常州市武进区常武中路1号"
NANJING = "江苏省南京市玄武区中山路1号"
REGIONS = ("320000", "320400", "320412", "310000", "310100", "310115", "440000", "440300",
           "440305", "340000", "340100", "340104", "320100", "320102")  # fmt: skip
# uscc, name, (county, city, province), status, employees, capital, above_scale
FIRMS = [
    (VEH, "常州甲汽车有限公司", ("320412", "320400", "320000"), "存续", 3000, 50000.0, True),
    (CTRL, "常州乙电控有限公司", ("320412", "320400", "320000"), "存续", 300, 2000.0, True),
    (GONE, "常州癸磁材有限公司", ("320412", "320400", "320000"), "注销", 20, 100.0, False),
    (A, "上海丙电机有限公司", ("310115", "310100", "310000"), "存续", 200, 1000.0, False),
    (B, "深圳丁电驱动有限公司", ("440305", "440300", "440000"), "在业", 1000, 10000.0, True),
    (C, "乌鲁木齐戊电机有限公司", ("650102", "650100", "650000"), "存续", None, None, False),
    (D, "合肥己电机有限公司", ("340104", "340100", "340000"), "注销", 80, 800.0, False),
    (F, "合肥庚电机有限公司", ("340104", "340100", "340000"), "存续", 50, 500.0, False),
    (G, "南京辛电机有限公司", ("320412", "320400", "320000"), "存续", 120, 3000.0, False),
]
# uscc, node, rank, confidence
ASSIGNMENTS = [
    (VEH, "vehicle_manufacturing", 1, 0.95), (CTRL, "motor_controllers", 1, 0.9),
    (CTRL, NODE, 2, 0.4), (GONE, "rare_earth_magnets", 1, 0.8), (A, NODE, 1, 0.9),
    (B, NODE, 1, 0.6), (C, "motor_controllers", 1, 0.7), (C, NODE, 2, 0.5), (D, NODE, 1, 0.9),
    (F, NODE, 1, 0.8), (G, NODE, 1, 0.7),
]  # fmt: skip
EVENTS = [
    (B, "注册资本变更", date(2024, 3, 1), "5000万元", "10000万元"),
    (F, "设立分支机构", date(2024, 6, 10), None, "合肥庚电机有限公司常州分公司"),
    (G, "地址变更", date(2024, 9, 5), NANJING, WUJIN),
]
PATENTS = [
    (A, "CN1", "发明", date(2022, 5, 1)), (A, "CN2", "发明", date(2022, 8, 1)),
    (A, "CN3", "实用新型", date(2023, 2, 1)), (A, "CN4", "实用新型", date(2023, 3, 1)),
    (A, "CN5", "外观设计", date(2023, 4, 1)),
]  # fmt: skip
# node, local firms, health, suggestion
STATS = [
    ("vehicle_manufacturing", 1, "weak", "强链"), ("motor_controllers", 1, "weak", None),
    (NODE, 0, "missing", "补链"), ("rare_earth_magnets", 0, "missing", None),
]  # fmt: skip
_SCHEMA = """
CREATE SCHEMA IF NOT EXISTS dwd; CREATE SCHEMA IF NOT EXISTS ref;
CREATE TABLE dwd.enterprise (uscc VARCHAR, name VARCHAR, established_on DATE,
  registered_capital_wan_yuan DECIMAL(20,4), address VARCHAR, industry_code VARCHAR,
  industry_name VARCHAR, status VARCHAR, above_scale BOOLEAN, employees BIGINT,
  county_code VARCHAR, city_code VARCHAR, province_code VARCHAR, longitude DOUBLE,
  latitude DOUBLE, location_precision VARCHAR);
CREATE TABLE dwd.operations (uscc VARCHAR, period DATE, revenue_wan_yuan DECIMAL(20,4));
CREATE TABLE dwd.events (uscc VARCHAR, event_type VARCHAR, event_date DATE,
  before_value VARCHAR, after_value VARCHAR);
CREATE TABLE dwd.patents (uscc VARCHAR, patent_no VARCHAR, title VARCHAR,
  patent_type VARCHAR, applied_on DATE, granted_on DATE, ipc VARCHAR);
CREATE TABLE dwd.honors (uscc VARCHAR, honor_name VARCHAR, level VARCHAR,
  recognized_on DATE, valid_until DATE);
CREATE TABLE dwd.relations (supplier_uscc VARCHAR, buyer_uscc VARCHAR, product_name VARCHAR,
  amount_wan_yuan DECIMAL(20,4), period DATE, source VARCHAR);
CREATE TABLE ref.cluster AS SELECT '320400' AS region_code, '3204' AS prefix;
CREATE TABLE ref.regions (code VARCHAR, name VARCHAR, level VARCHAR, parent VARCHAR,
  longitude DOUBLE, latitude DOUBLE);
CREATE TABLE ref.address_regions (address VARCHAR, county_code VARCHAR, city_code VARCHAR,
  province_code VARCHAR, longitude DOUBLE, latitude DOUBLE);
"""


def build_lake(path: Path) -> duckdb.DuckDBPyConnection:
    """Return a lake holding the dataset as the pipeline's layers would."""
    con = duckdb.connect(str(path), config=dict(CONNECTION_CONFIG))
    con.execute(_SCHEMA)
    for code in REGIONS:
        r = get_region(code)
        assert r is not None
        con.execute("INSERT INTO ref.regions VALUES (?, ?, ?, ?, ?, ?)",
                    [r.code, r.name, r.level, r.parent, r.longitude, r.latitude])  # fmt: skip
    for uscc, name, codes, status, employees, capital, above in FIRMS:
        con.execute(
            "INSERT INTO dwd.enterprise VALUES (?, ?, DATE '2015-01-01', ?, NULL, '3812', "
            "'电动机制造', ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
            [uscc, name, capital, status, above, employees, *codes],
        )
    con.execute("INSERT INTO ref.address_regions VALUES (?, '320102', '320100', '320000', "
                "NULL, NULL)", [NANJING])  # fmt: skip
    con.execute("INSERT INTO ref.address_regions VALUES (?, '320412', '320400', '320000', "
                "NULL, NULL)", [WUJIN])  # fmt: skip
    for month in range(24):
        period = date(2023 + month // 12, month % 12 + 1, 1)
        con.execute("INSERT INTO dwd.operations VALUES (?, ?, ?)",
                    [A, period, 100 if month < 12 else 120])  # fmt: skip
    con.executemany("INSERT INTO dwd.events VALUES (?, ?, ?, ?, ?)", EVENTS)
    con.executemany("INSERT INTO dwd.patents VALUES (?, ?, '电机', ?, ?, NULL, NULL)", PATENTS)
    con.execute("INSERT INTO dwd.honors VALUES (?, '高新技术企业', '国家级', DATE '2022-12-01', "
                "DATE '2025-12-01')", [A])  # fmt: skip
    con.execute("INSERT INTO dwd.relations VALUES (?, ?, '驱动电机', 50, DATE '2024-06-01', "
                "'合同')", [A, VEH])  # fmt: skip
    return con


def seed_chain(database: Database, run_id: str = "20241231T000000-aaaaaa") -> str:
    """Store a classification run of 新能源汽车 with the dataset's assignments and figures."""
    with database.writer() as db:
        db.add(ChainRun(id=run_id, template_id=TEMPLATE, template_version=1, method="test",
                        enterprises=len(FIRMS), assigned=len(FIRMS), labels_used=0,
                        completeness_pct=50.0, leaders="[]", seconds=0.1, created_by="test",
                        created_at=utcnow()))  # fmt: skip
        db.flush()
        db.execute(insert(ChainAssignment), [
            {"run_id": run_id, "uscc": uscc, "node_id": node, "rank": rank,
             "confidence": confidence, "evidence": json.dumps([f"产品“{node}”"]),
             "source": "model"}
            for uscc, node, rank, confidence in ASSIGNMENTS
        ])  # fmt: skip
        db.execute(insert(ChainNodeStat), [
            {"run_id": run_id, "node_id": node, "enterprises": local, "local_enterprises": local,
             "above_scale": local, "revenue_12m_wan_yuan": 0.0, "local_purchases_wan_yuan": 0.0,
             "outside_purchases_wan_yuan": 0.0, "outside_dependence_pct": None,
             "health": health, "suggestion": suggestion, "leaders": "[]"}
            for node, local, health, suggestion in STATS
        ])  # fmt: skip
        db.commit()
    return run_id
