"""Evidence files of manual values in the raw store: kept byte for byte under
``<data_dir>/raw/evaluation/<system>/<year>/<time>-<random>/<original name>`` with their
SHA-256 (copied, named and checked by :mod:`industry_brain.raw_files`).

Files are written before their row is committed and removed again if the commit fails, so a
refused entry leaves neither a file nor a row. Reading checks the SHA-256 again.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from industry_brain import raw_files
from industry_brain.db import utcnow
from industry_brain.errors import ValidationFailedError
from industry_brain.raw_files import UPLOAD_MAX_BYTES, StoredFile, safe_name, write_upload

EVIDENCE_MAX_BYTES = UPLOAD_MAX_BYTES
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
    relative = folder / safe_name(name)
    if (data_dir / relative).exists():
        raise ValidationFailedError(f"证明材料“{relative.name}”重复上传", field="evidence")
    return write_upload(
        data_dir, relative, stream, max_bytes=max_bytes, what="证明材料", field="evidence"
    )


def discard(data_dir: Path, folder: Path) -> None:
    """Remove an entry's folder whose row was not committed."""
    shutil.rmtree(data_dir / folder, ignore_errors=True)


def read_verified(data_dir: Path, relative: str, sha256: str) -> bytes:
    """Return an evidence file's bytes after checking them against its SHA-256."""
    return raw_files.read_verified(data_dir, RAW_FOLDER, relative, sha256, what="证明材料")
