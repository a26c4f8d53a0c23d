"""Files users upload (lead attachments, evaluation evidence), kept byte for byte in the raw
store under ``<data_dir>/raw/<domain>/…`` with their SHA-256, and served again only when their
bytes still match it. Each domain decides its folders; the copying, the limits, the names and
the checked reading are here.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from fastapi.responses import Response

from industry_brain.errors import ConflictError, NotFoundError, ValidationFailedError
from industry_brain.settings import Settings

UPLOAD_MAX_BYTES = 20 * 1_048_576
CHUNK = 1 << 20
MULTIPART_MARGIN = 16 * 1024  # what the multipart envelope around a file may take


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


def upload_limit(settings: Settings, path: str) -> int:
    """Return the largest file accepted on ``path``: 20 MB, or less when the web server's
    request body limit for the path is lower."""
    from industry_brain.web.middleware import UPLOAD_PREFIXES

    body = (
        settings.max_upload_bytes if path.startswith(UPLOAD_PREFIXES) else settings.max_body_bytes
    )
    return max(1, min(UPLOAD_MAX_BYTES, body - MULTIPART_MARGIN))


def write_upload(
    data_dir: Path, relative: Path, stream: BinaryIO, *, max_bytes: int, what: str, field: str
) -> StoredFile:
    """Copy an upload to ``relative`` (a new file) with its SHA-256; refuse an empty file or
    one larger than ``max_bytes``, naming it as ``what`` (附件, 证明材料). On refusal the
    partial file stays: the caller removes its folder."""
    shown = relative.name
    digest, size = hashlib.sha256(), 0
    with (data_dir / relative).open("xb") as writer:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            digest.update(chunk)
            writer.write(chunk)
    if size == 0:
        raise ValidationFailedError(f"{what}“{shown}”是空文件", field=field)
    if size > max_bytes:
        raise ValidationFailedError(
            f"{what}“{shown}”超过上限 {size_label(max_bytes)}，请压缩或拆分后再上传", field=field
        )
    return StoredFile(
        relative=relative.as_posix(), sha256=digest.hexdigest(), size=size, name=shown
    )


def read_verified(data_dir: Path, folder: Path, relative: str, sha256: str, *, what: str) -> bytes:
    """Return a kept file's bytes (it must lie under ``folder`` of the raw store) after
    checking them against the SHA-256 recorded at upload."""
    root = (data_dir / folder).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFoundError(f"{what}文件已不在原始文件库中")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ConflictError(f"{what}文件与上传时登记的 SHA-256 不一致，可能已被改动，不予下载")
    return content


def download_response(content: bytes, name: str) -> Response:
    """Return a kept file as a download under its uploaded name."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(content, media_type=kind, headers=headers)
