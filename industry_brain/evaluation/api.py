"""JSON API of the 指标体系评估 under /api/v1/evaluation (policy object ``evaluation``): the
indicator systems, one system evaluated for one year, values entered by hand with their
evidence (their history, and their withdrawal with a reason), the evidence files, and the
frozen snapshots (定稿) of a year's evaluation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.errors import NotFoundError
from industry_brain.evaluation import actions, evidence, snapshots
from industry_brain.evaluation.actions import ManualIn, Upload
from industry_brain.evaluation.checks import checks_for
from industry_brain.evaluation.model import Evaluation, Evidence
from industry_brain.evaluation.models import EvidenceFile, ManualValue, Snapshot
from industry_brain.evaluation.service import evaluate
from industry_brain.raw_files import download_response, upload_limit
from industry_brain.settings import Settings
from industry_brain.web.deps import ApiUser, DbDep, SettingsDep

router = APIRouter(prefix="/api/v1/evaluation", tags=["evaluation"])
POLICY = "evaluation"
Year = Annotated[int, Path(ge=actions.YEARS[0], le=actions.YEARS[-1], description="评估年度")]

KeyForm = Annotated[
    str, Form(max_length=100, description="指标编号，condition:<条件编号> 或 score:<指标编号>")
]
ValueForm = Annotated[str, Form(max_length=4000, description="数值、是/否或文字")]
UnitForm = Annotated[str, Form(max_length=20, description="单位（可省略；须与指标单位一致）")]
EvidenceForm = Annotated[
    list[UploadFile] | None, File(alias="evidence", description="证明材料（至少一份）")
]


class SystemOut(BaseModel):
    """An indicator system as listed."""

    id: str
    title: str
    issuer: str
    version: str
    source: str
    indicators: int
    grades: list[str]
    graded: bool  # whether the platform checks its grade conditions and scores its items


class ManualOut(BaseModel):
    """A value entered by hand, with its evidence."""

    id: int
    system_id: str
    year: int
    key: str
    value: str
    unit: str
    note: str
    entered_by: str
    entered_at: datetime
    evidence: list[Evidence]
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None


class WithdrawIn(BaseModel):
    """Why a manual value is withdrawn."""

    reason: str = Field("", max_length=2000, description="撤回原因（必填）")


class FreezeIn(BaseModel):
    """What a freeze (定稿) records besides the evaluation."""

    note: str = Field("", max_length=2000, description="定稿说明，如：报送省经信厅的版本")


class SnapshotOut(BaseModel):
    """A frozen evaluation as listed: who froze it and when, its grade, total and SHA-256."""

    id: int
    system_id: str
    year: int
    note: str
    created_by: str
    created_at: datetime
    sha256: str  # of the payload (the evaluation as JSON, UTF-8)
    grade: str | None
    total: float | None


class SnapshotDetail(SnapshotOut):
    """A frozen evaluation with the whole evaluation as it was (same shape as the live one)."""

    evaluation: Evaluation


def snapshot_out(row: Snapshot) -> SnapshotOut:
    """Return a snapshot as listed."""
    found = snapshots.summary(row)
    return SnapshotOut(
        id=row.id, system_id=row.system_id, year=row.year, note=row.note,
        created_by=row.created_by, created_at=row.created_at, sha256=row.sha256,
        grade=found.grade, total=found.total,
    )  # fmt: skip


def manual_out(db: Session, row: ManualValue) -> ManualOut:
    """Return a stored manual value with its evidence as the API shows it."""
    files = db.scalars(
        select(EvidenceFile).where(EvidenceFile.value_id == row.id).order_by(EvidenceFile.id)
    ).all()
    return ManualOut(
        id=row.id, system_id=row.system_id, year=row.year, key=row.indicator, value=row.value,
        unit=row.unit, note=row.note, entered_by=row.entered_by, entered_at=row.entered_at,
        evidence=[Evidence(id=f.id, filename=f.filename, sha256=f.sha256, size=f.size)
                  for f in files],
        withdrawn_at=row.withdrawn_at, withdrawn_by=row.withdrawn_by,
        withdrawn_reason=row.withdrawn_reason,
    )  # fmt: skip


def list_systems() -> list[SystemOut]:
    """Return every indicator system the plugins provide."""
    from industry_brain.evaluation.systems import all_systems

    return [
        SystemOut(
            id=s.id, title=s.title, issuer=s.issuer, version=s.version, source=s.source,
            indicators=len(s.indicators), grades=list(s.grades), graded=checks_for(s) is not None,
        )
        for s in all_systems().values()
    ]  # fmt: skip


def evidence_file(db: Session, system_id: str, year: int, evidence_id: int) -> EvidenceFile:
    """Return an evidence file of the system and year, or raise NotFoundError."""
    found = db.execute(
        select(EvidenceFile)
        .join(ManualValue, ManualValue.id == EvidenceFile.value_id)
        .where(
            EvidenceFile.id == evidence_id,
            ManualValue.system_id == system_id,
            ManualValue.year == year,
        )  # fmt: skip
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"没有编号为 {evidence_id} 的证明材料")
    return found


def evidence_response(settings: Settings, found: EvidenceFile) -> Response:
    """Return an evidence file's bytes, checked against their SHA-256, as a download."""
    content = evidence.read_verified(settings.data_dir, found.relative_path, found.sha256)
    return download_response(content, found.filename)


