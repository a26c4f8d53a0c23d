"""Evidence files of manual values in the raw store: kept byte for byte under
``<data_dir>/raw/evaluation/<system>/<year>/<time>-<random>/<original name>`` with their
SHA-256 (names and sizes as :mod:`industry_brain.invest.lead_files` shows them).

Files are written before their row is committed and removed again if the commit fails, so a
refused entry leaves neither a file nor a row. Reading checks the SHA-256 again.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError
from industry_brain.invest.lead_files import CHUNK, StoredFile, safe_name, size_label

EVIDENCE_MAX_BYTES = 20 * 1_048_576
RAW_FOLDER = Path("raw") / "evaluation"


def new_folder(data_dir: Path, *, system_id: str, year: int) -> Path:
    """Return a new, empty folder (relative to ``data_dir``) for one entry's files."""
    stamp = f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    relative = RAW_FOLDER / safe_name(system_id) / str(year) / stamp
    (data_dir / relative).mkdir(parents=True)
    return relative


def store(
    data_dir: Path, folder: Path, *, stream: BinaryIO, name: str, max_bytes: int
) -> StoredFile:
    """Copy one upload into ``folder`` with its SHA-256; refuse an empty file, one larger
    than ``max_bytes`` or a second file of the same name (the caller discards the folder)."""
    shown = safe_name(name)
    relative = folder / shown
    target = data_dir / relative
    if target.exists():
        raise ValidationFailedError(f"证明材料“{shown}”重复上传", field="evidence")
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as writer:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            digest.update(chunk)
            writer.write(chunk)
    if size == 0:
        raise ValidationFailedError(f"证明材料“{shown}”是空文件", field="evidence")
    if size > max_bytes:
        raise ValidationFailedError(
            f"证明材料“{shown}”超过上限 {size_label(max_bytes)}，请压缩或拆分后再上传",
            field="evidence",
        )
    return StoredFile(
        relative=relative.as_posix(), sha256=digest.hexdigest(), size=size, name=shown
    )


def discard(data_dir: Path, folder: Path) -> None:
    """Remove an entry's folder whose row was not committed."""
    shutil.rmtree(data_dir / folder, ignore_errors=True)


def read_verified(data_dir: Path, relative: str, sha256: str) -> bytes:
    """Return a kept file's bytes after checking them against the SHA-256 recorded at upload."""
    root = (data_dir / RAW_FOLDER).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFoundError("证明材料文件已不在原始文件库中")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ConflictError("证明材料与上传时登记的 SHA-256 不一致，可能已被改动，不予下载")
    return content
