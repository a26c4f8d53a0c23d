"""Pages of the portals: the landing page ``/`` and the enterprise workbench ``/workbench``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from industry_brain.accounts import push_token_actions
from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.schemas import FIELD_LABELS, PushTokenCreate
from industry_brain.errors import ConflictError, ValidationFailedError, validation_message
from industry_brain.portal.context import PortalContext
from industry_brain.portal.registry import (
    portal_sections,
    render_sections,
    workbench_sections,
)
from industry_brain.web.deps import DbDep, FormUser, PageUser, get_database, get_settings
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
MESSAGES = {"revoked": "推送令牌已撤销，使用它的推送将被拒绝"}
NO_STORE = {"Cache-Control": "no-store"}


def _page(
    request: Request,
    db: DbDep,
    principal: Principal,
    *,
    workbench: bool,
    status_code: int = 200,
    error: str | None = None,
    created: dict[str, Any] | None = None,
) -> HTMLResponse:
    context = PortalContext(
        db=db,
        database=get_database(request),
        settings=get_settings(request),
        principal=principal,
        base_url=str(request.base_url).rstrip("/"),
        extra={"created": created} if created else {},
    )
    sections = workbench_sections(principal) if workbench else portal_sections(principal)
    return render(
        request,
        "portal/landing.html",
        {
            "sections": render_sections(sections, context),
            "organisation": accounts.own_organisation(db, principal=principal),
            "heading": "企业工作台" if workbench else f"您好，{principal.username}",
            "notice": MESSAGES.get(request.query_params.get("done", "")),
            "error": error,
        },
        principal=principal,
        status_code=status_code,
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the landing page of the user's organisation type (the workbench for enterprises)."""
    return _page(request, db, principal, workbench=False)


@router.get("/workbench", response_class=HTMLResponse)
def workbench_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the enterprise workbench: own profile, submitted data, push tokens."""
    require(principal, "workbench", "read", target_org_id=principal.org_id)
    return _page(request, db, principal, workbench=True)


@router.post("/workbench/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    db: DbDep,
    principal: FormUser,
    name: Annotated[str, Form(max_length=60)],
    days: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    """Create a push token and show its secret this once (never stored, never shown again)."""
    require(principal, "workbench", "read", target_org_id=principal.org_id)
    try:
        data = PushTokenCreate.model_validate({"name": name, **({"days": days} if days else {})})
        token, secret = push_token_actions.do_create_push_token(db, actor=principal, data=data)
    except (ValidationError, ValidationFailedError, ConflictError) as exc:
        db.rollback()
        if isinstance(exc, ValidationError):
            message, status = validation_message(exc, FIELD_LABELS), 422
        else:
            message, status = exc.message, exc.status_code
        return _page(request, db, principal, workbench=True, status_code=status, error=message)
    created = {"token": token, "secret": secret}
    response = _page(request, db, principal, workbench=True, created=created)
    response.headers.update(NO_STORE)
    return response


@router.post("/workbench/tokens/{token_id}/revoke")
def revoke_token(db: DbDep, principal: FormUser, token_id: int) -> Response:
    """Revoke a push token of the own enterprise."""
    push_token_actions.do_revoke_push_token(db, actor=principal, token_id=token_id)
    return RedirectResponse("/workbench?done=revoked#tokens", status_code=303)
