"""Registers the warehouse domain."""

from __future__ import annotations

from pathlib import Path

from industry_brain.hookspecs import hookimpl
from industry_brain.warehouse.standards import STANDARDS_DIR


@hookimpl
def ib_data_standards() -> list[Path]:
    """Provide the built-in data standards."""
    return sorted(STANDARDS_DIR.glob("*.yaml"))
