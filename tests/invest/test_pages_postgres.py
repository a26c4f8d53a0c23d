"""The 招商 pages and API with the serving DB on PostgreSQL: the same checks as on SQLite over
the pool the pipeline step publishes (test_pages_engine.py)."""

from __future__ import annotations

import pytest

from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.invest.test_pages_engine import check_real_pool
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_pages_over_the_real_pool_on_postgres(settings: Settings, database: Database) -> None:
    check_real_pool(settings, database)
