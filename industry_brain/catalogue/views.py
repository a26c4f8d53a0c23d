"""Pages of the 服务目录 everyone browses: the search (/services/catalogue) and one offering
(/services/catalogue/{id}) with the request form enterprises post to."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, cast

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.catalogue import request_actions
from industry_brain.catalogue.models import CATEGORIES
from industry_brain.catalogue.schemas import RequestIn
from industry_brain.catalogue.service import (
    SORTS,
    OfferingFilter,
    Sort,
    find_offerings,
    get_offering,
    offering_detail,
)
from industry_brain.errors import DomainError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.forms import act
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 24
CategoryQuery = Annotated[str, Query(pattern="^(" + "|".join(CATEGORIES) + ")?$")]


def can_ask(principal: Principal) -> bool:
    """Return whether the principal may ask for offerings (a user of an enterprise)."""
    return principal.org_type == OrgType.ENTERPRISE and is_allowed(
        principal, "catalogue.request", "create", target_org_id=principal.org_id
    )


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _budget(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


@router.get("/services/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request, db: DbDep, principal: PageUser, category: CategoryQuery = "",
    q: Annotated[str, Query(max_length=100)] = "",
    max_price: Annotated[str, Query(max_length=20)] = "",
    min_rating: Annotated[str, Query(max_length=4)] = "",
    sort: Annotated[str, Query(pattern="^(rating|price|new)?$")] = "rating",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:  # fmt: skip
    """Search the catalogue: words, category, budget, the provider's rating."""
    require(principal, "catalogue", "read")
    spec = OfferingFilter(
        category=category or None, q=q.strip() or None, max_price=_budget(max_price),
        min_rating=_number(min_rating, 1, 5), sort=cast(Sort, sort or "rating"),
    )  # fmt: skip
    total, cards = find_offerings(db, spec, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(
        request, "catalogue/index.html",
        {"spec": spec, "cards": cards, "total": total, "categories": CATEGORIES, "sorts": SORTS,
         "q": q, "max_price": max_price, "min_rating": min_rating, "page": page,
         "pages": max(1, -(-total // PER_PAGE)), "can_ask": can_ask(principal)},
        principal=principal,
    )  # fmt: skip


def _offering_page(
    request: Request, db: Session, principal: Principal, offering_id: int, *,
    error: str | None = None, message: str = "", status_code: int = 200,
) -> Response:  # fmt: skip
    require(principal, "catalogue", "read")
    offering = offering_detail(db, get_offering(db, offering_id))
    return render(
        request, "catalogue/offering.html",
        {"offering": offering, "can_ask": can_ask(principal), "error": error,
         "message": message},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/services/catalogue/{offering_id:int}", response_class=HTMLResponse)
def offering_page(request: Request, db: DbDep, principal: PageUser, offering_id: int) -> Response:
    """Show an offering: description, cases, price, the provider's rating, the request form."""
    return _offering_page(request, db, principal, offering_id)


@router.post("/services/catalogue/{offering_id:int}/requests", response_class=HTMLResponse)
def ask(
    request: Request, db: DbDep, principal: FormUser, offering_id: int,
    message: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Send the enterprise's request to the provider, or show the offering with the refusal."""

    def refused(error: str, status: int, _: DomainError | None) -> Response:
        return _offering_page(request, db, principal, offering_id, error=error,
                              message=message, status_code=status)  # fmt: skip

    return act(
        db,
        lambda: request_actions.do_create_request(
            db, actor=principal, offering_id=offering_id, data=RequestIn(message=message)
        ),
        done=lambda made: f"/services/requests?notice=created#request-{made.id}",
        refused=refused,
    )
