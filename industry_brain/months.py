"""Calendar months as the platform counts them: first days of months, and their arithmetic."""

from __future__ import annotations

from datetime import date


def month_index(month: date) -> int:
    """Return a month as a number (consecutive months differ by one)."""
    return month.year * 12 + month.month - 1


def add_months(month: date, count: int) -> date:
    """Return the first day of the month ``count`` months after (or before) ``month``."""
    index = month_index(month) + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Return how many months ``end`` is after ``start`` (negative when before)."""
    return month_index(end) - month_index(start)


def months_ending(last: date, count: int) -> list[str]:
    """Return the ``count`` months ending at ``last``'s month as YYYY-MM, oldest first."""
    end = month_index(last)
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(end - count + 1, end + 1)]
