"""Reading the 服务目录: search with filters, one offering, provider ratings.

``search_offerings`` is the stable entry point other domains use (数字化诊断 matches
solutions by category); it returns only active offerings of active providers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.catalogue.models import CatalogueOffering, CatalogueRating
from industry_brain.catalogue.schemas import CaseOut, OfferingCard, OfferingDetail, Rating
from industry_brain.errors import NotFoundError

Sort = Literal["rating", "price", "new"]
SORTS: dict[str, str] = {"rating": "评分最高", "price": "价格最低", "new": "最近更新"}


@dataclass(frozen=True)
class OfferingFilter:
    """What the catalogue is searched by; empty fields do not filter."""

    category: str | None = None
    q: str | None = None  # words, each in the title, tags or description
    max_price: Decimal | None = None  # 预算（元）: the lower price is within it
    min_rating: float | None = None  # the provider's average rating
    provider_org_id: int | None = None
    include_inactive: bool = False
    sort: Sort = "rating"


def money(value: Decimal) -> str:
    """Return an amount in 元 with thousands separators and no needless decimals."""
    text = f"{value:,.2f}"
    return text.removesuffix(".00")


def price_label(low: Decimal | None, high: Decimal | None, unit: str) -> str:
    """Return the price as shown: 面议, a single amount, a range or a starting price."""
    if low is None:
        return "面议"
    if high is None:
        return f"{money(low)} {unit} 起"
    if high == low:
        return f"{money(low)} {unit}"
    return f"{money(low)}–{money(high)} {unit}"


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_match(q: str) -> ColumnElement[bool] | None:
    words = q.split()
    if not words:
        return None
    columns = (CatalogueOffering.title, CatalogueOffering.tags, CatalogueOffering.description)
    return and_(
        *(or_(*(c.ilike(f"%{_escape(word)}%", escape="\\") for c in columns)) for word in words)
    )


def _ratings_subquery() -> Any:
    return (
        select(
            CatalogueRating.provider_org_id.label("org_id"),
            func.avg(CatalogueRating.score).label("average"),
            func.count(CatalogueRating.id).label("count"),
        )
        .group_by(CatalogueRating.provider_org_id)
        .subquery("provider_ratings")
    )


def _query(spec: OfferingFilter) -> tuple[Select[Any], Any]:
    ratings = _ratings_subquery()
    query = (
        select(CatalogueOffering, Organisation.name, ratings.c.average, ratings.c.count)
        .join(Organisation, Organisation.id == CatalogueOffering.provider_org_id)
        .outerjoin(ratings, ratings.c.org_id == CatalogueOffering.provider_org_id)
    )
    if not spec.include_inactive:
        query = query.where(CatalogueOffering.active.is_(True), Organisation.is_active.is_(True))
    if spec.category:
        query = query.where(CatalogueOffering.category == spec.category)
    if spec.q and (match := _text_match(spec.q)) is not None:
        query = query.where(match)
    if spec.max_price is not None:
        query = query.where(CatalogueOffering.price_min <= spec.max_price)
    if spec.min_rating is not None:
        query = query.where(ratings.c.average >= spec.min_rating)
    if spec.provider_org_id is not None:
        query = query.where(CatalogueOffering.provider_org_id == spec.provider_org_id)
    return query, ratings


def _ordered(query: Select[Any], ratings: Any, sort: Sort) -> Select[Any]:
    last_when_null = case((ratings.c.average.is_(None), 1), else_=0)
    if sort == "price":
        unpriced = case((CatalogueOffering.price_min.is_(None), 1), else_=0)
        return query.order_by(unpriced, CatalogueOffering.price_min, CatalogueOffering.id)
    if sort == "new":
        return query.order_by(CatalogueOffering.updated_at.desc(), CatalogueOffering.id.desc())
    return query.order_by(
        last_when_null, ratings.c.average.desc(), ratings.c.count.desc(), CatalogueOffering.id
    )


def _average(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def card(offering: CatalogueOffering, provider: str, rating: Rating) -> OfferingCard:
    """Return an offering's card with the provider's name and rating."""
    return OfferingCard(
        id=offering.id, title=offering.title, provider_org_id=offering.provider_org_id,
        provider_name=provider, category=offering.category, tags=json.loads(offering.tags),
        price_min=offering.price_min, price_max=offering.price_max,
        price_unit=offering.price_unit,
        price_label=price_label(offering.price_min, offering.price_max, offering.price_unit),
        rating_average=rating.average, rating_count=rating.count, active=offering.active,
        link=f"/services/catalogue/{offering.id}",
    )  # fmt: skip


def find_offerings(
    db: Session, spec: OfferingFilter, *, limit: int = 24, offset: int = 0
) -> tuple[int, list[OfferingCard]]:
    """Return how many offerings match and one page of their cards, in the asked order."""
    query, ratings = _query(spec)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.execute(_ordered(query, ratings, spec.sort).limit(limit).offset(offset)).all()
    cards = [
        card(offering, name, Rating(_average(average), int(count or 0)))
        for offering, name, average, count in rows
    ]
    return total, cards


def search_offerings(
    db: Session, *, category: str | None = None, q: str | None = None, limit: int = 5
) -> list[OfferingCard]:
    """Return up to ``limit`` active offerings of the category and words, best rated first."""
    return find_offerings(db, OfferingFilter(category=category, q=q), limit=limit)[1]


def provider_ratings(db: Session, org_ids: Iterable[int]) -> dict[int, Rating]:
    """Return each provider's rating (providers without ratings: average None, count 0)."""
    wanted = set(org_ids)
    rows = db.execute(
        select(
            CatalogueRating.provider_org_id,
            func.avg(CatalogueRating.score),
            func.count(CatalogueRating.id),
        )
        .where(CatalogueRating.provider_org_id.in_(wanted))
        .group_by(CatalogueRating.provider_org_id)
    ).all()
    found = {org: Rating(_average(average), int(count)) for org, average, count in rows}
    return {org: found.get(org, Rating(None, 0)) for org in wanted}


def get_offering(db: Session, offering_id: int) -> CatalogueOffering:
    """Return the offering, or raise NotFoundError."""
    offering = db.get(CatalogueOffering, offering_id)
    if offering is None:
        raise NotFoundError(f"服务 #{offering_id} 不存在或已删除")
    return offering


def offering_detail(db: Session, offering: CatalogueOffering) -> OfferingDetail:
    """Return an offering with its cases, the provider's and its own rating."""
    provider = db.get(Organisation, offering.provider_org_id)
    mine = db.execute(
        select(func.avg(CatalogueRating.score), func.count(CatalogueRating.id)).where(
            CatalogueRating.offering_id == offering.id
        )
    ).one()
    base = card(offering, provider.name if provider else "", _one(db, offering.provider_org_id))
    return OfferingDetail(
        **{k: v for k, v in base.__dict__.items() if k in OfferingDetail.model_fields},
        description=offering.description,
        cases=[CaseOut(**case) for case in json.loads(offering.cases)],
        offering_rating_average=_average(mine[0]), offering_rating_count=int(mine[1]),
        updated_at=offering.updated_at,
    )  # fmt: skip


def _one(db: Session, org_id: int) -> Rating:
    return provider_ratings(db, [org_id])[org_id]
