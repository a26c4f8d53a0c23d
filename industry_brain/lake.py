"""The DuckDB lake: connection factory with extension downloads switched off.

DuckDB installs and loads extensions on demand from the internet; these machines have none,
and a platform must not fetch code at run time. Every connection is opened with
``autoinstall_known_extensions`` and ``autoload_known_extensions`` false, so only DuckDB's
built-in CSV/Parquet/JSON readers are used. The layer schemas exist on every connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from industry_brain.settings import Settings

if TYPE_CHECKING:
    import duckdb

LAYER_SCHEMAS = ("ods", "dwd", "dws", "ads")

CONNECTION_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def connection_config(settings: Settings) -> dict[str, str | bool | int | float | list[str]]:
    """Return the configuration of every lake connection (ours and SQLMesh's).

    The memory limit bounds a whole import or pipeline run: DuckDB's default of 80% of the
    machine's memory let a 36-million-row load reach 14 GB; with a limit, sorts and joins
    spill to the temp folder instead (measured in docs/BENCHMARKS.md).
    """
    settings.lake_temp_dir.mkdir(parents=True, exist_ok=True)
    return {
        **CONNECTION_CONFIG,
        "memory_limit": settings.lake_memory_limit,
        "temp_directory": str(settings.lake_temp_dir.resolve()),
    }


@contextmanager
def connect(settings: Settings, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the lake with the layer schemas present; close it on exit."""
    import duckdb

    path = settings.resolved_lake_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if read_only and not path.exists():
        with connect(settings):
            pass
    con = duckdb.connect(str(path), read_only=read_only, config=connection_config(settings))
    try:
        if not read_only:
            for schema in LAYER_SCHEMAS:
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        yield con
    finally:
        con.close()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Tell whether the lake has the table ``schema.table``."""
    schema, table = name.split(".")
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])
