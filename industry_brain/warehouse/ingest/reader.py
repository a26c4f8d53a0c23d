"""Turn a received file (CSV in UTF-8/UTF-8-BOM/GBK/GB18030, or XLSX) into a UTF-8 CSV.

Everything after this step reads one format. Detection is strict: a file is UTF-8 only if
every byte decodes as UTF-8, otherwise GB18030 (a superset of GBK) is tried; a file that is
neither is refused with the row of the first undecodable byte.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from pathlib import Path

from industry_brain.warehouse.ingest.errors import ImportFileError

CHUNK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
MAX_CELL_CHARS = 32_768
INSTRUCTIONS_SHEET = "说明"


def detect_format(path: Path, *, name: str) -> str:
    """Return ``xlsx`` or ``csv`` from the file's first bytes; refuse empty files."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if not head:
        raise ImportFileError("文件为空", file=name)
    return "xlsx" if head == ZIP_MAGIC else "csv"


def detect_encoding(path: Path, *, name: str) -> str:
    """Return ``utf-8-sig``, ``utf-8`` or ``gb18030``; raise naming the first bad row.

    When neither decodes, the row reported is the later of the two failures: a UTF-8 file
    with one bad byte fails late as UTF-8, a GBK file with one bad sequence late as GB18030.
    """
    with path.open("rb") as handle:
        bom = handle.read(3) == codecs.BOM_UTF8
    candidates = ("utf-8-sig",) if bom else ("utf-8", "gb18030")
    failures = []
    for encoding in candidates:
        bad_row = _first_bad_row(path, encoding)
        if bad_row is None:
            return encoding
        failures.append(bad_row)
    raise ImportFileError(
        "无法识别文件编码（支持 UTF-8、UTF-8-BOM、GBK、GB18030），请另存为 UTF-8",
        file=name,
        row=max(failures),
    )


def _first_bad_row(path: Path, encoding: str) -> int | None:
    """Return the row of the first byte that does not decode, or None when all do."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                newlines += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as exc:
                return newlines + chunk[: max(exc.start, 0)].count(b"\n") + 1
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return newlines + 1
    return None


def transcode_to_utf8(source: Path, encoding: str, target: Path) -> None:
    """Copy a text file into UTF-8 without BOM, streaming."""
    if encoding in ("utf-8", "utf-8-sig"):
        _copy_utf8(source, target, bom=encoding == "utf-8-sig")
        return
    with (
        source.open("r", encoding=encoding, newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        while chunk := reader.read(CHUNK):
            writer.write(chunk)


def _copy_utf8(source: Path, target: Path, *, bom: bool) -> None:
    """Copy a UTF-8 file byte for byte, less a leading BOM, checking that every byte decodes.

    The same bytes as decoding and encoding again, without building the text.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with source.open("rb") as reader, target.open("wb") as writer:
        chunk = reader.read(CHUNK)
        if bom and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        while chunk:
            decoder.decode(chunk)
            writer.write(chunk)
            chunk = reader.read(CHUNK)
        decoder.decode(b"", final=True)


def xlsx_to_csv(source: Path, target: Path, *, name: str) -> None:
    """Write the first data sheet of a workbook as UTF-8 CSV; formulas are kept as text."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (BadZipFile, InvalidFileException, KeyError, OSError, ValueError)
    # A file object, not the path: openpyxl judges paths by their extension.
    with source.open("rb") as data:
        try:
            workbook = load_workbook(data, read_only=True, data_only=False)
        except broken as exc:
            raise ImportFileError(
                f"XLSX 文件已损坏或不完整（{type(exc).__name__}）", file=name
            ) from exc
        try:
            sheets = [ws for ws in workbook.worksheets if ws.title != INSTRUCTIONS_SHEET]
            if not sheets:
                raise ImportFileError("工作簿中没有数据工作表", file=name)
            with target.open("w", encoding="utf-8", newline="") as output:
                writer = csv.writer(output)
                for row in sheets[0].iter_rows(values_only=True):
                    cells = [_cell_text(value) for value in row]
                    while cells and cells[-1] == "":
                        cells.pop()
                    if cells:
                        writer.writerow(cells)
        except broken as exc:
            raise ImportFileError(
                f"XLSX 文件已损坏或不完整（{type(exc).__name__}）", file=name
            ) from exc
        finally:
            workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_header(path: Path, *, name: str) -> list[str]:
    """Return the header row of a UTF-8 CSV (with or without BOM); refuse a file without one."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline(MAX_CELL_CHARS * 4)
        if len(first) >= MAX_CELL_CHARS * 4 and not first.endswith("\n"):
            raise ImportFileError("第一行过长，不是有效的表头", file=name, row=1)
    header = next(csv.reader([first]), [])
    if not any(cell.strip() for cell in header):
        raise ImportFileError("缺少表头行", file=name, row=1)
    return header
