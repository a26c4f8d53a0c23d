"""Pages of accounts: login, organisations, users, own password."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from industry_brain.accounts import actions
from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import (
    FIELD_LABELS,
    OrganisationCreate,
    OrganisationUpdate,
    UserCreate,
)
from industry_brain.errors import (
    DomainError,
    PermissionDeniedError,
    ValidationFailedError,
    validation_message,
)
from industry_brain.web.deps import SESSION_COOKIE, DbDep, FormUser, PageUser, SettingsDep
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "ib_login_csrf"
MESSAGES = {
    "org_updated": "机构信息已保存",
    "user_updated": "用户信息已保存",
    "role_granted": "角色已授予",
    "role_revoked": "角色已撤销",
    "unlocked": "账户已解锁",
    "password_changed": "密码已修改",
}


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/"):
        return "/"
    return target or "/"


def _form_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return validation_message(exc, FIELD_LABELS)
    return exc.message if isinstance(exc, DomainError) else str(exc)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """Show the login form."""
    token = secrets.token_urlsafe(16)
    response = render(request, "login.html", {"next": _safe_next(next), "login_csrf": token})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=1800)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    login_csrf: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Log in and set the session cookie."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, login_csrf):
        return render(
            request,
            "login.html",
            {"error": "登录表单已过期，请重试", "next": next, "login_csrf": expected},
            status_code=400,
        )
    try:
        token, principal = actions.do_login(
            db, settings=settings, username=username, password=password, kind="web"
        )
    except DomainError as exc:
        return render(
            request,
            "login.html",
            {"error": exc.message, "next": next, "username": username, "login_csrf": expected},
            status_code=401,
        )
    target = "/account/password" if principal.must_change_password else _safe_next(next)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(db: DbDep, principal: FormUser) -> Response:
    """End the session."""
    actions.do_logout(db, actor=principal)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, principal: PageUser, msg: str | None = None) -> Response:
    """Show the form to change one's own password."""
    return render(
        request, "accounts/password.html", {"notice": MESSAGES.get(msg or "")}, principal=principal
    )


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    db: DbDep,
    principal: FormUser,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    confirm_password: Annotated[str, Form(max_length=200)],
) -> Response:
    """Change one's own password."""
    try:
        if new_password != confirm_password:
            raise ValidationFailedError("两次输入的新密码不一致")
        actions.do_change_own_password(
            db, actor=principal, current_password=current_password, new_password=new_password
        )
    except DomainError as exc:
        return render(
            request,
            "accounts/password.html",
            {"error": exc.message},
            principal=principal,
            status_code=exc.status_code,
        )
    return RedirectResponse("/account/password?msg=password_changed", status_code=303)


@router.get("/accounts/organisations", response_class=HTMLResponse)
def organisations_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    q: str | None = None,
    org_type: str | None = None,
) -> Response:
    """List organisations, with the form to create one."""
    return _organisations(request, db, principal, q=q, org_type=org_type)


