"""Withdrawing a value entered by hand: the newest entry not withdrawn counts again, else the
measured value; the history keeps every entry with its evidence; one audit row; refusals
without a reason, for another system or year, for an entry already withdrawn, and for
readers."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.audit.models import AuditEvent
from industry_brain.audit.service import EVENT_LABELS
from industry_brain.db import Database
from industry_brain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from industry_brain.evaluation.actions import (
    ManualIn,
    Upload,
    do_enter_manual_value,
    do_withdraw_manual_value,
)
from industry_brain.evaluation.manual import entry_history, latest_entries
from industry_brain.evaluation.model import IndicatorValue
from industry_brain.evaluation.models import EvidenceFile
from industry_brain.evaluation.service import evaluate_system
from industry_brain.settings import Settings
from tests.evaluation.support import CHECKS, DATA_ADMIN, GOV_READER, SYSTEM, bindings_with


def _enter(database: Database, settings: Settings, key: str, value: str) -> int:
    with database.writer() as db:
        row = do_enter_manual_value(
            db, actor=DATA_ADMIN, data_dir=settings.data_dir, system=SYSTEM, year=2025,
            data=ManualIn(key=key, value=value, note=f"填 {value}"),
            files=[Upload(io.BytesIO(f"%PDF {value}".encode()), f"证明-{value}.pdf")],
        )  # fmt: skip
        return row.id


def _withdraw(database: Database, value_id: int, reason: str = "误填", year: int = 2025) -> None:
    with database.writer() as db:
        do_withdraw_manual_value(
            db, actor=DATA_ADMIN, system=SYSTEM, year=year, value_id=value_id, reason=reason
        )


def _served(db: Session) -> IndicatorValue:
    db.rollback()
    evaluation = evaluate_system(db, SYSTEM, 2025, bindings=bindings_with(30), checks=CHECKS)
    return next(v for v in evaluation.values if v.indicator.id == "m-3")


def test_withdrawing_restores_the_measured_value(
    database: Database, settings: Settings, db: Session
) -> None:
    first = _enter(database, settings, "m-3", "40")
    assert (_served(db).status, _served(db).value) == ("manual", 40)
    _withdraw(database, first, "误填：40 为 2024 年数")
    served = _served(db)
    assert (served.status, served.value, served.evidence) == ("measured", 30, ())
    assert served.detail["score"] == 6.0  # 30 家 of 20 分 at 100 家 → 6 分, from the measured value
    history = entry_history(db, SYSTEM, 2025)["m-3"]
    assert [(e.id, e.value, e.withdrawn_by, e.withdrawn_reason) for e in history] == [
        (first, 40, "data", "误填：40 为 2024 年数")
    ]
    assert [f.filename for f in history[0].evidence] == ["证明-40.pdf"]  # the record stays
    file = db.scalars(select(EvidenceFile)).one()
    assert (settings.data_dir / file.relative_path).read_bytes() == b"%PDF 40"


def test_the_newest_entry_not_withdrawn_counts_again(
    database: Database, settings: Settings, db: Session
) -> None:
    older = _enter(database, settings, "m-3", "35")
    newer = _enter(database, settings, "m-3", "45")
    assert latest_entries(db, SYSTEM, 2025)["m-3"].id == newer
    _withdraw(database, newer)
    db.rollback()
    assert latest_entries(db, SYSTEM, 2025)["m-3"].id == older
    assert (_served(db).status, _served(db).value) == ("manual", 35)
    history = entry_history(db, SYSTEM, 2025)["m-3"]
    assert [(e.value, e.withdrawn_reason) for e in history] == [(45, "误填"), (35, None)]
    _withdraw(database, older)
    db.rollback()
    assert "m-3" not in latest_entries(db, SYSTEM, 2025)
    assert _served(db).status == "measured"


def test_withdrawing_a_confirmation_asks_for_a_person_again(
    database: Database, settings: Settings, db: Session
) -> None:
    confirmed = _enter(database, settings, "condition:basic-function-1", "是")
    db.rollback()
    evaluation = evaluate_system(db, SYSTEM, 2025, bindings=bindings_with(30), checks=CHECKS)
    assert evaluation.conditions[0].status == "met" and evaluation.grade == "基础级"
    _withdraw(database, confirmed)
    db.rollback()
    evaluation = evaluate_system(db, SYSTEM, 2025, bindings=bindings_with(30), checks=CHECKS)
    assert (evaluation.conditions[0].status, evaluation.conditions[0].reason) == (
        "manual", "需人工确认，并上传证明材料"
    )  # fmt: skip
    assert evaluation.grade is None


def test_withdrawal_is_audited(database: Database, settings: Settings, db: Session) -> None:
    value_id = _enter(database, settings, "m-2", "1.5")
    _withdraw(database, value_id, "  审计报告口径不符  ")
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "evaluation.manual.withdraw")
    ).one()
    assert (event.object_type, event.object_id) == ("evaluation_manual_value", str(value_id))
    detail = json.loads(event.detail or "{}")
    assert (detail["key"], detail["name"], detail["value"], detail["unit"]) == (
        "m-2", "业务收益", "1.5", "亿元"
    )  # fmt: skip
    assert (detail["reason"], detail["entered_by"]) == ("审计报告口径不符", "data")
    assert EVENT_LABELS["evaluation.manual.withdraw"] == "撤回评估数据"


def test_refusals(database: Database, settings: Settings, db: Session) -> None:
    value_id = _enter(database, settings, "m-2", "1.5")
    for blank in ("", "   "):
        with pytest.raises(ValidationFailedError, match="请填写撤回原因"):
            _withdraw(database, value_id, blank)
    with pytest.raises(NotFoundError, match="迷你指标体系 2024年没有编号为"):
        _withdraw(database, value_id, year=2024)
    with pytest.raises(NotFoundError):
        _withdraw(database, value_id + 100)
    with database.writer() as session, pytest.raises(PermissionDeniedError):
        do_withdraw_manual_value(
            session, actor=GOV_READER, system=SYSTEM, year=2025, value_id=value_id, reason="x"
        )
    db.rollback()
    assert latest_entries(db, SYSTEM, 2025)["m-2"].withdrawn_at is None
    _withdraw(database, value_id)
    with pytest.raises(ConflictError, match="已于 .* 由 data 撤回"):
        _withdraw(database, value_id, "再撤一次")
    db.rollback()
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "evaluation.manual.withdraw")
    ).all()
    assert len(events) == 1
