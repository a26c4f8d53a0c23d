"""Publish ADS tables from the lake into the serving DB, one transaction per table.

Published tables are named ``ads_<model>`` and are replaced whole on every run; they are
outside Alembic's schema (``migrations/env.py`` ignores the ``ads_`` prefix).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    MetaData,
    Numeric,
    String,
    Table,
    inspect,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from industry_brain.db import Database
from industry_brain.jobs import Job

if TYPE_CHECKING:
    import duckdb

PUBLISHED_PREFIX = "ads_"
BATCH = 5000


ENTERPRISE_PROFILE = f"{PUBLISHED_PREFIX}enterprise_profile"
# The figures of ads_enterprise_month that month drill-downs sum (those of ads_cluster_month).
MONTH_FIGURES = ("revenue_wan_yuan", "output_value_wan_yuan", "tax_wan_yuan")


@dataclass(frozen=True)
class Published:
    """An ADS model published as ``ads_<model>``, with the indexes the pages read it by
    (the first one unique when ``unique``: the model's grain); ``schema`` is the lake schema
    it is read from (a domain's pipeline step publishes its own tables)."""

    model: str
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: bool = False
    schema: str = "ads"

    @property
    def table(self) -> str:
        """The serving table's name."""
        return PUBLISHED_PREFIX + self.model


PUBLISHED = (
    Published("enterprise_profile", (("uscc",), ("county_code",), ("is_local",)), unique=True),
    Published("enterprise_scores", (("uscc",),), unique=True),
    Published(
        "enterprise_month",
        # The second covers a month's drill-down: its enterprises and figures in index order.
        (("uscc", "period"), ("period", "uscc", *MONTH_FIGURES)),
        unique=True,
    ),
    Published("enterprise_names", (("uscc", "name"), ("name",)), unique=True),
    Published("enterprise_events", (("uscc", "event_date"),)),
    Published("enterprise_relations", (("supplier_uscc",), ("buyer_uscc",))),
    Published("region_month", (("period",),)),
    Published("industry_month", (("period",),)),
    Published("cluster_month", (("period",),), unique=True),
)


def is_published(db: Session, *tables: str) -> bool:
    """Tell whether published tables exist yet (a pipeline has run), in the session's
    own connection (a second connection could wait on the request's write transaction)."""
    inspector = inspect(db.connection())
    return all(inspector.has_table(table) for table in tables)


def publication_marker(db: Session) -> tuple[object, ...]:
    """Return what changes whenever the published tables may have: the latest pipeline job's
    id, status and end (a run publishes between its start and its end)."""
    latest = db.execute(
        select(Job.id, Job.status, Job.finished_at)
        .where(Job.kind == "pipeline")
        .order_by(Job.started_at.desc(), Job.id.desc())
        .limit(1)
    ).first()
    return tuple(latest) if latest else ()


T = TypeVar("T")
_CACHE_SIZE = 64
_CACHE: OrderedDict[tuple[object, ...], Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def cached_until_republished(db: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, kept in this process per database and key until a pipeline run
    starts or ends: figures read from published tables change only then, and pages such as
    the big screen read them far more often. The value is shared: callers must not change it."""
    url = db.get_bind().engine.url.render_as_string(hide_password=True)
    full_key = (url, key, publication_marker(db))
    if full_key in _CACHE:
        return _CACHE[full_key]  # type: ignore[no-any-return]  # stored by this function
    value = compute()
    with _CACHE_LOCK:
        _CACHE[full_key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def _sql_type(duck_type: str) -> TypeEngine[Any]:
    kind = duck_type.upper()
    if kind.startswith("DECIMAL"):
        return Numeric(20, 4)
    if kind in ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT"):
        return BigInteger()
    if kind in ("DOUBLE", "FLOAT", "REAL"):
        return Float()
    if kind == "BOOLEAN":
        return Boolean()
    if kind == "DATE":
        return Date()
    if kind.startswith("TIMESTAMP"):
        return DateTime()
    return String()


def _select_list(described: list[tuple[Any, ...]], dialect: str) -> str:
    """Return the columns as the serving DB's driver takes them fastest.

    DuckDB turns DECIMAL into Python ``Decimal`` objects three times slower than into floats
    or text. SQLite stores numerics as REAL anyway, and dates and times as the ISO text that
    SQLAlchemy's SQLite types read; PostgreSQL's COPY takes every value as text, exactly.
    """
    columns = []
    for name, kind, *_ in described:
        quoted, kind = f'"{name}"', str(kind).upper()
        if dialect == "postgresql":
            columns.append(f"CAST({quoted} AS VARCHAR)")
        elif kind.startswith("DECIMAL"):
            columns.append(f"CAST({quoted} AS DOUBLE)")
        elif kind == "DATE":
            columns.append(f"strftime({quoted}, '%Y-%m-%d')")
        elif kind.startswith("TIMESTAMP"):
            columns.append(f"strftime({quoted}, '%Y-%m-%d %H:%M:%S.%f')")
        else:
            columns.append(quoted)
    return ", ".join(columns)


def _copy_rows(connection: Connection, table: Table, cursor: duckdb.DuckDBPyConnection) -> int:
    """Write the cursor's rows into the new table inside the connection's transaction: COPY on
    PostgreSQL, the driver's executemany on SQLite, SQLAlchemy's insert elsewhere."""
    dialect = connection.dialect.name
    names = [column.name for column in table.columns]
    # The driver's own connection (psycopg 3 or sqlite3), for COPY and executemany.
    driver: Any = connection.connection.dbapi_connection
    rows = 0
    if dialect == "postgresql" and driver is not None:
        quoted = ", ".join(f'"{name}"' for name in names)
        with driver.cursor() as out, out.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
            while chunk := cursor.fetchmany(BATCH):
                for row in chunk:
                    copy.write_row(row)
                rows += len(chunk)
        return rows
    if dialect == "sqlite" and driver is not None:
        insert = f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(names))})"
        out = driver.cursor()
        while chunk := cursor.fetchmany(BATCH):
            out.executemany(insert, chunk)
            rows += len(chunk)
        return rows
    while chunk := cursor.fetchmany(BATCH):
        connection.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in chunk])
        rows += len(chunk)
    return rows


def _index_name(table: str, columns: tuple[str, ...]) -> str:
    """Return ``ix_<table>_<columns>``, shortened with a digest to PostgreSQL's 63 bytes."""
    name = f"ix_{table}_{'_'.join(columns)}"
    if len(name) <= 63:
        return name
    return f"{name[:50]}_{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def publish_table(con: duckdb.DuckDBPyConnection, database: Database, spec: Published) -> int:
    """Replace ``ads_<model>`` in the serving DB with the lake's ``<schema>.<model>`` and build
    its indexes after the rows are in, in one transaction; return the rows."""
    source = f"{spec.schema}.{spec.model}"
    described = con.execute(f"DESCRIBE {source}").fetchall()
    table = Table(
        spec.table,
        MetaData(),
        *[Column(name, _sql_type(kind)) for name, kind, *_ in described],
    )
    with database.engine.begin() as connection:
        columns = _select_list(described, connection.dialect.name)
        cursor = con.execute(f"SELECT {columns} FROM {source}")
        table.drop(connection, checkfirst=True)
        table.create(connection)
        rows = _copy_rows(connection, table, cursor)
        # Built after the rows are in (faster than maintaining them row by row); an Index
        # made before ``create`` would be created with the table.
        for position, columns_of in enumerate(spec.indexes):
            Index(
                _index_name(spec.table, columns_of),
                *[table.c[column] for column in columns_of],
                unique=spec.unique and position == 0,
            ).create(connection)
    return rows
