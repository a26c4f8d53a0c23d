"""Audited changes of service requests: an enterprise asks for an active offering, the
provider responds and moves it 待响应 → 已响应 → 进行中 → 已完成, either side writes in the thread
or cancels, and the enterprise rates a completed request once.

Each change writes the thread and one audit row in one transaction, and tells the other side
through ``industry_brain.notifications`` when that package is installed; a refusal changes
nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.audit import service as audit
from industry_brain.catalogue.models import (
    CANCELLED,
    OPEN_STATUSES,
    STEPS,
    CatalogueMessage,
    CatalogueOffering,
    CatalogueRating,
    CatalogueRequest,
)
from industry_brain.catalogue.request_service import POLICY, Side, load_request, next_status
from industry_brain.catalogue.schemas import RatingIn, RequestIn, StatusIn
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError, PermissionDeniedError
from industry_brain.errors import ValidationFailedError as Invalid

NOTIFY_MODULES = ("industry_brain.notifications", "industry_brain.notifications.service")
LINKS = {"enterprise": "/services/requests", "provider": "/services/provider"}


def notify_other_side(db: Session, *, org_id: int, title: str, link: str) -> None:
    """Tell an organisation in-app, when the notifications package is installed."""
    for name in NOTIFY_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        notify = getattr(module, "notify", None)
        if notify is not None:
            notify(db, org_id=org_id, title=title, link=link, kind="catalogue.request")
            return


def _record(
    db: Session, request: CatalogueRequest, *, actor: Principal, event_type: str,
    status: str | None, text: str, detail: dict[str, Any], tell: tuple[int, str, str],
) -> None:  # fmt: skip
    """Add the thread entry, the audit row and the notification of a change; commit."""
    now = utcnow()
    request.updated_at = now
    db.add(CatalogueMessage(request_id=request.id, org_id=actor.org_id, author=actor.username,
                            status=status, text=text, at=now))  # fmt: skip
    db.flush()
    audit.append(db, actor=actor, event_type=event_type, object_type="catalogue_request",
                 object_id=request.id, detail=detail)  # fmt: skip
    org_id, side, title = tell
    notify_other_side(db, org_id=org_id, title=title, link=f"{LINKS[side]}#request-{request.id}")
    db.commit()


def _other(request: CatalogueRequest, side: Side) -> tuple[int, str]:
    if side == "enterprise":
        return request.provider_org_id, "provider"
    return request.enterprise_org_id, "enterprise"


def do_create_request(
    db: Session, *, actor: Principal, offering_id: int, data: RequestIn
) -> CatalogueRequest:
    """Ask a provider for an active offering on behalf of the actor's enterprise."""
    require(actor, POLICY, "create", target_org_id=actor.org_id)
    if actor.org_type != OrgType.ENTERPRISE or actor.org_id is None:
        raise PermissionDeniedError("只有企业可以提交服务需求")
    offering = db.get(CatalogueOffering, offering_id)
    if offering is None:
        raise NotFoundError("该服务不存在或已被删除，无法提交需求")
    provider = db.get(Organisation, offering.provider_org_id)
    if not offering.active or provider is None or not provider.is_active:
        raise ConflictError("该服务已下架，服务机构不再提供，无法提交需求；请选择其他服务")
    message = data.message.strip()
    if len(message) < 5:
        raise Invalid("请填写需求说明（至少 5 字）：要做什么、期望何时完成", field="message")
    held = db.scalar(select(CatalogueRequest.id).where(
        CatalogueRequest.enterprise_org_id == actor.org_id,
        CatalogueRequest.offering_id == offering.id,
        CatalogueRequest.status.in_(OPEN_STATUSES)))  # fmt: skip
    if held is not None:
        raise ConflictError(f"您对该服务已有进行中的需求 #{held}，请在“我的服务需求”中跟进")
    now = utcnow()
    request = CatalogueRequest(
        offering_id=offering.id, enterprise_org_id=actor.org_id,
        provider_org_id=offering.provider_org_id, message=message, status=STEPS[0],
        created_by=actor.username, created_at=now, updated_at=now,
    )  # fmt: skip
    db.add(request)
    db.flush()
    _record(db, request, actor=actor, event_type="catalogue.request.create", status=STEPS[0],
            text=message, detail={"offering_id": offering.id, "title": offering.title,
                                  "provider_org_id": offering.provider_org_id},
            tell=(offering.provider_org_id, "provider", f"新的服务需求：{offering.title}"),
    )  # fmt: skip
    return request


