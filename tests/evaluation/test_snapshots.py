"""Freezing (定稿) a year's evaluation: the payload is the API's JSON and reads back as the
same evaluation; a snapshot stays as frozen when values are entered or withdrawn later; one
audit row; refusals for a year without values, for readers, and for a snapshot of another
system or year."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.audit.models import AuditEvent
from industry_brain.audit.service import EVENT_LABELS
from industry_brain.db import Database
from industry_brain.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from industry_brain.evaluation.actions import (
    ManualIn,
    Upload,
    do_enter_manual_value,
    do_freeze_evaluation,
    do_withdraw_manual_value,
)
from industry_brain.evaluation.model import Evaluation
from industry_brain.evaluation.models import Snapshot
from industry_brain.evaluation.service import evaluate
from industry_brain.evaluation.snapshots import digest, from_payload, get_snapshot, to_payload
from industry_brain.evaluation.systems import get_system
from industry_brain.settings import Settings
from tests.evaluation.report_support import evaluation
from tests.evaluation.support import DATA_ADMIN, GOV_READER

SYSTEM_ID = "zhejiang-2025"


def _enter(database: Database, settings: Settings, key: str, value: str) -> int:
    with database.writer() as db:
        row = do_enter_manual_value(
            db, actor=DATA_ADMIN, data_dir=settings.data_dir, system=get_system(SYSTEM_ID),
            year=2025, data=ManualIn(key=key, value=value, note=f"填 {value}"),
            files=[Upload(io.BytesIO(f"%PDF {value}".encode()), f"证明-{value}.pdf")],
        )  # fmt: skip
        return row.id


def _freeze(database: Database, note: str = "报送版", year: int = 2025) -> Snapshot:
    with database.writer() as db:
        row = do_freeze_evaluation(db, actor=DATA_ADMIN, system_id=SYSTEM_ID, year=year, note=note)
        db.expunge(row)
        return row


def _value(ev: Evaluation, indicator_id: str) -> object:
    return next(v.value for v in ev.values if v.indicator.id == indicator_id)


def test_payload_reads_back_as_the_same_evaluation() -> None:
    for frozen in (evaluation(), evaluation(served=None)):
        payload = to_payload(frozen)
        assert from_payload(payload) == frozen
        assert json.loads(payload)["values"][0]["value"] is True  # 是 stays a bool, not 1
        assert len(digest(payload)) == 64


def test_snapshot_stays_as_frozen(database: Database, settings: Settings, db: Session) -> None:
    first = _enter(database, settings, "zj-17", "1.5")
    frozen = _freeze(database, "  报送省经信厅  ")
    assert (frozen.system_id, frozen.year, frozen.note, frozen.created_by) == (
        SYSTEM_ID, 2025, "报送省经信厅", "data"
    )  # fmt: skip
    assert frozen.sha256 == digest(frozen.payload)
    _enter(database, settings, "zj-17", "2.5")
    with database.writer() as session:
        do_withdraw_manual_value(session, actor=DATA_ADMIN, system=get_system(SYSTEM_ID),
                                 year=2025, value_id=first, reason="误填")  # fmt: skip
    db.rollback()
    live = evaluate(db, SYSTEM_ID, 2025)
    assert _value(live, "zj-17") == 2.5
    kept = get_snapshot(db, system_id=SYSTEM_ID, year=2025, snapshot_id=frozen.id)
    assert kept.payload == frozen.payload and digest(kept.payload) == frozen.sha256
    assert _value(from_payload(kept.payload), "zj-17") == 1.5
    second = _freeze(database, "")
    assert second.id != frozen.id and _value(from_payload(second.payload), "zj-17") == 2.5


def test_freeze_is_audited(database: Database, settings: Settings, db: Session) -> None:
    _enter(database, settings, "zj-17", "1.5")
    frozen = _freeze(database)
    event = db.scalars(select(AuditEvent).where(AuditEvent.event_type == "evaluation.freeze")).one()
    assert (event.object_type, event.object_id) == ("evaluation_snapshot", str(frozen.id))
    detail = json.loads(event.detail or "{}")
    assert (detail["system"], detail["year"], detail["note"]) == (SYSTEM_ID, 2025, "报送版")
    assert detail["sha256"] == frozen.sha256
    assert EVENT_LABELS["evaluation.freeze"] == "评估定稿"


def test_refusals(database: Database, settings: Settings, db: Session) -> None:
    with pytest.raises(ValidationFailedError, match="没有任何可计算或已填报的指标值，不能定稿"):
        _freeze(database)
    _enter(database, settings, "zj-17", "1.5")
    with database.writer() as session, pytest.raises(PermissionDeniedError):
        do_freeze_evaluation(session, actor=GOV_READER, system_id=SYSTEM_ID, year=2025, note="")
    with pytest.raises(ValidationFailedError, match="2000"):
        _freeze(database, "长" * 2001)
    with pytest.raises(NotFoundError, match="nowhere"), database.writer() as session:
        do_freeze_evaluation(session, actor=DATA_ADMIN, system_id="nowhere", year=2025, note="")
    frozen = _freeze(database)
    for system_id, year in ((SYSTEM_ID, 2024), ("hebei", 2025)):
        with pytest.raises(NotFoundError, match="没有编号为"):
            get_snapshot(db, system_id=system_id, year=year, snapshot_id=frozen.id)
    db.rollback()
    assert len(db.scalars(select(Snapshot)).all()) == 1
    events = db.scalars(select(AuditEvent).where(AuditEvent.event_type == "evaluation.freeze"))
    assert len(events.all()) == 1
