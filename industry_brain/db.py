"""Serving DB: engine, sessions, declarative base and shared column types.

The serving DB holds application state and published ADS tables. SQLite is the default;
PostgreSQL is used when ``IB_DATABASE_URL`` says so. The schema is owned by Alembic
(``industry_brain/migrations``); nothing calls ``create_all`` outside tests of models.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from industry_brain.settings import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every serving table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


def make_engine(settings: Settings) -> Engine:
    """Create the serving DB engine for these settings."""
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        # The driver's own transaction handling is switched off (isolation_level=None) so
        # that SQLAlchemy's "begin" event decides how a transaction starts: writers take
        # the write lock up front (BEGIN IMMEDIATE) and never fail on a stale snapshot.
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "isolation_level": None},
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Read published tables through the OS page cache instead of copying every page into
    # each connection's small cache (drill-downs over 100,000 enterprises read a lot).
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Return a session factory; ``write`` sessions serialise with other writers at begin."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Open a session, roll back on error and always close it."""
    session = factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class Database:
    """The serving DB of one deployment: its engine and reader/writer session factories."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = make_session_factory(engine)
        self.writer = make_session_factory(engine, write=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """Open the serving DB configured by the settings."""
        return cls(make_engine(settings))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
