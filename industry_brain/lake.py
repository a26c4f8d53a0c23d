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


@contextmanager
def connect(settings: Settings, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the lake with the layer schemas present; close it on exit."""
    import duckdb

    path = settings.resolved_lake_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if read_only and not path.exists():
        with connect(settings):
            pass
    con = duckdb.connect(str(path), read_only=read_only, config=dict(CONNECTION_CONFIG))
    try:
        if not read_only:
            for schema in LAYER_SCHEMAS:
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        yield con
    finally:
        con.close()
