"""Pages about one user: details, roles, unlock, password reset, (de)activation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from industry_brain.accounts import actions
from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import UserUpdate
from industry_brain.accounts.views import MESSAGES, _grantable_roles
from industry_brain.errors import DomainError, PermissionDeniedError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/accounts/users/{user_id}", response_class=HTMLResponse)
def user_page(
    request: Request, db: DbDep, principal: PageUser, user_id: int, msg: str | None = None
) -> Response:
    """Show one user and the actions the viewer may take."""
    return _user(request, db, principal, user_id, notice=MESSAGES.get(msg or ""))


def _user(
    request: Request,
    db: DbDep,
    principal: Principal,
    user_id: int,
    *,
    notice: str | None = None,
    error: str | None = None,
    new_password: str | None = None,
    status_code: int = 200,
) -> Response:
    user = accounts.get_user(db, principal=principal, user_id=user_id)
    target = {"target_org_id": user.org_id}
    context = {
        "user": user,
        "view": accounts.user_out(user),
        "org": user.organisation,
        "can_update": is_allowed(principal, "user", "update", **target),
        "can_reset": is_allowed(principal, "user", "reset_password", **target),
        "can_unlock": is_allowed(principal, "user", "unlock", **target),
        "can_grant": is_allowed(principal, "user.role", "grant", **target),
        "grantable_roles": [
            r
            for r in _grantable_roles(OrgType(user.organisation.org_type))
            if r.value not in user.role_names
        ],
        "notice": notice,
        "error": error,
        "new_password": new_password,
    }
    return render(
        request, "accounts/user.html", context, principal=principal, status_code=status_code
    )


def _apply(
    request: Request,
    db: DbDep,
    principal: Principal,
    user_id: int,
    change: Callable[[], object],
    msg: str,
) -> Response:
    """Run a change; redirect with a notice, or show the user page with the refusal."""
    try:
        change()
    except DomainError as exc:
        return _error(request, db, principal, user_id, exc)
    return RedirectResponse(f"/accounts/users/{user_id}?msg={msg}", status_code=303)


@router.post("/accounts/users/{user_id}/active", response_class=HTMLResponse)
def set_active(
    request: Request,
    db: DbDep,
    principal: FormUser,
    user_id: int,
    is_active: Annotated[str, Form(max_length=5)],
) -> Response:
    """Activate or deactivate the account."""
    data = UserUpdate(is_active=is_active == "true")
    return _apply(
        request,
        db,
        principal,
        user_id,
        lambda: actions.do_update_user(db, actor=principal, user_id=user_id, data=data),
        "user_updated",
    )


@router.post("/accounts/users/{user_id}/roles", response_class=HTMLResponse)
def grant_role(
    request: Request,
    db: DbDep,
    principal: FormUser,
    user_id: int,
    role: Annotated[Role, Form()],
) -> Response:
    """Grant a role."""
    return _apply(
        request,
        db,
        principal,
        user_id,
        lambda: actions.do_grant_role(db, actor=principal, user_id=user_id, role=role),
        "role_granted",
    )


@router.post("/accounts/users/{user_id}/roles/{role}/revoke", response_class=HTMLResponse)
def revoke_role(
    request: Request, db: DbDep, principal: FormUser, user_id: int, role: Role
) -> Response:
    """Revoke a role."""
    return _apply(
        request,
        db,
        principal,
        user_id,
        lambda: actions.do_revoke_role(db, actor=principal, user_id=user_id, role=role),
        "role_revoked",
    )


@router.post("/accounts/users/{user_id}/unlock", response_class=HTMLResponse)
def unlock(request: Request, db: DbDep, principal: FormUser, user_id: int) -> Response:
    """Lift a lockout."""
    return _apply(
        request,
        db,
        principal,
        user_id,
        lambda: actions.do_unlock_user(db, actor=principal, user_id=user_id),
        "unlocked",
    )


@router.post("/accounts/users/{user_id}/reset-password", response_class=HTMLResponse)
def reset_password(request: Request, db: DbDep, principal: FormUser, user_id: int) -> Response:
    """Reset the password; the new one is shown once."""
    try:
        _, password = actions.do_reset_password(db, actor=principal, user_id=user_id)
    except DomainError as exc:
        return _error(request, db, principal, user_id, exc)
    return _user(request, db, principal, user_id, new_password=password)


def _error(
    request: Request, db: DbDep, principal: Principal, user_id: int, exc: DomainError
) -> Response:
    if isinstance(exc, PermissionDeniedError):
        raise exc
    return _user(request, db, principal, user_id, error=exc.message, status_code=exc.status_code)
