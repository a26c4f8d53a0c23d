"""Through the real import and pipeline: two runs raise each warning once, and a corrected
past month, re-imported, is re-evaluated on the same warning."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from industry_brain.accounts.principal import Principal
from industry_brain.alerts.models import AlertRule, AlertWarning, AlertWarningEvent
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import run_pipeline
from tests.factories import make_uscc
from tests.warehouse.conftest import write_csv

ALPHA, BETA = make_uscc(801), make_uscc(802)
PERIODS = [f"{2023 + month // 12}-{month % 12 + 1:02d}" for month in range(24)]
ACTOR = Principal.system("test")


def _load(settings: Settings, database: Database, folder: Path, standard: str,
          lines: list[str]) -> None:  # fmt: skip
    path = write_csv(folder / f"{standard}-{len(lines)}.csv", lines)
    result = import_file(settings=settings, database=database, standard_code=standard,
                         path=path, actor=ACTOR)  # fmt: skip
    assert result.rejected == 0, result


def _alpha_warnings(database: Database) -> list[tuple[int, str, str]]:
    with database.reader() as db:
        rows = db.execute(
            select(AlertWarning.id, AlertWarning.level, AlertWarning.status)
            .join(AlertRule, AlertRule.id == AlertWarning.rule_id)
            .where(AlertWarning.subject_key == ALPHA, AlertRule.name == "营业收入同比降幅")
        ).all()
    return [(int(i), str(level), str(status)) for i, level, status in rows]


def _all(database: Database) -> list[tuple[int, str, int]]:
    with database.reader() as db:
        rows = db.execute(
            select(AlertWarning.rule_id, AlertWarning.subject_key, func.count())
            .group_by(AlertWarning.rule_id, AlertWarning.subject_key)
            .order_by(AlertWarning.rule_id, AlertWarning.subject_key)
        ).all()
    return [(int(r), str(s), int(n)) for r, s, n in rows]


def test_two_runs_and_a_corrected_month_keep_one_warning(
    tmp_path: Path, settings: Settings, database: Database
) -> None:
    _load(settings, database, tmp_path, "registry", [
        "统一社会信用代码,企业名称,注册地址,行业代码,登记状态,是否规上",
        f"{ALPHA},常州甲动力电池有限公司,江苏省常州市武进区常武中路1号,3841,存续,是",
        f"{BETA},常州乙电机有限公司,江苏省常州市武进区常武中路2号,3812,存续,否",
    ])  # fmt: skip
    operations = ["统一社会信用代码,期间,营业收入(万元)"]
    for month, period in enumerate(PERIODS):  # ALPHA 40% down in the second year
        operations += [f"{ALPHA},{period},{60 if month >= 12 else 100}", f"{BETA},{period},50"]
    _load(settings, database, tmp_path, "operations", operations)
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    run_pipeline(settings=settings, database=database, actor=ACTOR)
    first = _alpha_warnings(database)
    assert [(level, status) for _, level, status in first] == [("黄", "open")]
    every = _all(database)
    assert all(count == 1 for *_, count in every)
    report = run_pipeline(settings=settings, database=database, actor=ACTOR)
    assert "新预警 0" in report.steps["经济风险预警评估"]
    assert _all(database) == every and _alpha_warnings(database) == first
    # The statistics office corrects ALPHA's 2023-12 revenue: 250, not 100 (76% down now).
    _load(settings, database, tmp_path, "operations",
          ["统一社会信用代码,期间,营业收入(万元)", f"{ALPHA},2023-12,250"])  # fmt: skip
    run_pipeline(settings=settings, database=database, actor=ACTOR)
    assert _alpha_warnings(database) == [(first[0][0], "红", "open")]
    assert _all(database) == every
    with database.reader() as db:
        kinds = db.scalars(
            select(AlertWarningEvent.kind)
            .where(AlertWarningEvent.warning_id == first[0][0])
            .order_by(AlertWarningEvent.id)
        ).all()
    assert kinds == ["raised", "escalated"]
