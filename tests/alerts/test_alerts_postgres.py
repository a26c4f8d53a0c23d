"""The evaluation and the task workflow on PostgreSQL (bulk updates, RETURNING, dates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_brain.db import Database
from tests.alerts.lake import warehouse
from tests.alerts.test_evaluation_step import run_scenario
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]

pytestmark = pytest.mark.postgres


def test_one_warning_per_condition_on_postgres(tmp_path: Path, database: Database) -> None:
    run_scenario(warehouse(tmp_path / "lake.duckdb"), database)
