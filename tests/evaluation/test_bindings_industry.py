"""Industry bindings on a small 常州 cluster loaded through the real import and pipeline, every
figure known by hand. Cluster region 320400; months 2024-01 … 2025-03.

====  ===========  ====  =================  ===================================================
code  district     规上  node (新能源汽车)  months: revenue / output (万元); honours
====  ===========  ====  =================  ===================================================
A     武进 320412  yes   battery_cells      2024: 100/90 a month; 2025 Q1: 120/99; 上市, 小巨人
B     武进 320412  no    interior_exterior  2024 without February: 50/45
C     新北 320411  yes   interior_exterior  every month 30/25; 瞪羚 (valid), 专精特新 (expired 2020)
E     南京 320102  yes   battery_cells      outside the cluster: 1000/900; 单项冠军
F     武进 320412  no    none               2024: 10 revenue, no output
====  ===========  ====  =================  ===================================================

2024: scale (1200 + 550 + 360 + 120) 万元 = 0.223 亿元; chain firms A, B, C; 规上 A, C; listed
A; advantaged A (小巨人), C (瞪羚); 链主 A and C (the local 规上 chain firms), output 1080 + 300 =
1380 万元 = 0.138 亿元. 2025: scale 360 + 90 = 450 万元 = 0.045 亿元; 链主 output 297 + 75 = 372
万元 = 0.0372 亿元. 2023: no data.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.chain.actions import do_label_enterprise
from industry_brain.chain.pipeline import chain_step
from industry_brain.chain.template import all_templates, get_template
from industry_brain.db import Database
from industry_brain.evaluation.bindings import BUILTIN
from industry_brain.evaluation.model import Measured
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import run_pipeline
from tests.conftest import make_settings
from tests.factories import make_uscc
from tests.warehouse.conftest import write_csv

A, B, C, E, F = (make_uscc(serial) for serial in range(91801, 91806))
TEMPLATE = "new_energy_vehicle"
NODES = {A: "battery_cells", B: "interior_exterior", C: "interior_exterior", E: "battery_cells"}
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
    f"{E},南京戊电池有限公司,2012-01-01,9000,江苏省南京市玄武区中山路1号,3841,锂电池制造,"
    "存续,是,900",
    f"{F},常州己贸易有限公司,2018-01-01,100,江苏省常州市武进区湖塘镇9号,5179,日用百货批发,"
    "存续,否,5",
]
HONORS = [
    "统一社会信用代码,荣誉名称,级别,认定日期,有效期至",
    f"{A},上市,,2020-06-01,",
    f"{A},专精特新小巨人,国家级,2023-07-14,2099-12-31",
    f"{C},瞪羚,市级,2023-12-20,2099-12-31",
    f"{C},专精特新,省级,2017-12-31,2020-12-31",
    f"{E},单项冠军,国家级,2023-12-28,2099-12-31",
]


def figures(code: str, period: str) -> tuple[str, str] | None:
    """Return (revenue, output) as reported for a month, or None."""
    in_2025 = period.startswith("2025")
    if code == A:
        return ("120", "99") if in_2025 else ("100", "90")
    if code == B:
        return None if in_2025 or period == "2024-02" else ("50", "45")
    if code == C:
        return ("30", "25")
    if code == E:
        return ("1000", "900")
    return None if in_2025 else ("10", "")


def operations() -> list[str]:
    lines = ["统一社会信用代码,期间,营业收入(万元),工业总产值(万元)"]
    for code in (A, B, C, E, F):
        for period in PERIODS:
            if found := figures(code, period):
                lines.append(",".join([code, period, *found]))
    return lines


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[Database]:
    """Load the cluster, confirm every enterprise's node, and analyse the chain again."""
    folder = tmp_path_factory.mktemp("bindings")
    (folder / "var").mkdir()
    shutil.copy(migrated_template, folder / "var" / "serving.db")
    settings = make_settings(folder / "var")
    database = Database.from_settings(settings)
    actor = Principal.system("test")
    for standard, lines in (
        ("registry", REGISTRY),
        ("operations", operations()),
        ("honors", HONORS),
    ):
        path = write_csv(folder / f"{standard}.csv", lines)
        result = import_file(
            settings=settings, database=database, standard_code=standard, path=path, actor=actor
        )
        assert result.rejected == 0, (standard, result)
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    run_pipeline(settings=settings, database=database, actor=actor)
    with database.writer() as db:
        for template_id in all_templates():
            for code in (A, B, C, E, F):
                node = NODES.get(code) if template_id == TEMPLATE else None
                do_label_enterprise(
                    db, actor=actor, template_id=template_id, uscc=code, node_id=node
                )
    with lake.connect(settings) as con:
        chain_step(con, database, actor)
    yield database
    database.dispose()


