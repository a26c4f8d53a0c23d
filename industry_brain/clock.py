"""Beijing time for people: pages and documents show times and dates in China's time zone,
while the database keeps UTC (``db.utcnow``). Validity and due dates are Beijing dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(moment: datetime) -> datetime:
    """Return a stored time in Beijing time (a naive time is taken as UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def beijing_today() -> date:
    """Return today's date in Beijing."""
    return datetime.now(BEIJING).date()
