"""Helpers to import small files written by the tests themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest.service import ImportResult, import_file

Importer = Callable[..., ImportResult]


@pytest.fixture
def do_import(settings: Settings, database: Database) -> Importer:
    """Import a file through the real service, as the operator at the command line."""

    def run(standard: str, path: Path) -> ImportResult:
        return import_file(
            settings=settings,
            database=database,
            standard_code=standard,
            path=path,
            actor=Principal.system("test"),
        )

    return run


def write_csv(path: Path, lines: list[str], *, encoding: str = "utf-8") -> Path:
    """Write CSV lines (header first) in an encoding."""
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path
