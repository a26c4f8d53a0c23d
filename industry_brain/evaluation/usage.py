"""Recording the platform's use (M4): logins, and module use per request, by organisation and
month, for the 运营情况 indicators (服务企业数量, 活跃用户, 应用场景).

Invariants:
- Only a principal with an organisation and a user is recorded; a request counts when it is
  answered below 400 (a refused or missing page is not use).
- A request costs an in-memory increment under a lock; the counts are upserted in one
  transaction per flush, at most every ``flush_seconds`` (off the event loop, after the
  response is sent) and at shutdown. Counts only grow, so processes may flush to the same rows.
- A login is upserted in the login's own transaction (it commits with it or not at all).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import anyio
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from industry_brain.db import utcnow
from industry_brain.evaluation.usage_models import (
    LOGIN_MODULE,
    MODULE_LENGTH,
    UsageMonthly,
    UsageMonthlyUser,
)

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from industry_brain.accounts.principal import Principal
    from industry_brain.db import Database

log = logging.getLogger(__name__)

MONTHLY: Table = UsageMonthly.__table__  # type: ignore[assignment]  # a Table at runtime
USERS: Table = UsageMonthlyUser.__table__  # type: ignore[assignment]  # a Table at runtime

FLUSH_SECONDS = 10.0
RECORDED_BELOW = 400
Key = tuple[int, str, str]  # org_id, month, module


def month_of(at: datetime | None = None) -> str:
    """Return the UTC month ``YYYY-MM`` of a moment (now when omitted)."""
    return (at or utcnow()).strftime("%Y-%m")


def module_of(path: str) -> str | None:
    """Return the module of a request path: the first segment after ``/api/v1/`` or ``/``
    (``""`` for the home page), or None for what is not a module (other API paths, static)."""
    if path.startswith("/api/"):
        if not path.startswith("/api/v1/"):
            return None
        path = path[len("/api/v1") :]
    segment = path.lstrip("/").split("/", 1)[0]
    if segment == "static":
        return None
    return segment[:MODULE_LENGTH]


def _dialect_insert(db: Session, table: Table) -> Any:
    """Return an INSERT with ``ON CONFLICT`` support (SQLite, PostgreSQL), else None."""
    dialect = db.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    return None


def _upsert(db: Session, key: Key, *, logins: int, requests: int, users: int) -> None:
    """Add counts to a row of ``usage_monthly``, inserting it when it is new."""
    org_id, month, module = key
    values = {"logins": logins, "requests": requests, "users_seen": users}
    table = MONTHLY
    statement = _dialect_insert(db, table)
    if statement is not None:
        statement = statement.values(org_id=org_id, month=month, module=module, **values)
        db.execute(
            statement.on_conflict_do_update(
                index_elements=["org_id", "month", "module"],
                set_={name: table.c[name] + statement.excluded[name] for name in values},
            )
        )
        return
    found = db.scalar(
        select(table.c.id).where(
            table.c.org_id == org_id, table.c.month == month, table.c.module == module
        )
    )
    if found is None:
        db.execute(insert(table).values(org_id=org_id, month=month, module=module, **values))
    else:
        changes = {name: table.c[name] + value for name, value in values.items()}
        db.execute(update(table).where(table.c.id == found).values(**changes))


def _new_users(db: Session, seen: Iterable[tuple[int, str, str, int]]) -> Counter[Key]:
    """Insert the users not yet seen per organisation, month and module; count them by key."""
    added: Counter[Key] = Counter()
    for org_id, month, module, user_id in sorted(set(seen)):
        row = {"org_id": org_id, "month": month, "module": module, "user_id": user_id}
        statement = _dialect_insert(db, USERS)
        if statement is not None:
            result = db.execute(statement.values(**row).on_conflict_do_nothing())
            inserted = result.rowcount == 1  # type: ignore[attr-defined]  # a CursorResult
        else:
            clauses = [USERS.c[name] == value for name, value in row.items()]
            inserted = db.scalar(select(USERS.c.id).where(*clauses)) is None
            if inserted:
                db.execute(insert(USERS).values(**row))
        if inserted:
            added[(org_id, month, module)] += 1
    return added


def store(
    db: Session,
    *,
    requests: Counter[Key],
    logins: Counter[Key],
    users: Iterable[tuple[int, str, str, int]],
) -> None:
    """Add counts and users seen to the usage tables in the session's transaction."""
    added = _new_users(db, users)
    for key in sorted(set(requests) | set(logins) | set(added)):
        _upsert(db, key, logins=logins[key], requests=requests[key], users=added[key])


def record_login(db: Session, principal: Principal, *, at: datetime | None = None) -> None:
    """Count a login of the principal's user in its organisation's month (the caller commits)."""
    if principal.org_id is None or principal.user_id is None:
        return
    key = (principal.org_id, month_of(at), LOGIN_MODULE)
    store(
        db,
        requests=Counter(),
        logins=Counter({key: 1}),
        users=[(*key, principal.user_id)],
    )


class UsageRecorder:
    """Requests counted in memory until flushed to the serving DB."""

    def __init__(self, *, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._requests: Counter[Key] = Counter()
        self._users: set[tuple[int, str, str, int]] = set()
        self._last_flush = time.monotonic()

    def add(self, principal: Principal, module: str, *, at: datetime | None = None) -> None:
        """Count one request of the principal to a module."""
        if principal.org_id is None or principal.user_id is None:
            return
        key = (principal.org_id, month_of(at), module)
        with self._lock:
            self._requests[key] += 1
            self._users.add((*key, principal.user_id))

    def due(self) -> bool:
        """Tell whether counts wait and the flush interval has passed."""
        return bool(self._requests) and time.monotonic() - self._last_flush >= self.flush_seconds

    def flush(self, database: Database) -> int:
        """Write the waiting counts in one transaction; return the rows touched. On failure
        the counts are kept for the next flush (nothing is lost or counted twice)."""
        with self._lock:
            requests, users = self._requests, self._users
            self._requests, self._users = Counter(), set()
            self._last_flush = time.monotonic()
        if not requests:
            return 0
        try:
            with database.writer() as db:
                store(db, requests=requests, logins=Counter(), users=users)
                db.commit()
        except Exception:
            log.exception("usage counts not stored yet; kept for the next flush")
            with self._lock:
                self._requests.update(requests)
                self._users |= users
            return 0
        return len(requests)


class UsageMiddleware:
    """Count each answered request of a principal with an organisation by module (pure ASGI).

    The principal is the one the authentication dependencies leave in the request state; the
    serving DB is the app's (``app.state.database``).
    """

    def __init__(self, app: ASGIApp, *, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.app = app
        self.recorder = UsageRecorder(flush_seconds=flush_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._flushing_at_shutdown(scope, receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, send_status)
        principal = state.get("principal")
        module = module_of(scope["path"])
        if principal is None or module is None or status >= RECORDED_BELOW:
            return
        self.recorder.add(principal, module)
        if self.recorder.due():
            await anyio.to_thread.run_sync(self.recorder.flush, scope["app"].state.database)

    def _flushing_at_shutdown(self, scope: Scope, receive: Receive) -> Receive:
        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                database = scope["app"].state.database
                await anyio.to_thread.run_sync(self.recorder.flush, database)
            return message

        return wrapped
