"""Grading on a hand-made system: measured conditions on their boundaries, conditions
confirmed by hand, the grade reached, next steps, points by item and category, and the
Zhejiang checks file validated against the transcribed system."""

from __future__ import annotations

import io

import pytest
from sqlalchemy.orm import Session

from industry_brain.db import Database
from industry_brain.errors import ValidationFailedError
from industry_brain.evaluation.actions import ManualIn, Upload, do_enter_manual_value
from industry_brain.evaluation.checks import checks_for, parse_checks
from industry_brain.evaluation.model import Evaluation
from industry_brain.evaluation.service import evaluate_system
from industry_brain.settings import Settings
from tests.evaluation.support import CHECKS, DATA_ADMIN, SYSTEM, bindings_with, fixed


def _evaluate(db: Session, served: int | None) -> Evaluation:
    return evaluate_system(db, SYSTEM, 2025, bindings=bindings_with(served), checks=CHECKS)


def _status(evaluation: Evaluation, condition_id: str) -> tuple[str, str]:
    found = next(c for c in evaluation.conditions if c.condition.id == condition_id)
    return found.status, found.reason


def _enter(database: Database, settings: Settings, key: str, value: str) -> None:
    with database.writer() as db:
        do_enter_manual_value(
            db, actor=DATA_ADMIN, data_dir=settings.data_dir, system=SYSTEM, year=2025,
            data=ManualIn(key=key, value=value), files=[Upload(io.BytesIO(b"%PDF"), "证明.pdf")],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("served", "status", "said"),
    [
        (19, "not_met", "服务企业 19家，未达到 20家（还差 1家）"),
        (20, "met", "服务企业 20家，达到 20家"),
        (21, "met", "服务企业 21家，达到 20家"),
    ],
)
def test_served_enterprises_boundary(db: Session, served: int, status: str, said: str) -> None:
    assert _status(_evaluate(db, served), "basic-operation-2") == (status, said)


def test_no_data_asks_for_a_person_and_never_counts_as_zero(db: Session) -> None:
    evaluation = _evaluate(db, None)
    status, reason = _status(evaluation, "basic-operation-2")
    assert status == "manual"
    assert reason == "服务企业无数据（2025年没有使用记录），需人工确认"
    served = next(v for v in evaluation.values if v.indicator.id == "m-3")
    assert (served.status, served.value, served.missing) == ("missing", None, "2025年没有使用记录")
    assert "score" not in served.detail
    operation = next(s for s in evaluation.scores if s.category.path == ("运营情况",))
    assert (operation.score, operation.unscored) == (0, 40)


def test_threshold_with_a_judgement_part(
    db: Session, database: Database, settings: Settings
) -> None:
    assert _status(_evaluate(db, 49), "excellent-operation-2")[0] == "not_met"
    status, reason = _status(_evaluate(db, 50), "excellent-operation-2")
    assert status == "manual"
    assert reason == "服务企业 50家，达到 50家；“为企业实现降本增效成效显著”需人工确认"
    _enter(database, settings, "condition:excellent-operation-2", "是")
    db.rollback()
    status, reason = _status(_evaluate(db, 50), "excellent-operation-2")
    assert status == "met"
    assert reason.endswith("“为企业实现降本增效成效显著”已确认（data 确认，证明材料 1 份）")
    assert _status(_evaluate(db, 49), "excellent-operation-2")[0] == "not_met"  # no override


def test_grade_needs_every_condition_of_it_and_below(
    db: Session, database: Database, settings: Settings
) -> None:
    evaluation = _evaluate(db, 60)
    assert evaluation.grade is None
    assert evaluation.next_steps == (
        "基础级·基础功能（待确认）：具备互联网门户——需人工确认，并上传证明材料",
    )
    _enter(database, settings, "condition:basic-function-1", "是")
    db.rollback()
    evaluation = _evaluate(db, 60)
    assert evaluation.grade == "基础级"
    assert len(evaluation.next_steps) == 1 and evaluation.next_steps[0].startswith(
        "卓越级·运营情况（待确认）"
    )
    _enter(database, settings, "condition:excellent-operation-2", "是")
    db.rollback()
    evaluation = _evaluate(db, 60)
    assert evaluation.grade == "卓越级"
    assert evaluation.next_steps == ("已达到最高等级“卓越级”的全部条件。",)
    assert evaluation.grade is not None and _evaluate(db, 19).grade is None


