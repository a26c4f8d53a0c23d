"""Reading service requests: whose side the caller is on, a request with its thread, and the
lists of each side.

Access: the enterprise that asked and the provider asked see a request; government users and
data admins read every request; anybody else is told it does not exist (404), so one provider
cannot learn of another's requests.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.catalogue.models import (
    OPEN_STATUSES,
    STEPS,
    CatalogueMessage,
    CatalogueOffering,
    CatalogueRating,
    CatalogueRequest,
)
from industry_brain.catalogue.schemas import RequestOut, ThreadEntry
from industry_brain.errors import HiddenObjectError, PermissionDeniedError

POLICY = "catalogue.request"
Side = Literal["enterprise", "provider", "observer"]


def side_of(actor: Principal, request: CatalogueRequest, act: str) -> Side:
    """Return the side the actor takes on the request for ``act``, or raise (403 for an
    observer who may only read, 404 for anybody else)."""
    for side, org_id in (
        ("enterprise", request.enterprise_org_id),
        ("provider", request.provider_org_id),
    ):
        if actor.org_id == org_id and is_allowed(actor, POLICY, act, target_org_id=org_id):
            return side  # type: ignore[return-value]  # one of the two literals above
    if is_allowed(actor, POLICY, "read"):
        if act == "read":
            return "observer"
        raise PermissionDeniedError("只有提出需求的企业和承接的服务机构可以办理该需求")
    raise HiddenObjectError(f"服务需求 #{request.id} 不存在")


def load_request(db: Session, actor: Principal, request_id: int, act: str) -> tuple[
    CatalogueRequest, Side
]:  # fmt: skip
    """Return the request and the actor's side, or raise as ``side_of`` does."""
    request = db.get(CatalogueRequest, request_id)
    if request is None:
        raise HiddenObjectError(f"服务需求 #{request_id} 不存在")
    return request, side_of(actor, request, act)


def next_status(status: str) -> str | None:
    """Return the status a provider may move an open request to next."""
    if status not in OPEN_STATUSES:
        return None
    return STEPS[STEPS.index(status) + 1]


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    rows = db.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def request_out(db: Session, request: CatalogueRequest, side: Side) -> RequestOut:
    """Return a request with its thread, rating and the moves open to ``side``."""
    return requests_out(db, [request], side)[0]


def requests_out(db: Session, requests: list[CatalogueRequest], side: Side) -> list[RequestOut]:
    """Return the requests with their threads, ratings and the moves open to ``side``."""
    ids = [r.id for r in requests]
    names = _names(
        db, {r.enterprise_org_id for r in requests} | {r.provider_org_id for r in requests}
    )
    offered = select(CatalogueOffering.id, CatalogueOffering.title).where(
        CatalogueOffering.id.in_({r.offering_id for r in requests})
    )
    titles = {row[0]: row[1] for row in db.execute(offered)}
    ratings = {
        rating.request_id: rating
        for rating in db.scalars(select(CatalogueRating).where(CatalogueRating.request_id.in_(ids)))
    }
    threads: dict[int, list[ThreadEntry]] = {i: [] for i in ids}
    by_id = {r.id: r for r in requests}
    for entry in db.scalars(
        select(CatalogueMessage)
        .where(CatalogueMessage.request_id.in_(ids))
        .order_by(CatalogueMessage.at, CatalogueMessage.id)
    ):
        who = (
            "enterprise"
            if entry.org_id == by_id[entry.request_id].enterprise_org_id
            else "provider"
        )
        threads[entry.request_id].append(ThreadEntry(
            author=entry.author, side=who, status=entry.status, text=entry.text, at=entry.at,
        ))  # fmt: skip
    return [_out(r, side, names, titles, ratings.get(r.id), threads[r.id]) for r in requests]


def _out(
    r: CatalogueRequest, side: Side, names: dict[int, str], titles: dict[int, str],
    rating: CatalogueRating | None, thread: list[ThreadEntry],
) -> RequestOut:  # fmt: skip
    is_open = r.status in OPEN_STATUSES
    return RequestOut(
        id=r.id, offering_id=r.offering_id, offering_title=titles.get(r.offering_id, ""),
        enterprise_org_id=r.enterprise_org_id, enterprise_name=names.get(r.enterprise_org_id, ""),
        provider_org_id=r.provider_org_id, provider_name=names.get(r.provider_org_id, ""),
        message=r.message, status=r.status, created_at=r.created_at, updated_at=r.updated_at,
        thread=thread, rating_score=rating.score if rating else None,
        rating_comment=rating.comment if rating else None,
        next_status=next_status(r.status) if side == "provider" else None,
        can_cancel=is_open and side in ("enterprise", "provider"),
        can_rate=side == "enterprise" and r.status == STEPS[-1] and rating is None,
    )  # fmt: skip


def list_requests(db: Session, actor: Principal, *, status: str | None = None) -> list[RequestOut]:
    """Return the requests the actor follows, newest change first: an enterprise's own, a
    provider's incoming, or (government, data admin) all."""
    query = select(CatalogueRequest).order_by(
        CatalogueRequest.updated_at.desc(), CatalogueRequest.id.desc()
    )
    side: Side
    if actor.org_id is not None and is_allowed(actor, POLICY, "create", target_org_id=actor.org_id):
        side, query = "enterprise", query.where(CatalogueRequest.enterprise_org_id == actor.org_id)
    elif actor.org_id is not None and is_allowed(
        actor, POLICY, "update", target_org_id=actor.org_id
    ):
        side, query = "provider", query.where(CatalogueRequest.provider_org_id == actor.org_id)
    elif is_allowed(actor, POLICY, "read"):
        side = "observer"
    else:
        raise PermissionDeniedError("无权查看服务需求")
    if status:
        query = query.where(CatalogueRequest.status == status)
    return requests_out(db, list(db.scalars(query.limit(500))), side)
