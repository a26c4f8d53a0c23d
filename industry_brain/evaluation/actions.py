"""Audited changes of the evaluation: entering a value by hand (an indicator's value, the
confirmation of a grade condition, or the points of a judgement item) with its evidence, and
withdrawing such an entry with a reason, and freezing (定稿) a year's evaluation.

One entry is one transaction: the value row, its evidence rows and one audit row. The files
are written first and removed again when anything fails, so a refusal leaves nothing. A
withdrawal only marks the row (when, by whom, why) in one transaction with its audit row; the
row and its evidence files stay as the record. A freeze stores the evaluation as it stands
(the API's JSON and its SHA-256) in one transaction with its audit row; it is never changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError
from industry_brain.evaluation import evidence
from industry_brain.evaluation.manual import parse_value, target_for
from industry_brain.evaluation.model import IndicatorSystem
from industry_brain.evaluation.models import EvidenceFile, ManualValue, Snapshot

POLICY = "evaluation"
YEARS = range(2000, 2101)


@dataclass(frozen=True)
class Upload:
    """One evidence file as received: its stream and the name it was uploaded under."""

    stream: BinaryIO
    name: str


@dataclass(frozen=True)
class ManualIn:
    """What an operator enters: the key, the value as typed, its unit (optional) and a note."""

    key: str
    value: str
    unit: str = ""
    note: str = ""


def do_enter_manual_value(
    db: Session, *, actor: Principal, data_dir: Path, system: IndicatorSystem, year: int,
    data: ManualIn, files: Sequence[Upload],
    max_bytes: int = evidence.EVIDENCE_MAX_BYTES,
) -> ManualValue:  # fmt: skip
    """Enter a value by hand with at least one evidence file (audited); the newest entry of
    a key counts. Refused, with nothing kept, on a wrong kind or unit or without evidence."""
    require(actor, POLICY, "create")
    if year not in YEARS:
        raise ValidationFailedError(f"年份应在 {YEARS[0]} 到 {YEARS[-1]} 之间", field="year")
    target = target_for(system, data.key)
    text, value = parse_value(target, data.value, data.unit)
    chosen = [f for f in files if f.name]
    if not chosen:
        raise ValidationFailedError(
            f"请上传“{target.label}”的证明材料（如审计报告、证书、合同或截图）",
            field="evidence",
        )
    folder = evidence.new_folder(data_dir, system_id=system.id, year=year)
    try:
        stored = [
            evidence.store(data_dir, folder, stream=f.stream, name=f.name, max_bytes=max_bytes)
            for f in chosen
        ]
        note = data.note.strip()
        row = ManualValue(
            system_id=system.id, indicator=data.key, year=year, value=text,
            unit=target.unit, note=note, entered_by=actor.username, entered_at=utcnow(),
        )  # fmt: skip
        db.add(row)
        db.flush()
        db.add_all(
            EvidenceFile(value_id=row.id, filename=s.name, sha256=s.sha256, size=s.size,
                         relative_path=s.relative)
            for s in stored
        )  # fmt: skip
        audit.append(
            db, actor=actor, event_type="evaluation.manual.enter",
            object_type="evaluation_manual_value", object_id=row.id,
            detail={"system": system.id, "year": year, "key": data.key, "name": target.label,
                    "value": value, "unit": target.unit, "note": note,
                    "evidence": [{"name": s.name, "sha256": s.sha256, "bytes": s.size}
                                 for s in stored]},
        )  # fmt: skip
        db.commit()
    except BaseException:
        db.rollback()
        evidence.discard(data_dir, folder)
        raise
    return row


def do_withdraw_manual_value(
    db: Session, *, actor: Principal, system: IndicatorSystem, year: int, value_id: int,
    reason: str,
) -> ManualValue:  # fmt: skip
    """Withdraw a manual value with a reason (audited): the newest entry not withdrawn counts
    again, else the measured value. Refused without a reason, for an entry of another system
    or year, and for one already withdrawn."""
    require(actor, POLICY, "create")
    why = reason.strip()
    if not why:
        raise ValidationFailedError("请填写撤回原因", field="reason")
    if len(why) > 2000:
        raise ValidationFailedError("撤回原因不能超过 2000 字", field="reason")
    row = db.get(ManualValue, value_id)
    if row is None or row.system_id != system.id or row.year != year:
        raise NotFoundError(f"{system.title} {year}年没有编号为 {value_id} 的填报值")
    if row.withdrawn_at is not None:
        raise ConflictError(
            f"编号为 {value_id} 的填报值已于 {row.withdrawn_at:%Y-%m-%d %H:%M} UTC 由 "
            f"{row.withdrawn_by} 撤回"
        )
    try:
        label = target_for(system, row.indicator).label
    except (NotFoundError, ValidationFailedError):
        label = row.indicator
    try:
        row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = utcnow(), actor.username, why
        audit.append(
            db, actor=actor, event_type="evaluation.manual.withdraw",
            object_type="evaluation_manual_value", object_id=row.id,
            detail={"system": system.id, "year": year, "key": row.indicator, "name": label,
                    "value": row.value, "unit": row.unit, "entered_by": row.entered_by,
                    "entered_at": row.entered_at.isoformat(), "reason": why},
        )  # fmt: skip
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return row


def do_freeze_evaluation(
    db: Session, *, actor: Principal, system_id: str, year: int, note: str = ""
) -> Snapshot:
    """Freeze (定稿) the year's evaluation as it stands now (audited); later changes of the
    data leave the snapshot as it was. Refused for a year without any value."""
    from industry_brain.evaluation.service import evaluate
    from industry_brain.evaluation.snapshots import digest, to_payload

    require(actor, POLICY, "create")
    if year not in YEARS:
        raise ValidationFailedError(f"年份应在 {YEARS[0]} 到 {YEARS[-1]} 之间", field="year")
    text = note.strip()
    if len(text) > 2000:
        raise ValidationFailedError("定稿说明不能超过 2000 字", field="note")
    evaluation = evaluate(db, system_id, year)
    if all(value.status == "missing" for value in evaluation.values):
        raise ValidationFailedError(
            f"{evaluation.system.title} {year}年没有任何可计算或已填报的指标值，不能定稿："
            "请先检查该年度数据是否已入库，或人工填报",
            field="year",
        )
    payload = to_payload(evaluation)
    row = Snapshot(
        system_id=evaluation.system.id, year=year, payload=payload, sha256=digest(payload),
        note=text, created_by=actor.username, created_at=utcnow(),
    )  # fmt: skip
    try:
        db.add(row)
        db.flush()
        audit.append(
            db, actor=actor, event_type="evaluation.freeze",
            object_type="evaluation_snapshot", object_id=row.id,
            detail={"system": row.system_id, "year": year, "sha256": row.sha256, "note": text,
                    "grade": evaluation.grade, "total": evaluation.total,
                    "missing": len(evaluation.missing)},
        )  # fmt: skip
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return row