def _check_move(request: CatalogueRequest, side: Side, data: StatusIn) -> str:
    """Return the note of an allowed move, or raise naming what is allowed."""
    note = data.note.strip()
    if request.status not in OPEN_STATUSES:
        raise ConflictError(f"该需求已{request.status.removeprefix('已')}，不能再改变状态")
    if data.to == CANCELLED:
        if not note:
            raise Invalid("取消需求请说明原因", field="note")
        return note
    if side != "provider":
        raise PermissionDeniedError("只有承接的服务机构可以推进需求状态")
    allowed = next_status(request.status)
    if data.to != allowed:
        raise Invalid(f"需求当前为“{request.status}”，下一步只能改为“{allowed}”或取消", field="to")
    if data.to == STEPS[1] and not note:
        raise Invalid("请填写响应内容：方案、报价或联系安排", field="note")
    return note


def do_move_request(
    db: Session, *, actor: Principal, request_id: int, data: StatusIn
) -> CatalogueRequest:
    """Move a request one status on (its provider) or cancel it (either side, with a reason)."""
    request, side = load_request(db, actor, request_id, "update")
    note = _check_move(request, side, data)
    was, now = request.status, utcnow()
    request.status = data.to
    if data.to == STEPS[1]:
        request.responded_at = now
    if data.to in (STEPS[-1], CANCELLED):
        request.closed_at = now
    org_id, other = _other(request, side)
    _record(db, request, actor=actor, event_type="catalogue.request.update", status=data.to,
            text=note, detail={"change": "status", "from": was, "to": data.to, "note": note},
            tell=(org_id, other, f"服务需求 #{request.id} {was} → {data.to}"))  # fmt: skip
    return request


def do_add_message(
    db: Session, *, actor: Principal, request_id: int, text: str
) -> CatalogueRequest:
    """Write in an open request's thread (either side)."""
    request, side = load_request(db, actor, request_id, "update")
    said = text.strip()
    if request.status not in OPEN_STATUSES:
        raise ConflictError(f"该需求已{request.status.removeprefix('已')}，不能再留言")
    if not said:
        raise Invalid("请填写留言内容", field="text")
    org_id, other = _other(request, side)
    _record(db, request, actor=actor, event_type="catalogue.request.update", status=None,
            text=said, detail={"change": "message", "text": said},
            tell=(org_id, other, f"服务需求 #{request.id} 有新留言"))  # fmt: skip
    return request


def do_rate(db: Session, *, actor: Principal, request_id: int, data: RatingIn) -> CatalogueRating:
    """Rate a completed request 1–5 with a comment, once (the enterprise that asked)."""
    request, side = load_request(db, actor, request_id, "update")
    if side != "enterprise":
        raise PermissionDeniedError("只有提出需求的企业可以评价")
    if request.status != STEPS[-1]:
        raise ConflictError(f"需求完成后才能评价（当前：{request.status}）")
    if db.scalar(select(CatalogueRating.id).where(CatalogueRating.request_id == request.id)):
        raise ConflictError("该需求已评价过，每个需求只能评价一次")
    if not 1 <= data.score <= 5:
        raise Invalid("评分为 1–5 分", field="score")
    comment = data.comment.strip()
    rating = CatalogueRating(
        request_id=request.id, offering_id=request.offering_id,
        provider_org_id=request.provider_org_id, score=data.score, comment=comment,
        created_by=actor.username, created_at=utcnow(),
    )  # fmt: skip
    db.add(rating)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise ConflictError("该需求已评价过，每个需求只能评价一次") from None
    _record(db, request, actor=actor, event_type="catalogue.request.rate", status=None,
            text=f"评价 {data.score} 分" + (f"：{comment}" if comment else ""),
            detail={"score": data.score, "comment": comment},
            tell=(request.provider_org_id, "provider",
                  f"服务需求 #{request.id} 获得 {data.score} 分评价"),
    )  # fmt: skip
    return rating
