"""The error an unusable file raises: it names the file and, where known, row and column."""

from __future__ import annotations


class ImportFileError(ValueError):
    """The file cannot be imported at all (encoding, format, header, size)."""

    def __init__(
        self, message: str, *, file: str, row: int | None = None, column: str | None = None
    ) -> None:
        where = [f"文件 {file}"]
        if row is not None:
            where.append(f"第 {row} 行")
        if column is not None:
            where.append(f"列“{column}”")
        super().__init__(f"{'，'.join(where)}：{message}")
        self.file, self.row, self.column, self.reason = file, row, column, message
