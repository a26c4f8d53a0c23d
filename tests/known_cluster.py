"""A small 常州 cluster whose every published figure is known by hand.

Three enterprises, loaded through the real import path and pipeline (chain step included):

- ``ALPHA`` 常州甲新能源科技有限公司 (formerly 常州甲电池有限公司), 武进区 320412, with site
  coordinates, 规上, 24 months: revenue 100 a month then 120, employees 100 then 110, R&D 6 a
  month in the last year; 高新技术企业 (valid) and 专精特新 (expired 2020); 2 invention and
  3 utility patents. Scores: growth 0.7·(50+20) + 0.3·(50+10) = 67; innovation
  min(30, 6·2) + min(10, 3) + 20 (高新) + 0 (专精特新 expired) + min(25, 5·5.0) = 60;
  stability 100 · 24/24 · (1 − 0/100) = 100.
- ``BETA`` 常州乙材料有限公司, 新北区 320411, no coordinates (placed at the district's centre),
  not 规上, reports only the last 12 months (50 and 150 alternating): no growth or stability
  score (data missing), innovation 0. Supplies ALPHA 正极材料: 5 in 2023-06, 10 in 2024-11,
  20 in 2024-12 (12 months: 30; all: 35).
- ``GAMMA`` 深圳丙电子有限公司, 深圳市南山区 440305, outside the cluster, 迁出 status, no
  operations; supplies ALPHA 芯片 7 in 2024-12.

Fixtures: ``known_cluster`` loads it into the test's own data directory (for tests that change
data); ``known_app`` loads it once per session with an app client and a user of each kind (for
tests that only read); ``load_for_live_server`` loads it for a browser test's server.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from industry_brain.accounts import actions
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.conftest import api_token, bearer, make_settings
from tests.factories import make_org, make_uscc, make_user
from tests.warehouse.conftest import write_csv

ALPHA, BETA, GAMMA = make_uscc(701), make_uscc(702), make_uscc(703)
ALPHA_NAME, ALPHA_FORMER = "常州甲新能源科技有限公司", "常州甲电池有限公司"
WUJIN, XINBEI, NANSHAN = "320412", "320411", "440305"
ALPHA_SITE = (119.951234, 31.701234)
PERIODS = [f"{2023 + month // 12}-{month % 12 + 1:02d}" for month in range(24)]

REGISTRY = [
    "统一社会信用代码,企业名称,成立日期,注册资本(万元),注册地址,行业代码,经营范围,登记状态,"
    "是否规上,从业人数,经度,纬度",
    f"{ALPHA},{ALPHA_NAME},2015-01-01,5000,江苏省常州市武进区常武中路18号,3841,"
    f"锂离子动力电池研发生产,存续,是,110,{ALPHA_SITE[0]},{ALPHA_SITE[1]}",
    f"{BETA},常州乙材料有限公司,2016-01-01,900,江苏省常州市新北区华山路8号,3985,"
    "锂电池正极材料研发制造,存续,否,30,,",
    f"{GAMMA},深圳丙电子有限公司,2012-01-01,800,广东省深圳市南山区科技园1号,3973,"
    "芯片设计,迁出,否,40,,",
]
EVENTS = [
    "统一社会信用代码,事件类型,事件日期,变更前,变更后",
    f"{ALPHA},名称变更,2024-03-01,{ALPHA_FORMER},{ALPHA_NAME}",
    f"{GAMMA},迁出,2024-06-01,常州市,深圳市南山区",
]
HONORS = [
    "统一社会信用代码,荣誉名称,级别,认定日期,有效期至",
    f"{ALPHA},高新技术企业,国家级,2023-11-06,",
    f"{ALPHA},专精特新,省级,2017-12-31,2020-12-31",
]
PATENTS = [
    "统一社会信用代码,专利号,名称,类型,申请日,授权日,IPC",
    f"{ALPHA},ZL202310000001.1,一种电池模组,发明,2023-01-05,2024-02-01,H01M",
    f"{ALPHA},ZL202310000002.X,一种电池包,发明,2023-02-05,2024-03-01,H01M",
    f"{ALPHA},ZL202320000003.2,电池支架,实用新型,2023-03-05,2023-09-01,H01M",
    f"{ALPHA},ZL202320000004.0,电池托盘,实用新型,2023-04-05,2023-10-01,H01M",
    f"{ALPHA},ZL202320000005.9,电池壳体,实用新型,2023-05-05,2023-11-01,H01M",
]
RELATIONS = [
    "供方信用代码,需方信用代码,产品名称,金额(万元),期间,来源",
    f"{BETA},{ALPHA},正极材料,5,2023-06,采购合同",
    f"{BETA},{ALPHA},正极材料,10,2024-11,采购合同",
    f"{BETA},{ALPHA},正极材料,20,2024-12,采购合同",
    f"{GAMMA},{ALPHA},芯片,7,2024-12,发票",
]


def operations() -> list[str]:
    """ALPHA for 24 months, BETA for the last 12."""
    lines = ["统一社会信用代码,期间,营业收入(万元),从业人数,研发投入(万元)"]
    for month, period in enumerate(PERIODS):
        last_year = month >= 12
        lines.append(
            f"{ALPHA},{period},{120 if last_year else 100},{110 if last_year else 100},"
            f"{6 if last_year else ''}"
        )
        if last_year:
            lines.append(f"{BETA},{period},{150 if month % 2 else 50},30,")
    return lines


def load_known_cluster(settings: Settings, database: Database, folder: Path) -> PipelineReport:
    """Load the known cluster's files through the real import and pipeline."""
    actor = Principal.system("test")
    for standard, lines in (
        ("registry", REGISTRY),
        ("operations", operations()),
        ("events", EVENTS),
        ("honors", HONORS),
        ("patents", PATENTS),
        ("relations", RELATIONS),
    ):
        path = write_csv(folder / f"{standard}.csv", lines)
        result = import_file(
            settings=settings, database=database, standard_code=standard, path=path, actor=actor
        )
        assert result.rejected == 0, (standard, result)
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    return run_pipeline(settings=settings, database=database, actor=actor)


