"""Inputs and answers of the 服务目录. Inputs are loose on purpose (strings, optional
numbers): ``validation.check_offering`` turns them into field-by-field Chinese messages, the
same for the JSON API and the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field


class CaseIn(BaseModel):
    """A case (案例) of an offering: what was done for whom."""

    title: str = Field(default="", max_length=200)
    text: str = Field(default="", max_length=2000)


class OfferingIn(BaseModel):
    """An offering as its provider enters it (prices in 元)."""

    title: str = Field(default="", max_length=500, description="服务名称，2–100 字")
    category: str = Field(default="", max_length=20, description="六类服务之一")
    tags: list[str] = Field(default_factory=list, max_length=50, description="标签")
    description: str = Field(default="", max_length=10000, description="服务内容，至少 10 字")
    price_min: Decimal | None = Field(default=None, description="价格下限（元），空为面议")
    price_max: Decimal | None = Field(default=None, description="价格上限（元）")
    price_unit: str = Field(default="元/项目", max_length=50, description="计价单位")
    cases: list[CaseIn] = Field(default_factory=list, max_length=50, description="服务案例")
    active: bool = True


class RequestIn(BaseModel):
    """An enterprise's request for an offering."""

    message: str = Field(default="", max_length=4000, description="需求说明，至少 5 字")


class StatusIn(BaseModel):
    """A move of a request's status, with its note (required to respond and to cancel)."""

    to: Literal["已响应", "进行中", "已完成", "已取消"]
    note: str = Field(default="", max_length=4000)


class MessageIn(BaseModel):
    """A message added to a request's thread."""

    text: str = Field(default="", max_length=4000)


class RatingIn(BaseModel):
    """An enterprise's rating of a completed request."""

    score: int = Field(ge=1, le=5, description="1–5 分")
    comment: str = Field(default="", max_length=1000)


@dataclass(frozen=True)
class Rating:
    """A provider's rating: average of its ratings (None when it has none) and their count."""

    average: float | None
    count: int


@dataclass(frozen=True)
class OfferingCard:
    """An offering as lists and other domains show it (prices in 元, rating of the provider)."""

    id: int
    title: str
    provider_org_id: int
    provider_name: str
    category: str
    tags: list[str]
    price_min: Decimal | None
    price_max: Decimal | None
    price_unit: str
    price_label: str
    rating_average: float | None
    rating_count: int
    active: bool
    link: str


class CaseOut(BaseModel):
    title: str
    text: str


class OfferingDetail(BaseModel):
    """An offering with its description, cases and the provider's rating."""

    id: int
    title: str
    provider_org_id: int
    provider_name: str
    category: str
    tags: list[str]
    description: str
    price_min: Decimal | None
    price_max: Decimal | None
    price_unit: str
    price_label: str
    cases: list[CaseOut]
    active: bool
    rating_average: float | None
    rating_count: int
    offering_rating_average: float | None
    offering_rating_count: int
    link: str
    updated_at: datetime


class OfferingPage(BaseModel):
    """One page of search results and the total."""

    total: int
    items: list[OfferingCard]


class ThreadEntry(BaseModel):
    author: str
    side: Literal["enterprise", "provider"]
    status: str | None
    text: str
    at: datetime


class RequestOut(BaseModel):
    """A request with its offering, both sides, the thread, the rating and the next moves."""

    id: int
    offering_id: int
    offering_title: str
    enterprise_org_id: int
    enterprise_name: str
    provider_org_id: int
    provider_name: str
    message: str
    status: str
    created_at: datetime
    updated_at: datetime
    thread: list[ThreadEntry]
    rating_score: int | None
    rating_comment: str | None
    next_status: str | None
    can_cancel: bool
    can_rate: bool
