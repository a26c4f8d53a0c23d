"""Publish ADS tables from the lake into the serving DB, one transaction per table.

Published tables are named ``ads_<model>`` and are replaced whole on every run; they are
outside Alembic's schema (``migrations/env.py`` ignores the ``ads_`` prefix).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from industry_brain.db import Database

if TYPE_CHECKING:
    import duckdb

PUBLISHED_PREFIX = "ads_"
BATCH = 5000


ENTERPRISE_PROFILE = f"{PUBLISHED_PREFIX}enterprise_profile"


@dataclass(frozen=True)
class Published:
    """An ADS model published as ``ads_<model>``, with the indexes the pages read it by
    (the first one unique when ``unique``: the model's grain)."""

    model: str
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: bool = False

    @property
    def table(self) -> str:
        """The serving table's name."""
        return PUBLISHED_PREFIX + self.model


PUBLISHED = (
    Published("enterprise_profile", (("uscc",), ("county_code",), ("is_local",)), unique=True),
    Published("enterprise_scores", (("uscc",),), unique=True),
    Published("enterprise_month", (("uscc", "period"), ("period",)), unique=True),
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


def publish_table(con: duckdb.DuckDBPyConnection, database: Database, spec: Published) -> int:
    """Replace ``ads_<model>`` in the serving DB with the lake's ``ads.<model>`` and build its
    indexes after the rows are in; return the rows."""
    described = con.execute(f"DESCRIBE ads.{spec.model}").fetchall()
    table = Table(
        spec.table,
        MetaData(),
        *[Column(name, _sql_type(kind)) for name, kind, *_ in described],
    )
    cursor = con.execute(f"SELECT * FROM ads.{spec.model}")
    names = [column.name for column in table.columns]
    rows = 0
    with database.engine.begin() as connection:
        table.drop(connection, checkfirst=True)
        table.create(connection)
        while chunk := cursor.fetchmany(BATCH):
            connection.execute(
                table.insert(), [dict(zip(names, row, strict=True)) for row in chunk]
            )
            rows += len(chunk)
        # Built after the rows are in (faster than maintaining them row by row); an Index
        # made before ``create`` would be created with the table.
        for position, columns in enumerate(spec.indexes):
            Index(
                f"ix_{spec.table}_{'_'.join(columns)}",
                *[table.c[column] for column in columns],
                unique=spec.unique and position == 0,
            ).create(connection)
    return rows
