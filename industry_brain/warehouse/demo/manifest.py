"""The manifest of a generated demo: every file, how it is written, and its bad rows.

The import tests read it to check that exactly the listed rows are rejected, for the
listed column and reason. Row numbers are as the operator sees them in a spreadsheet: the
header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

BadReason = Literal[
    "check_digit",
    "missing_required",
    "impossible_date",
    "negative_amount",
    "absurd_amount",
    "out_of_range",
    "unknown_industry_code",
    "unknown_enum",
    "duplicate_key",
]
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class BadRow:
    """A deliberately bad row: where it is, which column is wrong, and why."""

    row: int
    column: str
    reason: BadReason
    detail: str


@dataclass(frozen=True)
class DemoFile:
    """One generated import file."""

    standard: str
    name: str
    format: Literal["csv", "xlsx"]
    encoding: str | None
    header_style: Literal["chinese", "english"]
    money_unit: Literal["万元", "元"]
    rows: int
    bad_rows: tuple[BadRow, ...]
    excel_date_columns: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoManifest:
    """What ``generate_demo`` wrote: the region, the chain, the window and every file."""

    seed: int
    region_code: str
    region_name: str
    district_codes: tuple[str, ...]
    chain: str
    enterprises: int
    outside: int
    first_period: str
    end_period: str
    files: tuple[DemoFile, ...]
    truth_files: tuple[str, ...]

    def file(self, name: str) -> DemoFile:
        """Return the entry of the file with this name."""
        return next(entry for entry in self.files if entry.name == name)

    def files_of(self, standard: str) -> tuple[DemoFile, ...]:
        """Return the entries of one standard, in the order they were written."""
        return tuple(entry for entry in self.files if entry.standard == standard)

    def to_json(self) -> str:
        """Return the manifest as indented JSON with sorted keys."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def write(self, directory: Path) -> Path:
        """Write ``manifest.json`` into the directory and return its path."""
        path = directory / MANIFEST_NAME
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path) -> DemoManifest:
        """Read a manifest written by ``write`` (a directory or the file itself)."""
        if path.is_dir():
            path = path / MANIFEST_NAME
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        files = tuple(
            DemoFile(
                **{
                    **entry,
                    "bad_rows": tuple(BadRow(**bad) for bad in entry["bad_rows"]),
                    "excel_date_columns": tuple(entry["excel_date_columns"]),
                    "periods": tuple(entry["periods"]),
                }
            )
            for entry in data["files"]
        )
        return cls(
            **{
                **data,
                "district_codes": tuple(data["district_codes"]),
                "files": files,
                "truth_files": tuple(data["truth_files"]),
            }
        )
