"""JSON API of the 服务目录 under /api/v1/services/catalogue: search and read offerings
(policy object ``catalogue``), providers manage their own (``catalogue.offering``), enterprises
ask and rate, providers answer (``catalogue.request``). An invalid offering is refused with
422 and every bad field in ``problems``."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from industry_brain.accounts.policy import require
from industry_brain.catalogue import actions, request_actions
from industry_brain.catalogue.models import CATEGORIES
from industry_brain.catalogue.request_service import list_requests, load_request, request_out
from industry_brain.catalogue.schemas import (
    MessageIn,
    OfferingDetail,
    OfferingIn,
    OfferingPage,
    RatingIn,
    RequestIn,
    RequestOut,
    StatusIn,
)
from industry_brain.catalogue.service import (
    OfferingFilter,
    Sort,
    find_offerings,
    get_offering,
    offering_detail,
)
from industry_brain.catalogue.validation import OfferingInvalidError
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/services/catalogue", tags=["services"])
CategoryQuery = Annotated[str, Query(pattern="^(" + "|".join(CATEGORIES) + ")?$")]
StatusQuery = Annotated[str, Query(pattern="^(待响应|已响应|进行中|已完成|已取消)?$")]


def invalid_response(exc: OfferingInvalidError) -> JSONResponse:
    """Answer an invalid offering with 422 and every bad field."""
    body = {"code": exc.code, "detail": exc.message, "field": exc.field, "problems": exc.problems}
    return JSONResponse(body, status_code=422)


@router.get("")
def search(
    db: DbDep, principal: ApiUser, category: CategoryQuery = "",
    q: Annotated[str, Query(max_length=100, description="标题、标签或服务内容中的词")] = "",
    max_price: Annotated[Decimal | None, Query(ge=0, description="预算（元）")] = None,
    min_rating: Annotated[float | None, Query(ge=1, le=5, description="服务机构最低评分")] = None,
    sort: Sort = "rating", limit: Annotated[int, Query(ge=1, le=200)] = 24,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OfferingPage:  # fmt: skip
    """Search active offerings by category, words, budget and the provider's rating."""
    require(principal, "catalogue", "read")
    spec = OfferingFilter(category or None, q or None, max_price, min_rating, sort=sort)
    total, items = find_offerings(db, spec, limit=limit, offset=offset)
    return OfferingPage(total=total, items=items)


@router.post("", status_code=201, response_model=OfferingDetail)
def create(db: DbDep, principal: ApiUser, body: OfferingIn) -> Response | OfferingDetail:
    """List a new offering of the caller's provider organisation (audited)."""
    try:
        offering = actions.do_create_offering(db, actor=principal, data=body)
    except OfferingInvalidError as exc:
        return invalid_response(exc)
    return offering_detail(db, offering)


@router.get("/mine")
def mine(db: DbDep, principal: ApiUser) -> OfferingPage:
    """List the caller's provider organisation's offerings, active or not."""
    require(principal, "catalogue.offering", "read", target_org_id=principal.org_id)
    spec = OfferingFilter(provider_org_id=principal.org_id, include_inactive=True, sort="new")
    total, items = find_offerings(db, spec, limit=200)
    return OfferingPage(total=total, items=items)


@router.get("/requests")
def requests(db: DbDep, principal: ApiUser, status: StatusQuery = "") -> list[RequestOut]:
    """List the requests the caller follows: an enterprise's own, a provider's incoming."""
    return list_requests(db, principal, status=status or None)


@router.get("/requests/{request_id}")
def request_one(db: DbDep, principal: ApiUser, request_id: int) -> RequestOut:
    """Return a request with its thread and the moves open to the caller."""
    request, side = load_request(db, principal, request_id, "read")
    return request_out(db, request, side)


@router.post("/requests/{request_id}/status")
def move(db: DbDep, principal: ApiUser, request_id: int, body: StatusIn) -> RequestOut:
    """Move a request one status on (its provider) or cancel it (either side; audited)."""
    request = request_actions.do_move_request(db, actor=principal, request_id=request_id,
                                              data=body)  # fmt: skip
    return request_out(db, request, load_request(db, principal, request.id, "read")[1])


@router.post("/requests/{request_id}/messages", status_code=201)
def message(db: DbDep, principal: ApiUser, request_id: int, body: MessageIn) -> RequestOut:
    """Write in a request's thread (audited)."""
    request_actions.do_add_message(db, actor=principal, request_id=request_id, text=body.text)
    request, side = load_request(db, principal, request_id, "read")
    return request_out(db, request, side)


@router.post("/requests/{request_id}/rating", status_code=201)
def rate(db: DbDep, principal: ApiUser, request_id: int, body: RatingIn) -> RequestOut:
    """Rate a completed request 1–5 with a comment, once (audited)."""
    request_actions.do_rate(db, actor=principal, request_id=request_id, data=body)
    request, side = load_request(db, principal, request_id, "read")
    return request_out(db, request, side)


@router.get("/{offering_id:int}")
def one(db: DbDep, principal: ApiUser, offering_id: int) -> OfferingDetail:
    """Return an offering with its cases, price and the provider's rating."""
    require(principal, "catalogue", "read")
    return offering_detail(db, get_offering(db, offering_id))


@router.put("/{offering_id:int}", response_model=OfferingDetail)
def update(
    db: DbDep, principal: ApiUser, offering_id: int, body: OfferingIn
) -> Response | OfferingDetail:
    """Replace an offering's fields (its provider; audited)."""
    try:
        offering = actions.do_update_offering(db, actor=principal, offering_id=offering_id,
                                              data=body)  # fmt: skip
    except OfferingInvalidError as exc:
        return invalid_response(exc)
    return offering_detail(db, offering)


@router.post("/{offering_id:int}/deactivate")
def deactivate(db: DbDep, principal: ApiUser, offering_id: int) -> OfferingDetail:
    """Take an offering down: no new requests (audited)."""
    offering = actions.do_set_active(db, actor=principal, offering_id=offering_id, active=False)
    return offering_detail(db, offering)


@router.post("/{offering_id:int}/activate")
def activate(db: DbDep, principal: ApiUser, offering_id: int) -> OfferingDetail:
    """Put an offering back in the catalogue (audited)."""
    offering = actions.do_set_active(db, actor=principal, offering_id=offering_id, active=True)
    return offering_detail(db, offering)


@router.post("/{offering_id:int}/requests", status_code=201)
def ask(db: DbDep, principal: ApiUser, offering_id: int, body: RequestIn) -> RequestOut:
    """Ask the provider for an active offering (an enterprise; audited)."""
    request = request_actions.do_create_request(db, actor=principal, offering_id=offering_id,
                                                data=body)  # fmt: skip
    return request_out(db, request, "enterprise")
