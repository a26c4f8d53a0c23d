"""A small 常州 cluster whose every 运行监测 figure is computed by hand (docs in each test).

Fifteen months, 2024-01 … 2025-03; cluster region 320400. Loaded through the real import
path and pipeline; chain nodes are confirmed labels (new_energy_vehicle), applied before the
monitor step runs again, so node membership does not depend on the classifier.

=====  ==========  =====  ==================  ===========================================
code   district    规上   node                months and figures (revenue/output/tax/kWh)
=====  ==========  =====  ==================  ===========================================
A      武进 320412  yes    battery_cells       every month; 2024: 100/90/10/1000,
                                               2025: 120/99/10.05/900
B      武进 320412  no     interior_exterior   2024 without 2024-02, 2025-02 and 2025-03
                                               (no 2025-01): 2024: 50/45/5/500, 2025: 40/36/6/600
C      新北 320411  yes    interior_exterior   every month, revenue 0 in 2024-01, 20 in 2024-02,
                                               else 30, and −20 in 2025-02; output 25; tax 5,
                                               −5 in 2025-03; kWh 300, 330 in 2025-02, 0 in 2025-03
D      新北 320411  no     interior_exterior   only 2025-03: 10/8/1/50
E      南京 320102  yes    battery_cells       outside the cluster, every month 1000/900/100/9000
=====  ==========  =====  ==================  ===========================================
"""

from __future__ import annotations

from pathlib import Path

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.chain.actions import do_label_enterprise
from industry_brain.chain.template import all_templates
from industry_brain.db import Database
from industry_brain.monitor.pipeline import monitor_step
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import run_pipeline
from tests.factories import make_uscc
from tests.warehouse.conftest import write_csv

A, B, C, D, E = (make_uscc(serial) for serial in range(90801, 90806))
WUJIN, XINBEI, NANJING = "320412", "320411", "320102"
CLUSTER = "320400"
CLUSTER_NAME = "常州市新能源汽车产业集群"
TEMPLATE = "new_energy_vehicle"
BATTERY, INTERIOR = "battery_cells", "interior_exterior"
NODES = {A: BATTERY, B: INTERIOR, C: INTERIOR, D: INTERIOR, E: BATTERY}
PERIODS = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]

REGISTRY = [
    "统一社会信用代码,企业名称,成立日期,注册资本(万元),注册地址,行业代码,经营范围,登记状态,"
    "是否规上,从业人数",
    f"{A},常州甲动力电池有限公司,2015-01-01,5000,江苏省常州市武进区常武中路18号,3841,"
    "锂离子动力电池研发生产,存续,是,300",
    f"{B},常州乙汽车内饰有限公司,2016-01-01,800,江苏省常州市武进区湖塘镇1号,3670,"
    "汽车座椅与内饰件制造,存续,否,40",
    f"{C},常州丙汽车零部件有限公司,2017-01-01,3000,江苏省常州市新北区华山路8号,3670,"
    "汽车仪表板与门板制造,存续,是,200",
    f"{D},常州丁饰件有限公司,2024-12-01,100,江苏省常州市新北区通江路5号,3670,汽车饰件加工,"
    "存续,否,10",
    f"{E},南京戊电池有限公司,2012-01-01,9000,江苏省南京市玄武区中山路1号,3841,锂电池制造,"
    "存续,是,900",
]


def figures(code: str, period: str) -> tuple[float, float, float, float] | None:
    """Return (revenue, output, tax, kWh) an enterprise reported for a month, or None."""
    year_2025 = period.startswith("2025")
    if code == A:
        return (120, 99, 10.05, 900) if year_2025 else (100, 90, 10, 1000)
    if code == B:
        if period in ("2024-02", "2025-01"):
            return None
        return (40, 36, 6, 600) if year_2025 else (50, 45, 5, 500)
    if code == C:
        revenue = {"2024-01": 0, "2024-02": 20, "2025-02": -20}.get(period, 30)
        tax = -5 if period == "2025-03" else 5
        kwh = {"2025-02": 330, "2025-03": 0}.get(period, 300)
        return (revenue, 25, tax, kwh)
    if code == D:
        return (10, 8, 1, 50) if period == "2025-03" else None
    return (1000, 900, 100, 9000)


def operations() -> list[str]:
    """The monthly reports of A–E as the operations standard's CSV."""
    lines = ["统一社会信用代码,期间,营业收入(万元),工业总产值(万元),税收(万元),用电量(千瓦时)"]
    for code in (A, B, C, D, E):
        for period in PERIODS:
            found = figures(code, period)
            if found is not None:
                lines.append(",".join([code, period, *(f"{value:g}" for value in found)]))
    return lines


def load_monitor_cluster(settings: Settings, database: Database, folder: Path) -> None:
    """Load the cluster through the real import and pipeline, confirm every enterprise's node
    (and that none is on the other templates), then run the monitor step again."""
    actor = Principal.system("test")
    for standard, lines in (("registry", REGISTRY), ("operations", operations())):
        path = write_csv(folder / f"{standard}.csv", lines)
        result = import_file(
            settings=settings, database=database, standard_code=standard, path=path, actor=actor
        )
        assert result.rejected == 0, (standard, result)
    with database.writer() as db:
        db.add(ClusterProfile(name=CLUSTER_NAME, region_code=CLUSTER))
        db.commit()
    run_pipeline(settings=settings, database=database, actor=actor)
    with database.writer() as db:
        for template_id in all_templates():
            for code, node in NODES.items():
                chosen = node if template_id == TEMPLATE else None
                do_label_enterprise(
                    db, actor=actor, template_id=template_id, uscc=code, node_id=chosen
                )
    with lake.connect(settings) as con:
        monitor_step(con, database, actor)
