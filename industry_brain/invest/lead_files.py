"""Attachments of leads in the raw store: kept byte for byte under
``<data_dir>/raw/invest/lead-<id>/<time>-<random>/<original name>`` with their SHA-256.

A file is written before its event is committed and removed again if the commit fails, so a
refused or failed upload leaves neither a file nor a row. Reading checks the SHA-256 again:
a file changed on disk is never served as the one that was uploaded.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from industry_brain import raw_files
from industry_brain.db import utcnow
from industry_brain.errors import ValidationFailedError
from industry_brain.raw_files import (
    UPLOAD_MAX_BYTES,
    StoredFile,
    safe_name,
    write_upload,
)

ATTACHMENT_MAX_BYTES = UPLOAD_MAX_BYTES
RAW_FOLDER = Path("raw") / "invest"


def store(
    data_dir: Path, *, lead_id: int, stream: BinaryIO, name: str, max_bytes: int
) -> StoredFile:
    """Copy an upload into the raw store with its SHA-256; refuse an empty file or one larger
    than ``max_bytes`` (nothing is left behind)."""
    stamp = f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    relative = RAW_FOLDER / f"lead-{lead_id}" / stamp / safe_name(name)
    (data_dir / relative).parent.mkdir(parents=True)
    try:
        return write_upload(
            data_dir, relative, stream, max_bytes=max_bytes, what="附件", field="file"
        )
    except ValidationFailedError:
        _remove((data_dir / relative).parent)
        raise


def _remove(folder: Path) -> None:
    """Remove an upload's folder, and its lead's folder when nothing else is kept there."""
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):  # not empty: the lead keeps other files
        folder.parent.rmdir()


def discard(data_dir: Path, stored: StoredFile) -> None:
    """Remove a stored file whose event was not committed."""
    _remove((data_dir / stored.relative).parent)


def read_verified(data_dir: Path, relative: str, sha256: str) -> bytes:
    """Return an attachment's bytes after checking them against its SHA-256."""
    return raw_files.read_verified(data_dir, RAW_FOLDER, relative, sha256, what="附件")
