"""Import one file into the warehouse.

Order of work, and why:
1. The file is copied unchanged to ``<data_dir>/raw/<batch_id>/`` while its SHA-256 is
   computed, and the batch record is committed as ``received``: whatever happens next, what
   was received is kept and known.
2. A file whose SHA-256 was already loaded for the same standard is recorded as
   ``duplicate`` and not loaded again.
3. The file is converted to UTF-8 CSV (a UTF-8 file is read in place), its header mapped,
   and it is validated and loaded in one lake transaction: accepted rows enter
   ``ods.<standard>``, or none do.
4. The quarantine and the batch's counts are committed in one serving-DB transaction. If that
   fails, the batch's ODS rows are deleted again and the batch is marked ``failed``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import Database, utcnow
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest import reader
from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.header import map_header
from industry_brain.warehouse.ingest.load import LoadResult, Rejection, delete_batch, load_csv
from industry_brain.warehouse.models import ImportBatch, QuarantinedRow
from industry_brain.warehouse.standards import Standard, get_standard

if TYPE_CHECKING:
    from industry_brain.enterprise.resolution import Candidate


UTF8_ENCODINGS = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class ImportResult:
    """What ``ib import`` prints: the batch, its counts and status (and error, if failed)."""

    batch_id: str
    rows: int
    accepted: int
    rejected: int
    status: str
    error: str | None = None
    duplicate_of: str | None = None


def import_file(
    *,
    settings: Settings,
    database: Database,
    standard_code: str,
    path: Path,
    actor: Principal,
    source: str = "cli",
    file_name: str | None = None,
    profile: str | None = None,
) -> ImportResult:
    """Receive, keep, validate and load one file; never leave a half-loaded batch.

    A ``profile`` (e.g. ``szse``) first converts another format into the standard, resolving
    enterprises without a 统一社会信用代码 to known ones or to provisional ids.
    """
    standard = get_standard(standard_code)
    if profile is not None:
        _check_profile(profile, standard)
    name = file_name or path.name
    batch = _receive(
        settings=settings,
        database=database,
        standard=standard,
        path=path,
        name=name,
        actor=actor,
        source=source,
    )
    if batch.status == "duplicate":
        return _result(batch)
    raw = Path(batch.raw_path)
    try:
        loaded, file_format, encoding = _validate_and_load(
            settings, standard, raw, batch_id=batch.id, name=name, profile=profile
        )
    except ImportFileError as exc:
        return _finish_failed(database, batch.id, actor, str(exc))
    try:
        return _record(
            database, batch.id, actor, loaded, file_format=file_format, encoding=encoding
        )
    except Exception:
        with lake.connect(settings) as con:
            delete_batch(con, standard=standard, batch_id=batch.id)
        _finish_failed(database, batch.id, actor, "写入隔离区或批次记录失败，已撤回本批次数据")
        raise


def import_stream(
    *,
    settings: Settings,
    database: Database,
    standard_code: str,
    stream: BinaryIO,
    file_name: str,
    actor: Principal,
    source: str,
) -> ImportResult:
    """Import an uploaded file object (spooled to a temporary file first)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as target:
            shutil.copyfileobj(stream, target, 1 << 20)
        return import_file(
            settings=settings,
            database=database,
            standard_code=standard_code,
            path=path,
            actor=actor,
            source=source,
            file_name=file_name,
        )


def _receive(
    *,
    settings: Settings,
    database: Database,
    standard: Standard,
    path: Path,
    name: str,
    actor: Principal,
    source: str,
) -> ImportBatch:
    batch_id = f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    folder = settings.data_dir / "raw" / batch_id
    folder.mkdir(parents=True)
    target = folder / Path(name).name
    digest, size = _copy_with_digest(path, target)
    with database.writer() as db:
        earlier = db.scalar(
            select(ImportBatch.id).where(
                ImportBatch.sha256 == digest,
                ImportBatch.standard == standard.code,
                ImportBatch.status == "loaded",
            )
        )
        batch = ImportBatch(
            id=batch_id,
            standard=standard.code,
            source=source,
            file_name=name,
            sha256=digest,
            size_bytes=size,
            raw_path=str(target),
            status="duplicate" if earlier else "received",
            duplicate_of=earlier,
            created_by=actor.username,
            org_id=actor.org_id,
            finished_at=utcnow() if earlier else None,
        )
        db.add(batch)
        audit.append(
            db,
            actor=actor,
            event_type="warehouse.batch.receive",
            object_type="import_batch",
            object_id=batch_id,
            detail={
                "standard": standard.code,
                "file": name,
                "sha256": digest,
                "bytes": size,
                "duplicate_of": earlier,
            },
        )
        db.commit()
    return batch