@pytest.fixture
def db(cluster: Database) -> Iterator[Session]:
    with cluster.reader() as session:
        yield session


def measure(db: Session, binding_id: str, year: int) -> Measured:
    measured = {binding.id: binding for binding in BUILTIN}[binding_id].compute(db, year)
    assert (measured.value is None) == (measured.missing is not None), measured
    return measured


def test_industry_scale(db: Session) -> None:
    scale = measure(db, "industry.scale", 2024)
    assert (scale.value, scale.unit, scale.period) == (0.223, "亿元", "2024")
    assert scale.detail["months"] == 12
    assert scale.detail["revenue_wan_yuan"] == 2230
    assert scale.detail["by_month"]["2024-02"] == 140  # A 100 + C 30 + F 10, B silent
    assert "12个月有报送" in scale.computation
    assert measure(db, "industry.scale", 2025).value == 0.045
    assert measure(db, "industry.scale", 2023).missing == "2023年没有集群企业的经营月报"


def test_enterprise_counts(db: Session) -> None:
    on_chain = measure(db, "enterprise.count", 2024)
    assert (on_chain.value, on_chain.detail) == (3, {"by_template": {TEMPLATE: 3}})
    assert measure(db, "enterprise.count", 2025).value == 2  # A and C reported in 2025
    above = measure(db, "enterprise.above_scale", 2024)
    assert (above.value, above.detail) == (2, {"reporting": 4})
    listed = measure(db, "enterprise.listed", 2024)
    assert (listed.value, listed.detail) == (1, {"by_honor": {"上市": 1}})
    advantaged = measure(db, "enterprise.advantaged", 2024)
    assert (advantaged.value, advantaged.detail) == (
        2,
        {"by_honor": {"专精特新小巨人": 1, "瞪羚": 1}},
    )
    for binding_id in ("enterprise.count", "enterprise.above_scale", "enterprise.advantaged"):
        assert measure(db, binding_id, 2023).missing == "2023年集群区域内没有报送经营数据的企业"


def test_chain_completeness(db: Session) -> None:
    template = get_template(TEMPLATE)
    weights = {node.id: node.importance for node in template.nodes}
    present = weights["battery_cells"] + weights["interior_exterior"]
    expected = round(100 * present / sum(weights.values()), 2)
    completeness = measure(db, "chain.completeness", 2024)
    assert completeness.value == expected
    assert completeness.detail["template"] == TEMPLATE
    assert completeness.detail["by_template"]["photovoltaic"] == 0.0


def test_chain_leader_output(db: Session) -> None:
    output = measure(db, "chain.leader_output", 2024)
    assert output.value == 0.138
    assert output.detail == {
        "by_leader": {"常州甲动力电池有限公司": 0.108, "常州丙汽车零部件有限公司": 0.03},
        "leaders_without_output": [],
    }
    assert measure(db, "chain.leader_output", 2025).value == 0.0372
    assert measure(db, "chain.leader_output", 2023).missing == "链主企业2023年没有报送工业总产值"
