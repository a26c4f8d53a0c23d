"""The layer pipeline: ODS → DWD → DWS → ADS with SQLMesh, published to the serving DB."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.jobs import recent_jobs
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.factories import make_uscc
from tests.warehouse.conftest import Importer, write_csv
from tests.warehouse.test_ingest import HEADER

LOCAL_A, LOCAL_B, OUTSIDE = make_uscc(301), make_uscc(302), make_uscc(303)
REGISTRY = [
    HEADER,
    f"{LOCAL_A},常州甲电池有限公司,2015-01-01,5000,江苏省常州市武进区常武中路18号,3841,电池,存续,是,300",
    f"{LOCAL_B},常州乙电机有限公司,2012-01-01,800,江苏省常州市新北区华山路8号,3812,电机,存续,否,50",
    f"{OUTSIDE},深圳丙芯片有限公司,2010-01-01,9000,广东省深圳市南山区科技园1号,3973,芯片,存续,是,900",
]


def _operations(months: int) -> list[str]:
    lines = ["统一社会信用代码,期间,营业收入(万元),税收(万元),用电量(千瓦时)"]
    for index in range(months):
        period = f"{2023 + index // 12}-{index % 12 + 1:02d}"
        lines.append(f"{LOCAL_A},{period},{100 + index},{5 + index / 10},{10000 + index * 100}")
        lines.append(f"{LOCAL_B},{period},{50},{2},{3000}")
    return lines


@pytest.fixture
def loaded(tmp_path: Path, do_import: Importer, database: Database) -> None:
    """Two local enterprises with 24 months of operations and one outside enterprise."""
    assert do_import("registry", write_csv(tmp_path / "r.csv", REGISTRY)).accepted == 3
    assert do_import("operations", write_csv(tmp_path / "o.csv", _operations(24))).accepted == 48
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()


def _run(settings: Settings, database: Database) -> PipelineReport:
    return run_pipeline(settings=settings, database=database, actor=Principal.system("test"))


def test_layers_are_built_and_published(
    loaded: None, settings: Settings, database: Database
) -> None:
    report = _run(settings, database)
    assert report.model_rows["dwd.enterprise"] == 3
    assert report.model_rows["dwd.operations"] == 48
    assert report.published_rows["enterprise_profile"] == 3
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT uscc, county_code, is_local FROM ads_enterprise_profile")
        ).all()
        profile = {row[0]: (row[1], bool(row[2])) for row in rows}
        cluster = connection.execute(
            text(
                "SELECT enterprises, revenue_wan_yuan, revenue_yoy_pct FROM ads_cluster_month "
                "WHERE period = '2024-12-01'"
            )
        ).one()
    assert profile[LOCAL_A] == ("320412", True)
    assert profile[LOCAL_B] == ("320411", True)
    assert profile[OUTSIDE] == ("440305", False)
    # December 2024: A had 100+23, B 50; a year before A had 100+11, B 50.
    assert cluster[0] == 2
    assert float(cluster[1]) == pytest.approx(173.0)
    assert float(cluster[2]) == pytest.approx(round(100 * (173 / 161 - 1), 2))


def test_later_batches_override_and_runs_are_recorded(
    tmp_path: Path, loaded: None, do_import: Importer, settings: Settings, database: Database
) -> None:
    _run(settings, database)
    fix = ["统一社会信用代码,期间,营业收入(万元)", f"{LOCAL_B},2024-12,80"]
    assert do_import("operations", write_csv(tmp_path / "fix.csv", fix)).accepted == 1
    report = _run(settings, database)
    with lake.connect(settings, read_only=True) as con:
        revenue = con.execute(
            "SELECT revenue_wan_yuan FROM dwd.operations WHERE uscc = ? "
            "AND period = DATE '2024-12-01'",
            [LOCAL_B],
        ).fetchone()
    assert revenue is not None and float(revenue[0]) == 80.0
    jobs = recent_jobs(database, kind="pipeline")
    assert [job.status for job in jobs] == ["succeeded", "succeeded"]
    assert jobs[0].id == report.job_id and "发布应用层数据" in jobs[0].log


def test_cli_runs_the_pipeline_with_progress(
    loaded: None, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from industry_brain.cli import app

    monkeypatch.setenv("IB_DATA_DIR", str(settings.data_dir))
    cluster = CliRunner().invoke(
        app, ["cluster", "set", "--name", "常州集群", "--region", "999999"]
    )
    assert cluster.exit_code == 1 and "999999" in cluster.output
    result = CliRunner().invoke(app, ["pipeline", "run"])
    assert result.exit_code == 0, result.output
    assert "[100%] 完成" in result.output
    assert "ads.enterprise_profile" in result.output


def _flatten(nodes: list[dict[str, object]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for node in nodes:
        found.add((str(node["table"]), str(node["column"])))
        found |= _flatten(node["parents"])  # type: ignore[arg-type]
    return found


def test_catalogue_and_lineage_reach_the_template(
    loaded: None, settings: Settings, database: Database
) -> None:
    from industry_brain.warehouse.catalog import search, upstream

    _run(settings, database)
    with database.reader() as db:
        codes = {entry.code: entry for entry in search(db)}
        lineage = _flatten(
            upstream(db, table="serving.ads_enterprise_profile", column="revenue_12m_wan_yuan")
        )
        found = [entry.code for entry in search(db, query="用电量")]
    for code in (
        "template.operations",
        "ods.operations",
        "dwd.operations",
        "dws.enterprise_month",
        "ads.enterprise_profile",
        "serving.ads_enterprise_profile",
    ):
        assert code in codes, code
    assert codes["ods.operations"].row_count == 48
    assert codes["ods.operations"].grade == "重要"
    assert codes["ads.cluster_month"].grade == "重要", "inherits the strictest source grade"
    assert ("template.operations", "revenue_wan_yuan") in lineage
    assert ("ods.operations", "revenue_wan_yuan") in lineage
    assert ("dwd.operations", "revenue_wan_yuan") in lineage
    assert "template.operations" in found and "dws.enterprise_month" in found


def test_catalogue_pages_for_government_only(
    loaded: None, settings: Settings, database: Database, client: TestClient
) -> None:
    from industry_brain.accounts.roles import OrgType
    from tests.factories import PASSWORD, make_org, make_user

    _run(settings, database)
    with database.writer() as db:
        make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
        make_user(db, org=make_org(db), username="ent")
    for username, allowed in (("ent", False), ("gov", True)):
        client.cookies.clear()
        client.get("/login")
        client.post(
            "/login",
            data={
                "username": username,
                "password": PASSWORD,
                "login_csrf": client.cookies.get("ib_login_csrf"),
            },
        )
        assert client.get("/catalog").status_code == (200 if allowed else 403)
    found = client.get("/catalog", params={"q": "用电量"})
    assert "dws.enterprise_month" in found.text and "dwd.region" not in found.text
    entry = client.get("/catalog/serving.ads_enterprise_profile")
    assert entry.status_code == 200 and "近12个月营业收入" in entry.text
    lineage = client.get("/catalog/serving.ads_enterprise_profile/lineage/revenue_12m_wan_yuan")
    assert "template.operations" in lineage.text and "营业收入(万元)" in lineage.text


def test_province_and_city_columns_resolve_addresses_that_omit_them(
    tmp_path: Path, do_import: Importer, settings: Settings, database: Database
) -> None:
    # 鼓楼区 exists in 南京, 徐州, 福州 and 开封: alone, the address is resolved to 福州.
    lines = [
        HEADER + ",省份,城市",
        f"{make_uscc(311)},徐州甲机械有限公司,2015-01-01,100,鼓楼区中山路1号,3841,机械,存续,否,10,"
        "江苏省,徐州市",
        f"{make_uscc(312)},某乙机械有限公司,2015-01-01,100,鼓楼区中山北路2号,3841,机械,存续,否,10,,",
    ]
    assert do_import("registry", write_csv(tmp_path / "r.csv", lines)).accepted == 2
    _run(settings, database)
    with lake.connect(settings, read_only=True) as con:
        counties = dict(con.execute("SELECT name, county_code FROM dwd.enterprise").fetchall())
    assert counties == {"徐州甲机械有限公司": "320302", "某乙机械有限公司": "350102"}


def test_growth_compares_with_the_row_exactly_a_year_and_a_month_back(
    tmp_path: Path, do_import: Importer, settings: Settings, database: Database
) -> None:
    code = make_uscc(321)
    lines = ["统一社会信用代码,期间,营业收入(万元)"]
    for month in range(24):
        if month != 17:  # 2024-06 was never reported
            lines.append(f"{code},{2023 + month // 12}-{month % 12 + 1:02d},{100 + month}")
    assert do_import("operations", write_csv(tmp_path / "o.csv", lines)).accepted == 23
    _run(settings, database)
    with lake.connect(settings, read_only=True) as con:
        rows = con.execute(
            "SELECT strftime(period, '%Y-%m'), revenue_yoy_pct, revenue_mom_pct "
            "FROM dws.enterprise_month WHERE uscc = ? ORDER BY period",
            [code],
        ).fetchall()
    growth = {period: (yoy, mom) for period, yoy, mom in rows}
    assert growth["2023-12"] == (None, round(100 * (111 / 110 - 1), 2))
    assert growth["2024-07"] == (round(100 * (118 / 106 - 1), 2), None)  # no June to compare
    assert growth["2024-12"] == (round(100 * (123 / 111 - 1), 2), round(100 * (123 / 122 - 1), 2))
