"""JSON API of the warehouse: batches, quarantine, the enterprises' push interface, uploads."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.errors import PermissionDeniedError, ValidationFailedError
from industry_brain.warehouse import service
from industry_brain.warehouse.ingest.service import ImportResult, import_file, import_stream
from industry_brain.warehouse.models import ImportBatch
from industry_brain.warehouse.standards import get_standard
from industry_brain.web.deps import ApiUser, DbDep, PushUser, SettingsDep, get_database

router = APIRouter(prefix="/api/v1/warehouse", tags=["warehouse"])
MAX_PUSH_ROWS = 5000


class BatchOut(BaseModel):
    """An import batch."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    standard: str
    source: str
    file_name: str
    sha256: str
    size_bytes: int
    status: str
    rows: int
    accepted: int
    rejected: int
    error: str | None
    duplicate_of: str | None
    created_by: str


class ImportOut(BaseModel):
    """What an import did."""

    batch_id: str
    rows: int
    accepted: int
    rejected: int
    status: str
    error: str | None = None


class QuarantineOut(BaseModel):
    """A rejected row."""

    row: int
    column: str
    rule: str
    message: str
    value: str | None


class PushBody(BaseModel):
    """Rows keyed by the standard's English column keys."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_PUSH_ROWS)


def _out(result: ImportResult) -> ImportOut:
    return ImportOut.model_validate(result, from_attributes=True)


@router.get("/batches", response_model=list[BatchOut])
def list_batches(db: DbDep, principal: ApiUser, standard: str | None = None) -> list[ImportBatch]:
    """List import batches, newest first."""
    return service.list_batches(db, principal=principal, standard=standard)


@router.get("/batches/{batch_id}", response_model=BatchOut)
def get_batch(db: DbDep, principal: ApiUser, batch_id: str) -> ImportBatch:
    """Return one import batch."""
    return service.get_batch(db, principal=principal, batch_id=batch_id)


@router.get("/batches/{batch_id}/rejected", response_model=list[QuarantineOut])
def rejected_rows(db: DbDep, principal: ApiUser, batch_id: str) -> list[QuarantineOut]:
    """List the rejected rows of a batch with row, column, rule and message."""
    service.get_batch(db, principal=principal, batch_id=batch_id)
    return [
        QuarantineOut(
            row=r.row_number, column=r.column_key, rule=r.rule, message=r.message, value=r.value
        )
        for r in service.quarantined_rows(db, batch_id=batch_id)
    ]


@router.post("/import/{standard}", response_model=ImportOut)
def upload(
    request: Request,
    settings: SettingsDep,
    principal: ApiUser,
    standard: str,
    file: Annotated[UploadFile, File(description="CSV (UTF-8/GBK) or XLSX")],
) -> ImportOut:
    """Import an uploaded file into the warehouse (data admin)."""
    require(principal, "warehouse.batch", "create")
    _known(standard)
    result = import_stream(
        settings=settings,
        database=get_database(request),
        standard_code=standard,
        stream=file.file,
        file_name=file.filename or "upload",
        actor=principal,
        source="upload",
    )
    return _out(result)


@router.post("/push/{standard}", response_model=ImportOut)
def push(
    request: Request,
    settings: SettingsDep,
    principal: PushUser,
    standard: str,
    body: PushBody,
) -> ImportOut:
    """Push rows of one standard (标准化接口); an enterprise may push only its own data.

    Authorised by a bearer token from ``POST /api/v1/auth/token`` or by a push token of the
    enterprise (``ibp_…``, created on the 企业工作台 or ``POST /api/v1/accounts/push-tokens``).
    """
    require(principal, "warehouse.push", "create", target_org_id=principal.org_id)
    spec = _known(standard)
    database = get_database(request)
    own = _own_uscc(database, principal)
    code_keys = [column.key for column in spec.columns if column.type == "uscc"]
    foreign = [
        index + 1
        for index, row in enumerate(body.rows)
        if own not in {str(row.get(key, "")).strip().upper() for key in code_keys}
    ]
    if foreign:
        raise PermissionDeniedError(
            f"只能报送本企业的数据：第 {foreign[:10]} 条的信用代码不是本企业"
        )
    keys = [column.key for column in spec.columns]
    unknown = sorted({key for row in body.rows for key in row} - set(keys))
    if unknown:
        raise ValidationFailedError(f"未知字段：{', '.join(unknown)}", field="rows")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{standard}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keys)
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in body.rows)
        result = import_file(
            settings=settings,
            database=database,
            standard_code=standard,
            path=path,
            actor=principal,
            source="push",
            file_name=f"push-{standard}.csv",
        )
    return _out(result)


def _known(standard: str) -> Any:
    try:
        return get_standard(standard)
    except KeyError as exc:
        raise ValidationFailedError(str(exc.args[0]), field="standard") from exc


def _own_uscc(database: Database, principal: Principal) -> str:
    """Read in a session of its own: the import that follows opens the writer."""
    from industry_brain.accounts.service import own_organisation

    with database.reader() as db:
        organisation = own_organisation(db, principal=principal)
    if organisation is None or not organisation.uscc:
        raise PermissionDeniedError("本机构没有统一社会信用代码，不能报送企业数据")
    return organisation.uscc
