"""Tables of the 服务目录: providers' offerings, enterprises' requests with their threads, and
ratings.

Invariants:
- An offering belongs to one provider organisation; it is never deleted (requests keep
  pointing to it), only made inactive, and an inactive offering takes no new request.
- A request copies its offering's provider, so the provider's inbox and its ratings do not
  depend on the offering staying active.
- A request moves 待响应 → 已响应 → 进行中 → 已完成 one step at a time, or to 已取消 from any open
  status; every move and every message is an entry of its thread.
- At most one rating per request (``request_id`` is unique), given after 已完成.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow

CATEGORIES = ("数字化改造", "标准规范", "知识产权", "法律", "检验检测", "人才培训")
STEPS = ("待响应", "已响应", "进行中", "已完成")
CANCELLED = "已取消"
STATUSES = (*STEPS, CANCELLED)
OPEN_STATUSES = STEPS[:-1]


class CatalogueOffering(Base):
    """A solution or service a provider offers, with its price range and cases."""

    __tablename__ = "catalogue_offerings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(10), index=True)  # CATEGORIES
    tags: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of words
    description: Mapped[str] = mapped_column(Text)
    price_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 元
    price_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 元
    price_unit: Mapped[str] = mapped_column(String(20), default="")  # e.g. 元/项目
    cases: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{"title", "text"}]
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CatalogueRequest(Base):
    """An enterprise's request for one offering, followed by both sides."""

    __tablename__ = "catalogue_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("catalogue_offerings.id"), index=True)
    enterprise_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(4), index=True)  # STATUSES
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # 已完成 or 已取消


class CatalogueMessage(Base):
    """One entry of a request's thread: a message, or a status reached with its note."""

    __tablename__ = "catalogue_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_requests.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # the author's side
    author: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(4))  # the status reached, if any
    text: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CatalogueRating(Base):
    """An enterprise's rating (1–5) of a completed request, given once."""

    __tablename__ = "catalogue_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_requests.id", ondelete="CASCADE"), unique=True
    )
    offering_id: Mapped[int] = mapped_column(ForeignKey("catalogue_offerings.id"), index=True)
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