@pytest.fixture
def known_cluster(tmp_path: Path, settings: Settings, database: Database) -> PipelineReport:
    """Load the known cluster through the real import and pipeline."""
    return load_known_cluster(settings, database, tmp_path)


def load_for_live_server(tmp_path: Path) -> None:
    """Load the known cluster into the data directory of ``live_server`` (``tmp_path/var``)."""
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    try:
        load_known_cluster(settings, database, tmp_path)
    finally:
        database.dispose()


def enterprise_org(database: Database, *, name: str, uscc: str, username: str) -> None:
    """Create the organisation of an enterprise (by its code) with one member."""
    with database.writer() as db:
        org = actions.do_create_organisation(
            db,
            actor=Principal.system("test"),
            data=OrganisationCreate(name=name, org_type=OrgType.ENTERPRISE, uscc=uscc),
        )
        make_user(db, org=org, username=username)


@dataclass(frozen=True)
class KnownApp:
    """The app over the known cluster, and bearer headers of each kind of user."""

    client: TestClient
    database: Database
    government: dict[str, str]
    data_admin: dict[str, str]
    alpha: dict[str, str]  # a member of ALPHA's own organisation
    beta: dict[str, str]  # a member of BETA's organisation
    auditor: dict[str, str]


@pytest.fixture(scope="session")
def known_app(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[KnownApp]:
    """The known cluster loaded once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("known")
    (folder / "var").mkdir()
    shutil.copy(migrated_template, folder / "var" / "serving.db")
    settings = make_settings(folder / "var")
    database = Database.from_settings(settings)
    load_known_cluster(settings, database, folder)
    with database.writer() as db:
        make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="known_gov")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="known_data", roles=(Role.DATA_ADMIN,))
        make_user(db, org=operator, username="known_audit", roles=(Role.AUDIT_ADMIN,))
    enterprise_org(database, name=ALPHA_NAME, uscc=ALPHA, username="known_alpha")
    enterprise_org(database, name="常州乙材料有限公司", uscc=BETA, username="known_beta")
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield KnownApp(
            client=c,
            database=database,
            **{
                role: bearer(api_token(c, f"known_{name}"))
                for role, name in (
                    ("government", "gov"),
                    ("data_admin", "data"),
                    ("alpha", "alpha"),
                    ("beta", "beta"),
                    ("auditor", "audit"),
                )
            },
        )
    database.dispose()
