"""FastAPI dependencies shared by every router: settings, DB sessions, the acting user.

Kinds of credential: a page session (cookie), an API session (bearer token from
``POST /api/v1/auth/token``) and a push token (bearer, prefix ``ibp_``). ``ApiUser`` accepts
API sessions only; ``PushUser`` (the push endpoint alone) accepts either kind of bearer.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from industry_brain.accounts import service as accounts
from industry_brain.accounts.principal import Principal
from industry_brain.db import Database, session_scope
from industry_brain.errors import AuthenticationError, PermissionDeniedError
from industry_brain.settings import Settings

SESSION_COOKIE = "ib_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PASSWORD_EXEMPT_PATHS = frozenset(
    {
        "/api/v1/auth/password",
        "/api/v1/auth/me",
        "/api/v1/auth/logout",
        "/account/password",
        "/logout",
    }
)


class LoginRequiredError(AuthenticationError):
    """A page needs a logged-in user; answered by a redirect to the login page."""


class PasswordChangeRequiredError(PermissionDeniedError):
    """The user must change a generated password before doing anything else."""

    code = "password_change_required"


def get_settings(request: Request) -> Settings:
    """Return the deployment's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    """Return the deployment's serving DB."""
    database: Database = request.app.state.database
    return database


async def db_session(request: Request) -> AsyncIterator[Session]:
    """Yield a session: a writer for unsafe methods, a reader otherwise.

    Deliberately ``async``: a sync generator's teardown would need a worker thread to return
    its connection, and under load every worker thread may be waiting for a connection,
    which deadlocks until the pool times out. Creating a session does no I/O; closing it
    returns the connection at once.
    """
    database = get_database(request)
    factory = database.reader if request.method in SAFE_METHODS else database.writer
    with session_scope(factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Session, Depends(db_session)]


def _authenticate(request: Request, *, token: str, kind: str) -> Principal:
    """Resolve the token in short sessions of its own, never in the request's session.

    The request's session of an unsafe method holds the SQLite write lock once it has
    queried; touching the login session from inside it would wait on itself.
    """
    settings = get_settings(request)
    database = get_database(request)
    with session_scope(database.reader) as db:
        session, due = accounts.authenticate_session(db, settings=settings, token=token, kind=kind)
        principal = accounts.principal_for(session.user, session_id=session.id)
    if due:
        with session_scope(database.writer) as writer:
            accounts.touch_session(writer, session_id=principal.session_id or 0)
    request.state.principal = principal
    if principal.must_change_password and request.url.path not in PASSWORD_EXEMPT_PATHS:
        raise PasswordChangeRequiredError("请先修改初始密码")
    return principal


def _authenticate_push(request: Request, *, token: str, use: bool) -> Principal:
    """Resolve a push token (in sessions of its own, as ``_authenticate``); note a real use."""
    database = get_database(request)
    with session_scope(database.reader) as db:
        found = accounts.authenticate_push_token(db, token=token)
        principal = accounts.push_token_principal(found)
    if use:
        with session_scope(database.writer) as writer:
            accounts.touch_push_token(writer, token_id=found.id)
    request.state.principal = principal
    return principal


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("需要 Bearer 令牌")
    return token.strip()


def api_principal(request: Request) -> Principal:
    """Return the user behind the bearer token of an API request; push tokens are refused."""
    token = _bearer(request)
    if accounts.is_push_token(token):
        _authenticate_push(request, token=token, use=False)  # the denial names the token
        raise PermissionDeniedError(
            "推送令牌只能用于数据推送接口 POST /api/v1/warehouse/push/{standard}"
        )
    return _authenticate(request, token=token, kind="api")


def push_principal(request: Request) -> Principal:
    """Return who pushes data: a push token's enterprise, or the user of a bearer token."""
    token = _bearer(request)
    if accounts.is_push_token(token):
        return _authenticate_push(request, token=token, use=True)
    return _authenticate(request, token=token, kind="api")


def page_principal(request: Request) -> Principal:
    """Return the user behind the session cookie of a page request."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequiredError("请先登录")
    try:
        return _authenticate(request, token=token, kind="web")
    except AuthenticationError as exc:
        raise LoginRequiredError(exc.message) from exc


ApiUser = Annotated[Principal, Depends(api_principal)]
PushUser = Annotated[Principal, Depends(push_principal)]
PageUser = Annotated[Principal, Depends(page_principal)]


def csrf_token(settings: Settings, principal: Principal) -> str:
    """Return the CSRF token of a page session."""
    message = f"csrf:{principal.session_id}".encode()
    return hmac.new(settings.secret().encode(), message, "sha256").hexdigest()


async def verify_csrf(request: Request, principal: PageUser) -> Principal:
    """Refuse a page form post whose CSRF token does not match the session."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = csrf_token(get_settings(request), principal)
    if not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise PermissionDeniedError("表单已失效，请刷新页面后重试")
    return principal


FormUser = Annotated[Principal, Depends(verify_csrf)]