def _organisations(
    request: Request,
    db: DbDep,
    principal: PageUser,
    *,
    q: str | None = None,
    org_type: str | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    kind = OrgType(org_type) if org_type and org_type in set(OrgType) else None
    orgs = accounts.list_organisations(db, principal=principal, query=q, org_type=kind)
    if len(orgs) == 1 and not is_allowed(principal, "organisation", "read"):
        return RedirectResponse(f"/accounts/organisations/{orgs[0].id}", status_code=303)
    context = {
        "organisations": orgs,
        "user_counts": accounts.count_users(db, org_ids=[org.id for org in orgs]),
        "q": q or "",
        "org_type": org_type or "",
        "org_types": list(OrgType),
        "can_create": is_allowed(principal, "organisation", "create"),
        "error": error,
        "form": form or {},
    }
    return render(
        request,
        "accounts/organisations.html",
        context,
        principal=principal,
        status_code=status_code,
    )


@router.post("/accounts/organisations", response_class=HTMLResponse)
def create_organisation(
    request: Request,
    db: DbDep,
    principal: FormUser,
    name: Annotated[str, Form(max_length=200)],
    org_type: Annotated[str, Form(max_length=20)],
    uscc: Annotated[str, Form(max_length=40)] = "",
    region_code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Create an organisation from the form."""
    form = {"name": name, "org_type": org_type, "uscc": uscc, "region_code": region_code}
    try:
        data = OrganisationCreate.model_validate(form)
        org = actions.do_create_organisation(db, actor=principal, data=data)
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, PermissionDeniedError):
            raise
        return _organisations(
            request, db, principal, error=_form_error(exc), form=form, status_code=422
        )
    return RedirectResponse(f"/accounts/organisations/{org.id}", status_code=303)


@router.get("/accounts/organisations/{org_id}", response_class=HTMLResponse)
def organisation_page(
    request: Request, db: DbDep, principal: PageUser, org_id: int, msg: str | None = None
) -> Response:
    """Show one organisation with its users."""
    return _organisation(request, db, principal, org_id, notice=MESSAGES.get(msg or ""))


def _organisation(
    request: Request,
    db: DbDep,
    principal: PageUser,
    org_id: int,
    *,
    notice: str | None = None,
    error: str | None = None,
    created: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    org = accounts.get_organisation(db, principal=principal, org_id=org_id)
    can_read_users = is_allowed(principal, "user", "read", target_org_id=org.id)
    context = {
        "org": org,
        "users": accounts.list_users(db, principal=principal, org_id=org.id)
        if can_read_users
        else [],
        "can_update": is_allowed(principal, "organisation", "update", target_org_id=org.id),
        "can_create_user": is_allowed(principal, "user", "create", target_org_id=org.id),
        "can_grant": is_allowed(principal, "user.role", "grant", target_org_id=org.id),
        "grantable_roles": _grantable_roles(org.org_type),
        "notice": notice,
        "error": error,
        "created": created,
    }
    return render(
        request, "accounts/organisation.html", context, principal=principal, status_code=status_code
    )


def _grantable_roles(org_type: str) -> list[Role]:
    if org_type == OrgType.OPERATOR:
        return list(Role)
    return [Role.ORG_ADMIN, Role.MEMBER]


@router.post("/accounts/organisations/{org_id}", response_class=HTMLResponse)
def update_organisation(
    request: Request,
    db: DbDep,
    principal: FormUser,
    org_id: int,
    name: Annotated[str, Form(max_length=200)],
    region_code: Annotated[str, Form(max_length=20)] = "",
    is_active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Save the organisation form."""
    try:
        data = OrganisationUpdate.model_validate(
            {"name": name, "region_code": region_code or None, "is_active": is_active == "on"}
        )
        actions.do_update_organisation(db, actor=principal, org_id=org_id, data=data)
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, PermissionDeniedError):
            raise
        return _organisation(
            request, db, principal, org_id, error=_form_error(exc), status_code=422
        )
    return RedirectResponse(f"/accounts/organisations/{org_id}?msg=org_updated", status_code=303)


@router.post("/accounts/organisations/{org_id}/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    db: DbDep,
    principal: FormUser,
    org_id: int,
    username: Annotated[str, Form(max_length=64)],
    display_name: Annotated[str, Form(max_length=100)],
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Create a user; the generated password is shown once on the answer page."""
    try:
        data = UserCreate.model_validate(
            {
                "org_id": org_id,
                "username": username,
                "display_name": display_name,
                "roles": roles or [Role.MEMBER.value],
            }
        )
        user, generated = actions.do_create_user(db, actor=principal, data=data)
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, PermissionDeniedError):
            raise
        return _organisation(
            request, db, principal, org_id, error=_form_error(exc), status_code=422
        )
    created = {"username": user.username, "password": generated or ""}
    return _organisation(request, db, principal, org_id, created=created, status_code=201)
