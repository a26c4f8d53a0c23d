"""The chain in the platform: the pipeline step, versioned runs, labels, API and pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.chain.models import ChainAssignment, ChainNodeStat, ChainRun
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_uscc, make_user
from tests.warehouse.conftest import Importer, write_csv
from tests.warehouse.test_ingest import HEADER
from tests.warehouse.test_warehouse_web import _page_login

CELLS, CATHODE, FOOD, MOTOR = (make_uscc(n) for n in (601, 602, 603, 604))
WUJIN, SHENZHEN = "江苏省常州市武进区常武中路18号", "广东省深圳市南山区科技园1号"
REGISTRY = [
    HEADER,
    f"{CELLS},常州甲动力电池有限公司,2015-01-01,5000,{WUJIN},3841,锂离子动力电池研发生产,存续,是,300",
    f"{CATHODE},常州乙新材料有限公司,2016-01-01,900,{WUJIN},3985,锂电池正极材料研发制造,存续,是,80",
    f"{FOOD},常州丙食品有限公司,2010-01-01,100,{WUJIN},1439,食品生产,存续,否,20",
    f"{MOTOR},深圳丁电驱动有限公司,2012-01-01,800,{SHENZHEN},3812,新能源汽车驱动电机研发生产,存续,是,400",
]
PRODUCTS = [
    "统一社会信用代码,产品名称,产品类别,营收占比",
    f"{CELLS},动力电池系统,电池,0.8",
    f"{CATHODE},磷酸铁锂正极材料,材料,0.9",
    f"{FOOD},酱油,调味品,1",
    f"{MOTOR},驱动电机,电机,0.6",
    f"{MOTOR},电驱总成,电机,0.4",
]
RELATIONS = [
    "供方信用代码,需方信用代码,产品名称,金额(万元),期间,来源",
    f"{CATHODE},{CELLS},磷酸铁锂正极材料,100,2024-12,采购合同",
    f"{MOTOR},{CELLS},驱动电机,50,2024-12,采购合同",
]


def _operations() -> list[str]:
    lines = ["统一社会信用代码,期间,营业收入(万元)"]
    for month in range(24):
        period = f"{2023 + month // 12}-{month % 12 + 1:02d}"
        lines += [f"{code},{period},{100 + 10 * i}" for i, code in enumerate([CELLS, CATHODE])]
    return lines


@pytest.fixture
def classified(
    tmp_path: Path, do_import: Importer, settings: Settings, database: Database
) -> PipelineReport:
    """A small 常州 cluster through the pipeline, chain step included."""
    for standard, lines in (
        ("registry", REGISTRY),
        ("products", PRODUCTS),
        ("relations", RELATIONS),
        ("operations", _operations()),
    ):
        result = do_import(standard, write_csv(tmp_path / f"{standard}.csv", lines))
        assert result.rejected == 0, standard
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    return _run(settings, database)


def _run(settings: Settings, database: Database) -> PipelineReport:
    return run_pipeline(settings=settings, database=database, actor=Principal.system("test"))


def _main_nodes(db: Session, run_id: str) -> dict[str, tuple[str, str]]:
    rows = db.scalars(
        select(ChainAssignment).where(ChainAssignment.run_id == run_id, ChainAssignment.rank == 1)
    )
    return {row.uscc: (row.node_id, row.source) for row in rows}


def _latest(db: Session) -> ChainRun:
    db.rollback()  # end the read transaction: see what the pipeline committed since
    run = db.scalar(
        select(ChainRun)
        .where(ChainRun.template_id == "new_energy_vehicle")
        .order_by(ChainRun.created_at.desc(), ChainRun.id.desc())
    )
    assert run is not None
    return run


def test_the_pipeline_classifies_and_analyses_the_warehouse(
    classified: PipelineReport, db: Session
) -> None:
    assert "产业链分类与分析" in classified.steps
    run = _latest(db)
    assert (run.enterprises, run.assigned, run.labels_used) == (4, 3, 0)
    assert _main_nodes(db, run.id) == {
        CELLS: ("battery_cells", "model"),
        CATHODE: ("cathode", "model"),
        MOTOR: ("drive_motors", "model"),
    }
    stats = {
        s.node_id: s
        for s in db.scalars(select(ChainNodeStat).where(ChainNodeStat.run_id == run.id))
    }
    cathode, motors = stats["cathode"], stats["drive_motors"]
    assert (cathode.local_enterprises, cathode.local_purchases_wan_yuan) == (1, 100.0)
    assert (motors.local_enterprises, motors.outside_dependence_pct) == (0, 100.0)
    assert motors.health == "missing" and stats["battery_cells"].health == "weak"
    assert run.completeness_pct is not None and 0 < run.completeness_pct < 100
    evidence = db.scalar(
        select(ChainAssignment.evidence).where(
            ChainAssignment.run_id == run.id, ChainAssignment.uscc == CATHODE
        )
    )
    assert evidence is not None and "产品“正极材料”" in evidence


def test_labels_apply_at_once_survive_reruns_and_are_audited(
    classified: PipelineReport,
    settings: Settings,
    database: Database,
    client: TestClient,
    db: Session,
) -> None:
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    admin, gov = bearer(api_token(client, "data")), bearer(api_token(client, "gov"))
    url = "/api/v1/chain/templates/new_energy_vehicle/labels"
    correction = {"uscc": MOTOR, "node_id": "motor_controllers", "reason": "主营电控"}
    assert client.post(url, json=correction, headers=gov).status_code == 403
    assert client.post(url, json=correction, headers=admin).status_code == 201
    assert client.post(url, json={"uscc": CELLS, "node_id": None}, headers=admin).status_code == 201
    unknown = client.post(url, json={"uscc": CELLS, "node_id": "nowhere"}, headers=admin)
    assert unknown.status_code == 422
    stranger = client.post(url, json={"uscc": make_uscc(699), "node_id": None}, headers=admin)
    assert stranger.status_code == 422 and "不在已发布的企业画像中" in stranger.json()["detail"]
    run = _latest(db)
    assert _main_nodes(db, run.id)[MOTOR] == ("motor_controllers", "confirmed")
    assert CELLS not in _main_nodes(db, run.id)
    _run(settings, database)
    rerun = _latest(db)
    assert rerun.id != run.id and rerun.labels_used == 2
    assert _main_nodes(db, rerun.id) == {
        CATHODE: ("cathode", "model"),
        MOTOR: ("motor_controllers", "confirmed"),
    }
    events = db.scalars(select(AuditEvent).where(AuditEvent.event_type == "chain.label")).all()
    assert [json.loads(e.detail)["previous_node_id"] for e in events] == [
        "drive_motors",
        "battery_cells",
    ]
    positions = client.get(f"/api/v1/chain/enterprises/{MOTOR}", headers=gov).json()
    nev = next(p for p in positions if p["template_id"] == "new_energy_vehicle")
    assert nev["nodes"][0]["node_id"] == "motor_controllers" and nev["label"]["by"] == "data"


def test_chain_pages_show_the_graph_nodes_and_take_corrections(
    classified: PipelineReport, client: TestClient, db: Session
) -> None:
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    csrf = _page_login(client, "data")
    index = client.get("/chain")
    assert index.status_code == 200 and "新能源汽车" in index.text
    page = client.get("/chain/new_energy_vehicle")
    assert page.status_code == 200 and 'id="chain-data"' in page.text
    assert "产业链健全度" in page.text and "分类准确率" in page.text
    node = client.get("/chain/new_energy_vehicle/nodes/cathode")
    assert node.status_code == 200 and "常州乙新材料有限公司" in node.text
    saved = client.post(
        "/chain/new_energy_vehicle/labels",
        data={"csrf_token": csrf, "uscc": CATHODE, "node_id": "anode", "back": "cathode"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    moved = client.get("/chain/new_energy_vehicle/nodes/anode")
    assert "常州乙新材料有限公司" in moved.text and "人工确认" in moved.text
    assert client.get("/chain/nowhere").status_code == 404


def test_worker_processes_classify_as_one_process_does(
    classified: PipelineReport,
    settings: Settings,
    database: Database,
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from industry_brain import lake
    from industry_brain.chain import pipeline
    from industry_brain.chain.template import get_template

    single = _latest(db)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    with lake.connect(settings) as con:
        run = pipeline.classify_warehouse(
            con,
            database=database,
            actor=Principal.system("test"),
            template=get_template("new_energy_vehicle"),
        )
    assert run.id != single.id
    db.rollback()
    assert _main_nodes(db, run.id) == _main_nodes(db, single.id)


def test_a_rerun_reuses_the_results_of_unchanged_enterprises(
    classified: PipelineReport,
    settings: Settings,
    database: Database,
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from industry_brain import lake
    from industry_brain.chain import pipeline
    from industry_brain.chain.template import get_template

    classified_now: list[int] = []
    original = pipeline._classify

    def counting(classifier: object, enterprises: list[object]) -> object:
        classified_now.append(len(enterprises))
        return original(classifier, enterprises)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_classify", counting)
    template = get_template("new_energy_vehicle")
    with lake.connect(settings) as con:
        con.execute("UPDATE ods.products SET product_name = '负极材料' WHERE uscc = ?", [CATHODE])
    _run(settings, database)  # the cathode maker's products changed: it alone is classified
    assert classified_now[0] == 1
    run = _latest(db)
    assert _main_nodes(db, run.id)[CATHODE] == ("anode", "model")
    assert _main_nodes(db, run.id)[CELLS] == ("battery_cells", "model")
    with database.writer() as session:
        from industry_brain.chain.actions import do_label_enterprise

        do_label_enterprise(
            session,
            actor=Principal.system("test"),
            template_id=template.id,
            uscc=FOOD,
            node_id=None,
        )
    classified_now.clear()
    _run(settings, database)  # a new label trains the classifier: everything is classified
    assert classified_now[0] == 3
