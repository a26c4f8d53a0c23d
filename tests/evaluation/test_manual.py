"""Entering values by hand: the value's kind and unit checked with both named, evidence
required, nothing half-saved (no row, no file, no audit row), the audit row of an entry,
the newest entry counting, and who may enter."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.errors import DomainError, NotFoundError, PermissionDeniedError
from industry_brain.evaluation.actions import ManualIn, Upload, do_enter_manual_value
from industry_brain.evaluation.manual import latest_entries
from industry_brain.evaluation.models import EvidenceFile, ManualValue
from industry_brain.settings import Settings
from tests.evaluation.support import DATA_ADMIN, GOV_READER, SYSTEM


def _enter(
    database: Database, settings: Settings, key: str, value: str, *, unit: str = "",
    files: list[Upload] | None = None, max_bytes: int = 1024,
) -> int:  # fmt: skip
    uploads = [Upload(io.BytesIO(b"%PDF-1.4 audit"), "审计报告.pdf")] if files is None else files
    with database.writer() as db:
        row = do_enter_manual_value(
            db, actor=DATA_ADMIN, data_dir=settings.data_dir, system=SYSTEM, year=2025,
            data=ManualIn(key=key, value=value, unit=unit, note="依据审计报告"), files=uploads,
            max_bytes=max_bytes,
        )  # fmt: skip
        return row.id


def _kept(database: Database, settings: Settings) -> tuple[int, int, int, int]:
    with database.reader() as db:
        counts = [
            db.scalar(select(func.count()).select_from(ManualValue)),
            db.scalar(select(func.count()).select_from(EvidenceFile)),
            db.scalar(select(func.count()).select_from(AuditEvent)
                      .where(AuditEvent.event_type == "evaluation.manual.enter")),
        ]  # fmt: skip
    folder = settings.data_dir / "raw" / "evaluation"
    files = sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    return (*(int(c or 0) for c in counts), files)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("key", "value", "unit", "message"),
    [
        ("m-2", "1.5", "万元", "单位“万元”与“业务收益”的单位“亿元”不符，请换算后填写"),
        ("m-2", "一点五", "", "“业务收益”应填写数字（单位：亿元），收到“一点五”"),
        ("m-3", "20.5", "家", "“服务企业数量”是计数（家），应填写不小于 0 的整数，收到“20.5”"),
        ("m-1", "也许", "", "“技术架构完备性”应填写“是”或“否”，收到“也许”"),
        ("m-4", "  ", "", "请填写“推广案例”的值"),
        ("score:m-4", "11", "", "“推广案例（评分）”应在 0 到 10 分之间，收到“11”"),
        ("score:m-5", "1", "", "指标“应用场景”不计分"),
    ],
)
def test_wrong_kind_or_unit_is_refused_and_nothing_kept(
    database: Database, settings: Settings, key: str, value: str, unit: str, message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _enter(database, settings, key, value, unit=unit)
    assert refused.value.message == message
    assert _kept(database, settings) == (0, 0, 0, 0)


def test_unknown_indicator_or_condition_is_named(database: Database, settings: Settings) -> None:
    with pytest.raises(NotFoundError, match="迷你指标体系”中没有指标“m-99”"):
        _enter(database, settings, "m-99", "1")
    with pytest.raises(NotFoundError, match="没有分级条件“nope”"):
        _enter(database, settings, "condition:nope", "是")


def test_evidence_is_required(database: Database, settings: Settings) -> None:
    with pytest.raises(DomainError, match="请上传“业务收益”的证明材料"):
        _enter(database, settings, "m-2", "1.5", files=[])
    with pytest.raises(DomainError, match="请上传"):
        _enter(database, settings, "m-2", "1.5", files=[Upload(io.BytesIO(b""), "")])
    assert _kept(database, settings) == (0, 0, 0, 0)


def test_a_bad_second_file_leaves_nothing_half_saved(
    database: Database, settings: Settings
) -> None:
    good = Upload(io.BytesIO(b"%PDF ok"), "审计报告.pdf")
    for bad, said in (
        (Upload(io.BytesIO(b""), "空.pdf"), "证明材料“空.pdf”是空文件"),
        (Upload(io.BytesIO(b"x" * 2048), "大.pdf"), "证明材料“大.pdf”超过上限 1.0 KB"),
    ):
        good.stream.seek(0)
        with pytest.raises(DomainError, match=said):
            _enter(database, settings, "m-2", "1.5", files=[good, bad])
        assert _kept(database, settings) == (0, 0, 0, 0)


def test_a_failing_commit_removes_the_files(
    database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("industry_brain.evaluation.actions.audit.append", broken)
    with pytest.raises(RuntimeError):
        _enter(database, settings, "m-2", "1.5")
    assert _kept(database, settings) == (0, 0, 0, 0)


def test_entry_is_kept_with_evidence_and_audited(
    database: Database, settings: Settings, db: Session
) -> None:
    value_id = _enter(database, settings, "m-2", "1.50", unit="亿元")
    assert _kept(database, settings) == (1, 1, 1, 1)
    row = db.get(ManualValue, value_id)
    assert row is not None and (row.value, row.unit, row.entered_by) == ("1.5", "亿元", "data")
    file = db.scalars(select(EvidenceFile)).one()
    kept = settings.data_dir / file.relative_path
    assert kept.read_bytes() == b"%PDF-1.4 audit" and kept.name == "审计报告.pdf"
    assert Path(file.relative_path).parts[:4] == ("raw", "evaluation", "mini", "2025")
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "evaluation.manual.enter")
    ).one()
    detail = json.loads(event.detail or "{}")
    assert detail["key"] == "m-2" and detail["value"] == 1.5 and detail["unit"] == "亿元"
    assert detail["evidence"][0]["sha256"] == file.sha256


def test_the_newest_entry_counts(database: Database, settings: Settings, db: Session) -> None:
    _enter(database, settings, "m-3", "30")
    _enter(database, settings, "m-3", "35", unit="家")
    _enter(database, settings, "condition:basic-function-1", "否")
    entries = latest_entries(db, SYSTEM, 2025)
    assert entries["m-3"].value == 35 and entries["condition:basic-function-1"].value is False
    assert latest_entries(db, SYSTEM, 2024) == {}


def test_readers_may_not_enter(database: Database, settings: Settings) -> None:
    with database.writer() as db, pytest.raises(PermissionDeniedError):
        do_enter_manual_value(
            db, actor=GOV_READER, data_dir=settings.data_dir, system=SYSTEM, year=2025,
            data=ManualIn(key="m-2", value="1"), files=[Upload(io.BytesIO(b"x"), "a.pdf")],
        )  # fmt: skip
