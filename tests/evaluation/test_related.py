"""Related platform figures of the Zhejiang judgement items (checks file validated, values and
reasons in ``detail["related"]``, never scored, on the page and in the 自评报告), and the
卓越级 condition 分析预警 measured from 运行监测指标 and 预警 on its boundaries."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.db import Database
from industry_brain.errors import ValidationFailedError
from industry_brain.evaluation import bindings as bindings_module
from industry_brain.evaluation.actions import ManualIn, Upload, do_enter_manual_value
from industry_brain.evaluation.checks import AllOf, Known, Threshold, checks_for, parse_checks
from industry_brain.evaluation.model import Binding, Evaluation, IndicatorValue, Measured, Scalar
from industry_brain.evaluation.reports.blocks import Table
from industry_brain.evaluation.reports.content import self_assessment
from industry_brain.evaluation.service import evaluate_system
from industry_brain.evaluation.systems import get_system
from industry_brain.settings import Settings
from tests.evaluation.support import DATA_ADMIN, SYSTEM
from tests.evaluation.test_pages_api import PAGE, _row, login

ZHEJIANG = get_system("zhejiang-2025")
NAMES = {
    "invest.leads": "招商线索数量", "invest.landed": "招商落地项目数量",
    "monitor.indicators": "运行监测指标数量", "alerts.warnings": "预警数量",
    "usage.scenarios": "应用场景数量",
}  # fmt: skip


def named(binding_id: str, value: Scalar | None, unit: str = "个") -> Binding:
    """Return a binding with its real name that always measures ``value``."""

    def compute(db: Session, year: int) -> Measured:
        missing = None if value is not None else f"{year}年没有{NAMES[binding_id]}记录"
        return Measured(value, unit, str(year), "测试", f"{year}年{NAMES[binding_id]}",
                        missing=missing)  # fmt: skip

    return Binding(binding_id, NAMES[binding_id], unit, compute)


def _zhejiang(db: Session, **values: Scalar | None) -> Evaluation:
    found = {k.replace("_", ".", 1): named(k.replace("_", ".", 1), v) for k, v in values.items()}
    return evaluate_system(db, ZHEJIANG, 2025, bindings=found, checks=checks_for(ZHEJIANG))


def _value(evaluation: Evaluation, indicator_id: str) -> IndicatorValue:
    return next(v for v in evaluation.values if v.indicator.id == indicator_id)


def _condition(evaluation: Evaluation, condition_id: str) -> tuple[str, str]:
    found = next(c for c in evaluation.conditions if c.condition.id == condition_id)
    return found.status, found.reason


def test_the_zhejiang_file_names_related_figures_and_the_warning_condition() -> None:
    checks = checks_for(ZHEJIANG)
    assert checks is not None
    assert checks.related == {
        "zj-4": ("usage.scenarios",),
        "zj-9": ("catalogue.offerings", "catalogue.requests_completed"),
        "zj-10": ("invest.leads", "invest.landed"),
        "zj-11": ("monitor.indicators", "alerts.warnings"),
        "zj-14": ("lake.size_tb", "lake.tables"),
        "zj-18": ("usage.served_enterprises", "usage.active_users"),
    }
    assert checks.conditions["excellent-service-3"] == AllOf(
        (Threshold("monitor.indicators", 1, "运行监测指标"), Known("alerts.warnings", "预警"))
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"related": {"m-4": ["nope.count"]}}, "mini.yaml: related.m-4: 未知的绑定“nope.count”"),
        ({"related": {"m-99": ["usage.served_enterprises"]}}, "mini.yaml: related.m-99: 没有"),
        ({"related": {"m-4": "usage.served_enterprises"}}, "related.m-4: 应为绑定编号的列表"),
        ({"related": ["m-4"]}, "mini.yaml: related: 应为映射"),
        ({"conditions": {"basic-function-1": {"all": [{"binding": "nope.count", "what": "x",
          "known": True}]}}}, "conditions.basic-function-1: 未知的绑定“nope.count”"),
        ({"conditions": {"basic-function-1": {"all": []}}}, "all: 应为非空列表"),
        ({"conditions": {"basic-function-1": {"all": [{"binding": "usage.served_enterprises",
          "what": "x", "known": True, "at_least": 1}]}}}, "all\\[0\\]: 应为 {known: true}"),
    ],
)  # fmt: skip
def test_bad_related_or_parts_are_refused_naming_file_and_item(raw: object, message: str) -> None:
    with pytest.raises(ValidationFailedError, match=message):
        parse_checks({"system": "mini", **raw}, SYSTEM, file="mini.yaml",  # type: ignore[dict-item]
                     bindings={"usage.served_enterprises"})  # fmt: skip


def test_related_figures_with_values_and_reasons_never_score(db: Session) -> None:
    evaluation = _zhejiang(db, invest_leads=12, invest_landed=None, usage_scenarios=0)
    ecosystem = _value(evaluation, "zj-10")
    assert ecosystem.detail["related"] == [
        {"name": "招商线索数量", "value": 12, "unit": "个", "period": "2025", "missing": None},
        {"name": "招商落地项目数量", "value": None, "unit": "个", "period": "2025",
         "missing": "2025年没有招商落地项目数量记录"},
    ]  # fmt: skip
    assert ecosystem.status == "missing" and "score" not in ecosystem.detail
    collaboration = _value(evaluation, "zj-4")  # a real 0 stays 0, not missing
    assert collaboration.detail["related"] == [
        {"name": "应用场景数量", "value": 0, "unit": "个", "period": "2025", "missing": None}
    ]
    lake = _value(evaluation, "zj-14").detail["related"]
    assert [(f["name"], f["value"], f["missing"]) for f in lake] == [
        ("lake.size_tb", None, "计算“lake.size_tb”尚未提供"),
        ("lake.tables", None, "计算“lake.tables”尚未提供"),
    ]
    more = _zhejiang(db, invest_leads=1000, invest_landed=50, usage_scenarios=0)
    assert (more.total, more.scores) == (evaluation.total, evaluation.scores)
    assert "score" not in _value(more, "zj-10").detail


@pytest.mark.parametrize(
    ("indicators", "warnings", "status", "reason"),
    [
        (1, 0, "met", "运行监测指标 1个，达到 1个；预警 0个（已计算）"),
        (12, 3, "met", "运行监测指标 12个，达到 1个；预警 3个（已计算）"),
        (0, 3, "not_met", "运行监测指标 0个，未达到 1个；预警 3个（已计算）"),
        (12, None, "not_met",
         "运行监测指标 12个，达到 1个；预警无数据（2025年没有预警数量记录）"),
        (None, 3, "not_met",
         "运行监测指标无数据（2025年没有运行监测指标数量记录）；预警 3个（已计算）"),
        (None, None, "manual", "运行监测指标无数据（2025年没有运行监测指标数量记录）；"
         "预警无数据（2025年没有预警数量记录），需人工确认"),
    ],
)  # fmt: skip
def test_warning_capability_is_measured(
    db: Session, indicators: int | None, warnings: int | None, status: str, reason: str
) -> None:
    evaluation = _zhejiang(db, monitor_indicators=indicators, alerts_warnings=warnings)
    assert _condition(evaluation, "excellent-service-3") == (status, reason)


def test_warning_capability_confirmed_by_hand_only_without_data(
    db: Session, database: Database, settings: Settings
) -> None:
    with database.writer() as session:
        do_enter_manual_value(
            session, actor=DATA_ADMIN, data_dir=settings.data_dir, system=ZHEJIANG, year=2025,
            data=ManualIn(key="condition:excellent-service-3", value="是"),
            files=[Upload(io.BytesIO(b"%PDF"), "预警报告.pdf")],
        )  # fmt: skip
    db.rollback()
    no_data = _zhejiang(db, monitor_indicators=None, alerts_warnings=None)
    status, reason = _condition(no_data, "excellent-service-3")
    assert status == "met"
    assert reason == (
        "运行监测指标无数据（2025年没有运行监测指标数量记录）；预警无数据（2025年没有预警数量记录）；"
        "人工确认已达到（data 确认，证明材料 1 份）"
    )
    shortfall = _zhejiang(db, monitor_indicators=0, alerts_warnings=3)
    assert _condition(shortfall, "excellent-service-3")[0] == "not_met"  # no override


def test_page_and_report_show_related_figures(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bindings_module.all_bindings()
    fake = {**real, "invest.leads": named("invest.leads", 12),
            "invest.landed": named("invest.landed", None)}  # fmt: skip
    monkeypatch.setattr(bindings_module, "all_bindings", lambda: fake)
    login(client, db, OrgType.GOVERNMENT, Role.MEMBER)
    row = _row(client.get(PAGE).text, "zj-10")
    assert "平台参考数据" in row
    assert "招商线索数量：12 个" in row
    missing = '<span class="tag bad">缺失</span> 2025年没有招商落地项目数量记录'
    assert f"招商落地项目数量：{missing}" in row
    lake = _row(client.get(PAGE).text, "zj-14")  # the real bindings over an empty platform
    assert "数据仓存储量：" in lake and "数据仓数据表数量：" in lake
    assert lake.count('<span class="tag bad">缺失</span>') == 3  # the value and both figures
    assert "：0" not in lake
    evaluation = _zhejiang(db, invest_leads=12, invest_landed=None)
    rows = [r for b in self_assessment(evaluation).blocks if isinstance(b, Table) for r in b.rows]
    ecosystem = next(r for r in rows if r[1] == "产业生态构建")
    assert ecosystem[4] == (
        "平台无法计算，需人工填报（附证明材料）。平台参考数据：招商线索数量 12 个（2025）；"
        "招商落地项目数量 缺数据（2025年没有招商落地项目数量记录）"
    )
