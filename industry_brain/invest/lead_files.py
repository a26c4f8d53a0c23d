"""Attachments of leads in the raw store: kept byte for byte under
``<data_dir>/raw/invest/lead-<id>/<time>-<random>/<original name>`` with their SHA-256.

A file is written before its event is committed and removed again if the commit fails, so a
refused or failed upload leaves neither a file nor a row. Reading checks the SHA-256 again:
a file changed on disk is never served as the one that was uploaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError

ATTACHMENT_MAX_BYTES = 20 * 1_048_576
RAW_FOLDER = Path("raw") / "invest"
CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    """A file kept in the raw store: where (relative to the data directory), its hash, size
    and the name it was uploaded under."""

    relative: str
    sha256: str
    size: int
    name: str


def size_label(size: int) -> str:
    """Return a size in words: 12 字节, 3.4 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1_048_576:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1_048_576:.1f} MB"


def safe_name(name: str) -> str:
    """Return the file name without folders or control characters (at most 200 characters,
    keeping the extension)."""
    base = "".join(ch for ch in name.replace("\\", "/").split("/")[-1] if ch.isprintable())
    base = base.strip().strip(".") or "附件"
    if len(base) > 200:
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[: 199 - len(suffix)]}.{suffix}" if dot and len(suffix) < 20 else base[:200]
    return base


def store(
    data_dir: Path, *, lead_id: int, stream: BinaryIO, name: str, max_bytes: int
) -> StoredFile:
    """Copy an upload into the raw store with its SHA-256; refuse an empty file or one larger
    than ``max_bytes`` (nothing is left behind)."""
    shown = safe_name(name)
    stamp = f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    relative = RAW_FOLDER / f"lead-{lead_id}" / stamp / shown
    target = data_dir / relative
    target.parent.mkdir(parents=True)
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as writer:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            digest.update(chunk)
            writer.write(chunk)
    if size > max_bytes or size == 0:
        _remove(target.parent)
        if size == 0:
            raise ValidationFailedError(f"附件“{shown}”是空文件", field="file")
        raise ValidationFailedError(
            f"附件“{shown}”超过上限 {size_label(max_bytes)}，请压缩或拆分后再上传", field="file"
        )
    return StoredFile(
        relative=relative.as_posix(), sha256=digest.hexdigest(), size=size, name=shown
    )


def _remove(folder: Path) -> None:
    """Remove an upload's folder, and its lead's folder when nothing else is kept there."""
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):  # not empty: the lead keeps other files
        folder.parent.rmdir()


def discard(data_dir: Path, stored: StoredFile) -> None:
    """Remove a stored file whose event was not committed."""
    _remove((data_dir / stored.relative).parent)


def read_verified(data_dir: Path, relative: str, sha256: str) -> bytes:
    """Return a kept file's bytes after checking them against the SHA-256 recorded at upload."""
    root = (data_dir / RAW_FOLDER).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFoundError("附件文件已不在原始文件库中")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ConflictError("附件文件与上传时登记的 SHA-256 不一致，可能已被改动，不予下载")
    return content
