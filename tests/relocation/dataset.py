"""A small 常州 cluster whose relocation-risk scores are known by hand (as of 2024-12).

- ``MOVING`` 常州甲机械有限公司: opened a branch in 合肥 (2024-06), changed its registered address
  to 合肥 (2024-11, not 迁出 yet); Oct–Dec 2024 against Oct–Dec 2023: electricity 1200 vs
  3000 (−60% → 20), tax 18 vs 30 (−40% → 15·20/40 = 7.5), employees 210 vs 300 (−30% →
  20·20/30 = 13.3), revenue 270 vs 300 (−10%: electricity fell 50 points more → 10). Sum
  30 + 25 + 20 + 7.5 + 13.3 + 10 = 105.8, capped: 100, 红.
- ``IDLE`` 常州乙电子有限公司: 2024-11 not reported (a gap), so Oct and Dec compare: electricity
  1100 vs 2000 (−45% → 20·25/40 = 12.5); tax 0 a year before (no signal); revenue flat, so
  electricity fell 45 points more (10); status 存续 → 停业 (20); a branch in 金坛 (local, none).
  12.5 + 10 + 20 = 42.5, 黄.
- ``NEW`` 常州丙材料有限公司: one month of operations; a branch in 上海 opened more than 12
  months before and one in 苏州 opened and closed (注销分支 2024-09); an address change inside
  the region. Score 0. At 2024-08 the 苏州 branch was still open: 25, 蓝.
- ``GONE`` 常州丁科技有限公司: moved to 杭州 (address 2024-09, 迁出 2024-10): not scored in
  2024-12; at 2024-08 it was still a local enterprise (its state then is rebuilt): 0.
- ``ZERO`` 常州戊动力有限公司: electricity 0 in Oct–Dec 2024 (−100% → 20); tax −5 a month (a
  year before ≤ 0: no signal); revenue also 0 (no gap between the falls). 20, 蓝.
- ``SILENT`` 常州己制造有限公司: reported 2023-01 to 2024-10, nothing since: 停止报送 10, no level
  (only October pairs with a year before: fewer than 2 months, no drop signals).
- ``CLOSED`` 常州庚贸易有限公司 (注销) and ``OUTSIDE`` 深圳辛电子有限公司: never scored.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from industry_brain.lake import CONNECTION_CONFIG
from tests.factories import make_uscc

MOVING, IDLE, NEW, GONE = make_uscc(801), make_uscc(802), make_uscc(803), make_uscc(804)
ZERO, SILENT, CLOSED, OUTSIDE = make_uscc(805), make_uscc(806), make_uscc(807), make_uscc(808)
PERIODS = [f"{2023 + month // 12}-{month % 12 + 1:02d}" for month in range(24)]
HEFEI = "安徽省合肥市蜀山区长江西路100号"
MOVING_BRANCH = "常州甲机械有限公司合肥分公司"
SUZHOU_BRANCH = "常州丙材料有限公司苏州分公司"

CITY, JIANGSU, CZ = "320400", "320000", "江苏省常州市"
HANGZHOU, SHENZHEN = "浙江省杭州市西湖区文三路1号", "广东省深圳市南山区科技园1号"
# uscc, name, address, (county, city, province), status
FIRMS = [
    (MOVING, "常州甲机械有限公司", HEFEI, ("340104", "340100", "340000"), "存续"),
    (IDLE, "常州乙电子有限公司", f"{CZ}新北区华山路8号", ("320411", CITY, JIANGSU), "存续"),
    (NEW, "常州丙材料有限公司", f"{CZ}新北区通江中路9号", ("320411", CITY, JIANGSU), "存续"),
    (GONE, "常州丁科技有限公司", HANGZHOU, ("330106", "330100", "330000"), "迁出"),
    (ZERO, "常州戊动力有限公司", f"{CZ}天宁区延陵东路3号", ("320402", CITY, JIANGSU), "在业"),
    (SILENT, "常州己制造有限公司", f"{CZ}钟楼区勤业路5号", ("320404", CITY, JIANGSU), "存续"),
    (CLOSED, "常州庚贸易有限公司", f"{CZ}武进区延政中路2号", ("320412", CITY, JIANGSU), "注销"),
    (OUTSIDE, "深圳辛电子有限公司", SHENZHEN, ("440305", "440300", "440000"), "存续"),
]
EVENTS = [
    (MOVING, "设立分支机构", "2024-06-03", None, MOVING_BRANCH),
    (MOVING, "地址变更", "2024-11-15", "江苏省常州市武进区常武中路1号", HEFEI),
    (IDLE, "设立分支机构", "2024-05-01", None, "常州乙电子有限公司金坛分公司"),
    (IDLE, "状态变更", "2024-08-10", "存续", "停业"),
    (NEW, "设立分支机构", "2023-06-01", None, "常州丙材料有限公司上海分公司"),
    (NEW, "设立分支机构", "2024-03-01", None, SUZHOU_BRANCH),
    (NEW, "注销分支", "2024-09-01", SUZHOU_BRANCH, None),
    (NEW, "地址变更", "2024-04-01", "江苏省常州市武进区湖塘镇1号", "江苏省常州市新北区通江中路9号"),
    (GONE, "地址变更", "2024-09-05", "江苏省常州市武进区聚湖路7号", "浙江省杭州市西湖区文三路1号"),
    (GONE, "迁出", "2024-10-08", "江苏省常州市武进区", "浙江省杭州市西湖区"),
    (GONE, "状态变更", "2024-10-08", "存续", "迁出"),
    (OUTSIDE, "设立分支机构", "2024-07-01", None, "深圳辛电子有限公司合肥分公司"),
]  # fmt: skip
Row = tuple[str, str, float | None, float | None, float | None, int | None]
Event = tuple[str, str, str, str | None, str | None]


def operations() -> list[Row]:
    """(uscc, period, revenue, tax, electricity, employees) of every reported month."""
    rows: list[Row] = []
    for index, period in enumerate(PERIODS):
        late = index >= 21  # 2024-10 … 2024-12
        rows.append((MOVING, period, 90 if late else 100, 6 if late else 10,
                     400 if late else 1000, 70 if late else 100))  # fmt: skip
        if period != "2024-11":
            rows.append((IDLE, period, 200, 0, 550 if late else 1000, 50))
        rows.append((ZERO, period, 0 if late else 50, -5, 0 if late else 800, 20))
        if index <= 21:
            rows.append((SILENT, period, 30, 3, 300, 10))
        if index <= 20:
            rows.append((GONE, period, 80, 8, 900, 40))
        rows.append((CLOSED, period, 60, 6, 0 if late else 700, 30))
    rows.append((NEW, "2024-12", 10, 1, 100, 5))
    return rows


def registry_csv() -> list[str]:
    """The registry file (统一社会信用代码 …)."""
    lines = ["统一社会信用代码,企业名称,成立日期,注册地址,行业代码,登记状态,是否规上,从业人数"]
    lines += [f"{u},{name},2010-01-01,{address},3841,{status},否,50"
              for u, name, address, _, status in FIRMS]  # fmt: skip
    return lines


def operations_csv(rows: list[Row] | None = None) -> list[str]:
    """The operations file (营业收入, 税收, 用电量, 从业人数)."""
    lines = ["统一社会信用代码,期间,营业收入(万元),税收(万元),用电量(千瓦时),从业人数"]
    for row in operations() if rows is None else rows:
        lines.append(",".join("" if value is None else str(value) for value in row))
    return lines


def events_csv(events: list[Event] | None = None) -> list[str]:
    """The registry events file."""
    lines = ["统一社会信用代码,事件类型,事件日期,变更前,变更后"]
    for row in EVENTS if events is None else events:
        lines.append(",".join("" if value is None else value for value in row))
    return lines


def build_lake(path: Path) -> duckdb.DuckDBPyConnection:
    """Return a lake holding the dataset as the pipeline's layers would (dwd, ref)."""
    con = duckdb.connect(str(path), config=dict(CONNECTION_CONFIG))
    for schema in ("dwd", "ref", "relocation"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute(
        "CREATE TABLE dwd.enterprise (uscc VARCHAR, name VARCHAR, established_on DATE, "
        "address VARCHAR, status VARCHAR, county_code VARCHAR, city_code VARCHAR, "
        "province_code VARCHAR)"
    )
    con.execute(
        "CREATE TABLE dwd.operations (uscc VARCHAR, period DATE, revenue_wan_yuan DECIMAL(20,4), "
        "tax_wan_yuan DECIMAL(20,4), electricity_kwh DOUBLE, employees BIGINT)"
    )
    con.execute(
        "CREATE TABLE dwd.events (uscc VARCHAR, event_type VARCHAR, event_date DATE, "
        "before_value VARCHAR, after_value VARCHAR)"
    )
    con.execute("CREATE TABLE ref.cluster AS SELECT '320400' AS region_code, '3204' AS prefix")
    con.execute(
        "CREATE TABLE ref.address_regions (address VARCHAR, county_code VARCHAR, "
        "city_code VARCHAR, province_code VARCHAR, longitude DOUBLE, latitude DOUBLE)"
    )
    for uscc, name, address, codes, status in FIRMS:
        con.execute("INSERT INTO dwd.enterprise VALUES (?, ?, DATE '2010-01-01', ?, ?, ?, ?, ?)",
                    [uscc, name, address, status, *codes])  # fmt: skip
        con.execute("INSERT INTO ref.address_regions VALUES (?, ?, ?, ?, NULL, NULL)",
                    [address, *codes])  # fmt: skip
    add_operations(con, operations())
    add_events(con, EVENTS)
    return con


def add_operations(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    """Add monthly rows (periods as YYYY-MM)."""
    con.executemany(
        "INSERT INTO dwd.operations VALUES (?, CAST(? || '-01' AS DATE), ?, ?, ?, ?)",
        [list(row) for row in rows],
    )


def add_events(con: duckdb.DuckDBPyConnection, rows: list[Event]) -> None:
    """Add registry events."""
    con.executemany("INSERT INTO dwd.events VALUES (?, ?, CAST(? AS DATE), ?, ?)",
                    [list(row) for row in rows])  # fmt: skip
