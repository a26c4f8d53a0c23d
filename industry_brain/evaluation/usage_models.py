"""Tables of the platform's use (M4): logins and module use by organisation and month.

Invariants:
- ``usage_monthly`` holds one row per organisation × month (``YYYY-MM``, UTC) × module,
  upserted: counts only ever grow, so several processes may add to the same row.
- ``usage_monthly_users`` holds one row per user seen in that organisation, month and module;
  a row's first insertion is what adds one to ``usage_monthly.users_seen``, and the distinct
  users of a year (``usage.active_users``) are read from it.
- The module ``login`` counts logins; every other module is the first path segment of a
  request (after ``/api/v1/`` or ``/``) answered below 400 to a principal with an organisation.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base

LOGIN_MODULE = "login"
MODULE_LENGTH = 40


class UsageMonthly(Base):
    """One organisation's use of one module in one month."""

    __tablename__ = "usage_monthly"
    __table_args__ = (UniqueConstraint("org_id", "month", "module"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM (UTC)
    module: Mapped[str] = mapped_column(String(MODULE_LENGTH))
    logins: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    users_seen: Mapped[int] = mapped_column(Integer, default=0)


class UsageMonthlyUser(Base):
    """A user seen using a module of the platform in a month (for distinct counts)."""

    __tablename__ = "usage_monthly_users"
    __table_args__ = (UniqueConstraint("org_id", "month", "module", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    month: Mapped[str] = mapped_column(String(7), index=True)
    module: Mapped[str] = mapped_column(String(MODULE_LENGTH))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
