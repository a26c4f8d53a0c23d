"""Months of the operations window and their seasonal weight.

Chinese industry slows around the Spring Festival (春节), which falls in late January or in
February, and books a year-end peak in December. The festival dates are facts; the shape
(about three weeks of reduced activity, half the usual output) is a plausible round figure.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

_SPRING_FESTIVAL = {
    2019: date(2019, 2, 5), 2020: date(2020, 1, 25), 2021: date(2021, 2, 12),
    2022: date(2022, 2, 1), 2023: date(2023, 1, 22), 2024: date(2024, 2, 10),
    2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}  # fmt: skip
_BASE = {1: 0.98, 2: 0.95, 3: 1.02, 4: 0.98, 5: 1.0, 6: 1.05, 7: 0.96, 8: 0.97, 9: 1.03,
         10: 0.97, 11: 1.04, 12: 1.15}  # fmt: skip
_HOLIDAY_BEFORE_DAYS = 5
_HOLIDAY_DAYS = 21
_HOLIDAY_LOSS = 0.5


def parse_period(text: str) -> date:
    """Return the first day of a YYYY-MM period; raise ValueError if it is not one."""
    year, month = text.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(f"period {text!r} is not YYYY-MM")
    return date(int(year), int(month), 1)


def months_ending(end: date, count: int) -> list[date]:
    """Return ``count`` first-of-month dates ending with ``end``'s month, oldest first."""
    index = end.year * 12 + end.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def period_text(month: date) -> str:
    """Return the YYYY-MM text of a month."""
    return f"{month.year:04d}-{month.month:02d}"


def month_end(month: date) -> date:
    """Return the last day of the month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def seasonal_weight(month: date) -> float:
    """Return the activity of this month relative to an average month."""
    festival = _SPRING_FESTIVAL.get(month.year, date(month.year, 2, 1))
    start = festival - timedelta(days=_HOLIDAY_BEFORE_DAYS)
    stop = start + timedelta(days=_HOLIDAY_DAYS)
    first, last = month, month_end(month) + timedelta(days=1)
    overlap = max(0, (min(stop, last) - max(start, first)).days)
    days = (last - first).days
    return _BASE[month.month] * (1.0 - _HOLIDAY_LOSS * overlap / days)