@router.get("/systems")
def systems(principal: ApiUser) -> list[SystemOut]:
    """List the indicator systems (national, Shandong, Zhejiang, Hebei and any plugin's)."""
    require(principal, POLICY, "read")
    return list_systems()


@router.get("/{system_id}/{year}")
def evaluation(db: DbDep, principal: ApiUser, system_id: str, year: Year) -> Evaluation:
    """Evaluate a system for a year: every indicator's value (measured, entered by hand, or
    missing with the reason), and for graded systems the conditions, grade, points and next
    steps."""
    require(principal, POLICY, "read")
    return evaluate(db, system_id, year)


@router.post("/{system_id}/{year}/manual", status_code=201)
def enter_manual(
    request: Request, db: DbDep, settings: SettingsDep, principal: ApiUser,
    system_id: str, year: Year,
    key: KeyForm, value: ValueForm, evidence_files: EvidenceForm = None,
    unit: UnitForm = "", note: Annotated[str, Form(max_length=2000)] = "",
) -> ManualOut:  # fmt: skip
    """Enter a value by hand with its evidence (audited); the newest entry of a key counts.
    A wrong kind or unit, or no evidence, is refused with nothing kept."""
    from industry_brain.evaluation.systems import get_system

    require(principal, POLICY, "create")
    row = actions.do_enter_manual_value(
        db, actor=principal, data_dir=settings.data_dir, system=get_system(system_id),
        year=year, data=ManualIn(key=key, value=value, unit=unit, note=note),
        files=[Upload(f.file, f.filename or "") for f in evidence_files or []],
        max_bytes=upload_limit(settings, request.url.path),
    )  # fmt: skip
    return manual_out(db, row)


@router.get("/{system_id}/{year}/manual")
def manual_history(
    db: DbDep, principal: ApiUser, system_id: str, year: Year,
    key: Annotated[str, Query(max_length=100, description="只列出这一编号的填报值")] = "",
) -> list[ManualOut]:  # fmt: skip
    """List the values entered by hand for a system and year, newest first, withdrawn ones
    included (with when, by whom and why)."""
    from industry_brain.evaluation.systems import get_system

    require(principal, POLICY, "read")
    system = get_system(system_id)
    query = select(ManualValue).where(ManualValue.system_id == system.id, ManualValue.year == year)
    if key:
        query = query.where(ManualValue.indicator == key)
    rows = db.scalars(query.order_by(ManualValue.entered_at.desc(), ManualValue.id.desc()))
    return [manual_out(db, row) for row in rows]


@router.post("/{system_id}/{year}/manual/{value_id}/withdraw")
def withdraw_manual(
    db: DbDep, principal: ApiUser, system_id: str, year: Year, value_id: int, body: WithdrawIn
) -> ManualOut:
    """Withdraw a value entered by hand, with a reason (audited); the newest entry not
    withdrawn counts again, else the measured value. 422 without a reason, 404 for an entry
    of another system or year, 409 when already withdrawn. Its evidence files stay."""
    from industry_brain.evaluation.systems import get_system

    require(principal, POLICY, "create")
    row = actions.do_withdraw_manual_value(
        db, actor=principal, system=get_system(system_id), year=year, value_id=value_id,
        reason=body.reason,
    )  # fmt: skip
    return manual_out(db, row)


@router.get("/{system_id}/{year}/evidence/{evidence_id}", response_class=Response)
def download_evidence(
    db: DbDep, settings: SettingsDep, principal: ApiUser, system_id: str, year: Year,
    evidence_id: int,
) -> Response:  # fmt: skip
    """Download an evidence file as it was uploaded (checked against its SHA-256)."""
    require(principal, POLICY, "read")
    return evidence_response(settings, evidence_file(db, system_id, year, evidence_id))


@router.post("/{system_id}/{year}/snapshots", status_code=201)
def freeze(
    db: DbDep, principal: ApiUser, system_id: str, year: Year, body: FreezeIn
) -> SnapshotOut:
    """Freeze (定稿) the year's evaluation as it stands (audited); it stays as it was when the
    data change later. 422 for a year without any value."""
    require(principal, POLICY, "create")
    row = actions.do_freeze_evaluation(
        db, actor=principal, system_id=system_id, year=year, note=body.note
    )
    return snapshot_out(row)


@router.get("/{system_id}/{year}/snapshots")
def list_snapshots(db: DbDep, principal: ApiUser, system_id: str, year: Year) -> list[SnapshotOut]:
    """List the frozen evaluations of a system and year, newest first."""
    from industry_brain.evaluation.systems import get_system

    require(principal, POLICY, "read")
    system = get_system(system_id)
    return [snapshot_out(row) for row in snapshots.list_snapshots(db, system_id=system.id,
                                                                  year=year)]  # fmt: skip


@router.get("/{system_id}/{year}/snapshots/{snapshot_id}")
def snapshot(
    db: DbDep, principal: ApiUser, system_id: str, year: Year, snapshot_id: int
) -> SnapshotDetail:
    """Return a frozen evaluation as it was frozen (404 for one of another system or year)."""
    require(principal, POLICY, "read")
    row = snapshots.get_snapshot(db, system_id=system_id, year=year, snapshot_id=snapshot_id)
    listed = snapshot_out(row)
    return SnapshotDetail(**listed.model_dump(), evaluation=snapshots.from_payload(row.payload))