def _copy_with_digest(source: Path, target: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader_, target.open("xb") as writer:
        while chunk := reader_.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _check_profile(profile: str, standard: Standard) -> None:
    from industry_brain.warehouse.ingest.profiles import PROFILES

    if profile not in PROFILES:
        raise KeyError(f"unknown import profile {profile!r}; known: {', '.join(sorted(PROFILES))}")
    if standard.code != "registry":
        raise KeyError(f"import profile {profile!r} produces registry rows, not {standard.code}")


def _validate_and_load(
    settings: Settings,
    standard: Standard,
    raw: Path,
    *,
    batch_id: str,
    name: str,
    profile: str | None = None,
) -> tuple[LoadResult, str, str | None]:
    file_format = reader.detect_format(raw, name=name)
    source_rows: list[int] | None = None
    skipped: list[tuple[int, str]] = []
    with tempfile.TemporaryDirectory(dir=settings.data_dir) as work:
        utf8 = Path(work) / "data.csv"
        if profile is not None:
            encoding, source_rows, skipped = _apply_profile(settings, profile, raw, utf8)
        elif file_format == "xlsx":
            encoding = None
            reader.xlsx_to_csv(raw, utf8, name=name)
        else:
            encoding = reader.detect_encoding(raw, name=name)
            if encoding in UTF8_ENCODINGS:
                # Detection decoded every byte already; the loader skips the header line,
                # BOM included, so the received file is read as it is (no copy).
                utf8 = raw
            else:
                reader.transcode_to_utf8(raw, encoding, utf8)
        header = reader.read_header(utf8, name=name)
        mapped = map_header(standard, header, file=name)
        with lake.connect(settings) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                result = load_csv(
                    con,
                    standard=standard,
                    csv_path=utf8,
                    mapped=mapped,
                    header_width=len(header),
                    batch_id=batch_id,
                    file_name=name,
                    industry_codes=_industry_codes(),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    if source_rows is not None:
        result = _to_source_rows(result, source_rows, skipped)
    if result.rows == 0:
        with lake.connect(settings) as con:
            delete_batch(con, standard=standard, batch_id=batch_id)
        raise ImportFileError("文件没有数据行", file=name)
    return result, file_format, encoding


def _apply_profile(
    settings: Settings, profile: str, raw: Path, target: Path
) -> tuple[str, list[int], list[tuple[int, str]]]:
    """Convert with the profile; return the encoding, source row of each row, skipped rows."""
    from industry_brain.warehouse.ingest.profiles import PROFILES

    encoding = reader.detect_encoding(raw, name=raw.name)
    converted = PROFILES[profile](raw, target, known=_known_enterprises(settings))
    return f"{encoding}+{profile}", converted.source_rows, converted.skipped


def _known_enterprises(settings: Settings) -> list[Candidate]:
    """Return the enterprises built so far (DWD), as candidates for entity resolution."""
    from industry_brain.enterprise.resolution import Candidate

    with lake.connect(settings) as con:
        exists = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'dwd' "
            "AND view_name = 'enterprise'"
        ).fetchone()
        if not exists or not exists[0]:
            return []
        rows = con.execute("SELECT uscc, name, city_code FROM dwd.enterprise").fetchall()
    return [Candidate(uscc=uscc, name=name, city_code=city) for uscc, name, city in rows]


def _to_source_rows(
    result: LoadResult, source_rows: list[int], skipped: list[tuple[int, str]]
) -> LoadResult:
    """Renumber rejections to the rows of the received file and add the skipped rows."""
    rejections = [replace(r, row=source_rows[r.row - 2]) for r in result.rejections]
    rejections += [
        Rejection(
            row=row,
            errors=[{"column": "name", "rule": "required", "message": reason, "value": ""}],
            raw=[],
        )
        for row, reason in skipped
    ]
    rejections.sort(key=lambda r: r.row)
    return LoadResult(
        rows=result.rows + len(skipped), accepted=result.accepted, rejections=rejections
    )


def _industry_codes() -> list[tuple[str, str]]:
    from industry_brain.codes.industries import all_industries

    return [(industry.code, industry.section) for industry in all_industries()]


def _record(
    database: Database,
    batch_id: str,
    actor: Principal,
    loaded: LoadResult,
    *,
    file_format: str,
    encoding: str | None,
) -> ImportResult:
    with database.writer() as db:
        batch = _batch(db, batch_id)
        batch.file_format, batch.encoding = file_format, encoding
        rows = [
            {
                "batch_id": batch_id,
                "row_number": rejection.row,
                "column_key": rejection.errors[0]["column"],
                "rule": rejection.errors[0]["rule"],
                "message": rejection.errors[0]["message"],
                "value": rejection.errors[0]["value"],
                "errors_json": json.dumps(rejection.errors, ensure_ascii=False),
                "raw_json": json.dumps(rejection.raw, ensure_ascii=False),
            }
            for rejection in loaded.rejections
        ]
        if rows:  # one bulk statement, not one ORM object per rejected row
            db.execute(insert(QuarantinedRow), rows)
        batch.rows, batch.accepted = loaded.rows, loaded.accepted
        batch.rejected = len(loaded.rejections)
        batch.status, batch.finished_at = "loaded", utcnow()
        audit.append(
            db,
            actor=actor,
            event_type="warehouse.batch.load",
            object_type="import_batch",
            object_id=batch_id,
            detail={"rows": batch.rows, "accepted": batch.accepted, "rejected": batch.rejected},
        )
        db.commit()
        return _result(batch)


def _finish_failed(database: Database, batch_id: str, actor: Principal, error: str) -> ImportResult:
    with database.writer() as db:
        batch = _batch(db, batch_id)
        batch.status, batch.error, batch.finished_at = "failed", error, utcnow()
        audit.append(
            db,
            actor=actor,
            event_type="warehouse.batch.load",
            result="failure",
            object_type="import_batch",
            object_id=batch_id,
            detail={"error": error},
        )
        db.commit()
        return _result(batch)


def _batch(db: Session, batch_id: str) -> ImportBatch:
    batch = db.get(ImportBatch, batch_id)
    assert batch is not None, batch_id
    return batch


def _result(batch: ImportBatch) -> ImportResult:
    return ImportResult(
        batch_id=batch.id,
        rows=batch.rows,
        accepted=batch.accepted,
        rejected=batch.rejected,
        status=batch.status,
        error=batch.error,
        duplicate_of=batch.duplicate_of,
    )
