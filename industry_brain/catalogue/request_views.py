"""The enterprise's requests page (/services/requests) and the form endpoints both sides post
to: move or cancel a request, write in its thread, rate it. Each returns to the page of the
caller's side, or shows that page again with the refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.catalogue import request_actions
from industry_brain.catalogue.models import STATUSES
from industry_brain.catalogue.provider_views import provider_view
from industry_brain.catalogue.request_service import list_requests, load_request
from industry_brain.catalogue.schemas import RatingIn, StatusIn
from industry_brain.errors import DomainError, ValidationFailedError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.forms import act
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
NOTICES = {"created": "需求已提交，服务机构响应后会通知您。"}


def requests_view(
    request: Request, db: Session, principal: Principal, *, notice: str | None = None,
    error: str | None = None, status: str = "", status_code: int = 200,
) -> Response:  # fmt: skip
    """Render the enterprise's requests with their threads, with a notice or an error."""
    items = list_requests(db, principal, status=status or None)
    return render(
        request, "catalogue/requests.html",
        {"requests": items, "statuses": STATUSES, "status": status, "notice": notice,
         "error": error, "side": "enterprise"},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/services/requests", response_class=HTMLResponse)
def requests_page(
    request: Request, db: DbDep, principal: PageUser,
    notice: Annotated[str, Query(max_length=10)] = "",
    status: Annotated[str, Query(pattern="^(待响应|已响应|进行中|已完成|已取消)?$")] = "",
) -> Response:  # fmt: skip
    """Show the requests the caller follows, each with its thread and controls."""
    return requests_view(request, db, principal, notice=NOTICES.get(notice), status=status)


def _act(
    request: Request, db: Session, principal: Principal, request_id: int,
    change: Callable[[], Any],
) -> Response:  # fmt: skip
    """Make a change and return to the caller's page, or show it with the refusal."""
    _, side = load_request(db, principal, request_id, "read")
    page = "/services/provider" if side == "provider" else "/services/requests"
    view = provider_view if side == "provider" else requests_view

    def refused(message: str, status: int, error: DomainError | None) -> Response:
        shown = f"需求 #{request_id}：{message}" if error is not None else "评分为 1–5 分"
        return view(request, db, principal, error=shown, status_code=status)

    return act(db, change, done=f"{page}#request-{request_id}", refused=refused)


@router.post("/services/requests/{request_id:int}/status", response_class=HTMLResponse)
def move(
    request: Request, db: DbDep, principal: FormUser, request_id: int,
    to: Annotated[str, Form(max_length=4)] = "", note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Move the request one status on, or cancel it."""

    def change() -> None:
        if to not in STATUSES[1:]:
            raise ValidationFailedError("请选择要改为的状态")
        data = StatusIn.model_validate({"to": to, "note": note})
        request_actions.do_move_request(db, actor=principal, request_id=request_id, data=data)

    return _act(request, db, principal, request_id, change)


@router.post("/services/requests/{request_id:int}/messages", response_class=HTMLResponse)
def message(
    request: Request, db: DbDep, principal: FormUser, request_id: int,
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Write in the request's thread."""

    def change() -> None:
        request_actions.do_add_message(db, actor=principal, request_id=request_id, text=text)

    return _act(request, db, principal, request_id, change)


@router.post("/services/requests/{request_id:int}/rating", response_class=HTMLResponse)
def rate(
    request: Request, db: DbDep, principal: FormUser, request_id: int,
    score: Annotated[str, Form(max_length=1)] = "",
    comment: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    """Rate the completed request."""

    def change() -> None:
        if score not in ("1", "2", "3", "4", "5"):
            raise ValidationFailedError("请选择 1–5 分")
        data = RatingIn(score=int(score), comment=comment)
        request_actions.do_rate(db, actor=principal, request_id=request_id, data=data)

    return _act(request, db, principal, request_id, change)