def test_points_by_scale_by_assessor_and_unscored(
    db: Session, database: Database, settings: Settings
) -> None:
    evaluation = _evaluate(db, 45)
    served = next(v for v in evaluation.values if v.indicator.id == "m-3")
    assert served.detail["score"] == 9.0  # 45/100 of 20 points
    assert evaluation.total == 9.0
    assert [(s.score, s.unscored) for s in evaluation.scores] == [(0, 10), (9.0, 20)]
    _enter(database, settings, "m-1", "是")
    _enter(database, settings, "score:m-4", "7.5")
    _enter(database, settings, "m-3", "120")  # a manual value overrides the measured 45
    db.rollback()
    evaluation = _evaluate(db, 45)
    served = next(v for v in evaluation.values if v.indicator.id == "m-3")
    assert (served.status, served.value, served.detail["measured"]) == ("manual", 120, 45)
    assert served.detail["score"] == 20.0
    assert [(s.score, s.unscored) for s in evaluation.scores] == [(10, 0), (27.5, 10)]
    assert evaluation.total == 37.5
    assert [v.indicator.name for v in evaluation.missing] == ["业务收益", "推广案例", "应用场景"]


def test_zhejiang_checks_match_the_transcribed_system() -> None:
    from industry_brain.evaluation.systems import get_system

    system = get_system("zhejiang-2025")
    checks = checks_for(system)
    assert checks is not None
    assert checks.conditions["basic-operation-2"].at_least == 20
    assert checks.conditions["basic-service-1"].binding == "usage.scenarios"
    assert set(checks.scales) == {"zj-1", "zj-5", "zj-7", "zj-18", "zj-21", "zj-22"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"system": "mini", "conditions": {"nope": {}}}, "conditions.nope: mini 中没有"),
        ({"system": "mini", "conditions": {"basic-operation-2": {"binding": "a.b", "what": "x",
          "at_least": "二十"}}}, "conditions.basic-operation-2.at_least: 应为正数"),
        ({"system": "mini", "scales": {"m-5": {"bool": True}}}, "scales.m-5: 该指标不计分"),
        ({"system": "mini", "scales": {"m-1": {"bool": True, "odd": 1}}}, "未知字段 odd"),
    ],
)  # fmt: skip
def test_bad_checks_are_refused_with_the_entry_named(raw: object, message: str) -> None:
    with pytest.raises(ValidationFailedError, match=message):
        parse_checks(raw, SYSTEM, file="mini.yaml")


def _zhejiang(db: Session, served: int | None, scenarios: int | None) -> Evaluation:
    from industry_brain.evaluation.systems import get_system

    system = get_system("zhejiang-2025")
    bindings = {
        "usage.served_enterprises": fixed("usage.served_enterprises", served),
        "usage.scenarios": fixed("usage.scenarios", scenarios, unit="个"),
    }
    return evaluate_system(db, system, 2025, bindings=bindings, checks=checks_for(system))


@pytest.mark.parametrize(
    ("condition_id", "served", "scenarios", "status"),
    [
        ("basic-operation-2", 19, None, "not_met"),
        ("basic-operation-2", 20, None, "met"),
        ("basic-operation-2", 21, None, "met"),
        ("excellent-operation-2", 49, None, "not_met"),
        ("excellent-operation-2", 50, None, "manual"),  # 成效显著 still to be confirmed
        ("leading-operation-2", 99, None, "not_met"),
        ("leading-operation-2", 100, None, "manual"),
        ("basic-service-1", None, 1, "not_met"),
        ("basic-service-1", None, 2, "met"),
        ("excellent-service-1", None, 2, "not_met"),
        ("excellent-service-1", None, 3, "met"),
        ("leading-service-1", None, 3, "not_met"),
        ("leading-service-1", None, 4, "met"),
        ("basic-service-1", None, None, "manual"),
    ],
)
def test_zhejiang_thresholds_on_their_boundaries(
    db: Session, condition_id: str, served: int | None, scenarios: int | None, status: str
) -> None:
    assert _status(_zhejiang(db, served, scenarios), condition_id)[0] == status


def test_zhejiang_served_enterprises_points(db: Session) -> None:
    evaluation = _zhejiang(db, 45, 2)
    served = next(v for v in evaluation.values if v.indicator.id == "zj-18")
    assert served.detail["score"] == 3.0  # 45 of 100 家 × 20/3 分
    assert evaluation.total == 3.0
    assert _zhejiang(db, 150, 2).total == 6.67  # capped at the item's points
