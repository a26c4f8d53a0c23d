"""Reads of one enterprise's published rows for its profile, each by indexed ``uscc``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.enterprise.schemas import Event, MonthlySeries, NameRecord, Relation, Relations
from industry_brain.warehouse.pipeline.publish import PUBLISHED_PREFIX

NAMES = f"{PUBLISHED_PREFIX}enterprise_names"
MONTHS = f"{PUBLISHED_PREFIX}enterprise_month"
EVENTS = f"{PUBLISHED_PREFIX}enterprise_events"
RELATIONS = f"{PUBLISHED_PREFIX}enterprise_relations"
SCORES = f"{PUBLISHED_PREFIX}enterprise_scores"
WINDOW_MONTHS = 36
SERIES = ("revenue_wan_yuan", "output_value_wan_yuan", "tax_wan_yuan", "electricity_kwh")
EVENTS_SHOWN = 200


def _rows(db: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in db.execute(text(sql), params).mappings()]


def read_names(db: Session, uscc: str) -> list[NameRecord]:
    """Return the current name, then former names, latest seen first."""
    rows = _rows(
        db,
        f"SELECT name, is_current, first_seen_on, last_seen_on, sources FROM {NAMES} "
        "WHERE uscc = :u ORDER BY is_current DESC, last_seen_on DESC NULLS LAST, name",
        u=uscc,
    )
    for row in rows:
        row["sources"] = [s for s in (row["sources"] or "").split("、") if s]
    return [NameRecord.model_validate(row) for row in rows]


def _month(value: object) -> tuple[int, int]:
    """(year, month) of a period read as a date (PostgreSQL) or 'YYYY-MM-DD' (SQLite)."""
    year, month = str(value)[:7].split("-")
    return int(year), int(month)


def _axis(latest: tuple[int, int]) -> list[str]:
    """The ``WINDOW_MONTHS`` months ending at ``latest``, oldest first, as YYYY-MM."""
    index = latest[0] * 12 + latest[1] - 1
    months = range(index - WINDOW_MONTHS + 1, index + 1)
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]


def _float(value: Any) -> float | None:
    """A float from a Decimal (PostgreSQL NUMERIC) or float (SQLite REAL)."""
    return None if value is None else float(value)


def read_months(db: Session, uscc: str, *, latest: object = None) -> MonthlySeries:
    """Return the enterprise's 36 months on the axis ending at the latest published month
    (``latest`` when the caller knows it: the scores' ``as_of`` is that month); months it did
    not report are ``None`` (drawn as gaps)."""
    if latest is None:
        latest = db.execute(text(f"SELECT max(period) FROM {MONTHS}")).scalar()
    periods = _axis(_month(latest)) if latest is not None else []
    rows = _rows(
        db,
        f"SELECT period, {', '.join(SERIES)}, employees FROM {MONTHS} "
        "WHERE uscc = :u ORDER BY period",
        u=uscc,
    )
    by_period = {str(row["period"])[:7]: row for row in rows}
    found = [by_period.get(period) for period in periods]
    series = {column: [_float(row[column]) if row else None for row in found] for column in SERIES}
    return MonthlySeries(
        periods=periods,
        employees=[
            int(row["employees"]) if row and row["employees"] is not None else None for row in found
        ],
        reported_months=sum(row is not None for row in found),
        **series,
    )


def _side(db: Session, uscc: str, *, own: str, other: str, limit: int) -> list[Relation]:
    rows = _rows(
        db,
        f"SELECT {other}_uscc AS uscc, {other}_name AS name, product_name, amount_12m_wan_yuan, "
        "amount_total_wan_yuan, first_period, last_period, sources "
        f"FROM {RELATIONS} WHERE {own}_uscc = :u "
        "ORDER BY amount_12m_wan_yuan DESC NULLS LAST, amount_total_wan_yuan DESC NULLS LAST, "
        f"{other}_uscc, product_name LIMIT :limit",
        u=uscc,
        limit=limit,
    )
    return [Relation.model_validate({**r, "in_warehouse": r["name"] is not None}) for r in rows]


def _count(db: Session, column: str, uscc: str) -> int:
    sql = f"SELECT count(*) FROM {RELATIONS} WHERE {column} = :u"
    return int(db.execute(text(sql), {"u": uscc}).scalar() or 0)


def read_relations(db: Session, uscc: str, *, limit: int) -> Relations:
    """Return suppliers and customers, largest 12-month amount first, ``limit`` of each."""
    suppliers = _side(db, uscc, own="buyer", other="supplier", limit=limit)
    customers = _side(db, uscc, own="supplier", other="buyer", limit=limit)
    return Relations(
        suppliers=suppliers,
        customers=customers,
        suppliers_total=len(suppliers)
        if len(suppliers) < limit
        else _count(db, "buyer_uscc", uscc),
        customers_total=len(customers)
        if len(customers) < limit
        else _count(db, "supplier_uscc", uscc),
        limit=limit,
    )


def read_events(db: Session, uscc: str) -> list[Event]:
    """Return registry changes and honours, newest first."""
    rows = _rows(
        db,
        f"SELECT category, event_type, event_date, before_value, after_value FROM {EVENTS} "
        "WHERE uscc = :u ORDER BY event_date DESC NULLS LAST, category, event_type LIMIT :limit",
        u=uscc,
        limit=EVENTS_SHOWN,
    )
    return [Event.model_validate(row) for row in rows]
