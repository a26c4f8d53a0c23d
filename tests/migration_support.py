"""Running a migration's up-and-down check on a fresh SQLite file and on the session's
PostgreSQL database, and comparing a domain's models with what the migrations built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine

from industry_brain import migrate
from industry_brain.db import Base

Check = Callable[[Engine], None]


def on_sqlite(tmp_path: Path, check: Check) -> None:
    """Run ``check`` on a new, empty SQLite serving DB."""
    engine = create_engine(f"sqlite:///{tmp_path / 'serving.db'}")
    try:
        check(engine)
    finally:
        engine.dispose()


def on_postgres(url: str, check: Check) -> None:
    """Run ``check`` on the session's PostgreSQL database taken down to empty first (other
    tests may have left it at head) and again afterwards."""
    engine = create_engine(url)
    migrate.downgrade(engine, "base")
    try:
        check(engine)
    finally:
        migrate.downgrade(engine, "base")
        engine.dispose()


def model_drift(engine: Engine, *names: str) -> list[Any]:
    """Return the differences between the models and the migrated DB that mention any of
    ``names`` (a domain's table names or their common prefix)."""
    migrate.load_all_models()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    return [d for d in diff if any(name in str(d) for name in names)]
