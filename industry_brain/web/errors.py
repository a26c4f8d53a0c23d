"""Error answers: JSON under ``/api``, pages elsewhere; denials are audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from industry_brain.audit import service as audit
from industry_brain.db import session_scope
from industry_brain.errors import DomainError, PermissionDeniedError
from industry_brain.web.deps import LoginRequiredError, get_database

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "invalid",
}
_HTTP_MESSAGES = {404: "页面不存在", 405: "不支持该请求方法", 401: "未登录", 403: "无权访问"}


def is_api(request: Request) -> bool:
    """Return whether the request addresses the JSON API."""
    return request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn errors into JSON or pages."""
    app.add_exception_handler(DomainError, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]


async def _domain_error(request: Request, exc: DomainError) -> Response:
    if isinstance(exc, PermissionDeniedError) and exc.code != "password_change_required":
        _audit_denial(request, exc)
    if isinstance(exc, LoginRequiredError) and not is_api(request):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    if exc.code == "password_change_required" and not is_api(request):
        return RedirectResponse("/account/password", status_code=303)
    body: dict[str, Any] = {"code": exc.code, "detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    if is_api(request):
        return JSONResponse(body, status_code=exc.status_code, headers=headers)
    return _error_page(request, exc.status_code, exc.message)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = [
        {
            "field": ".".join(str(part) for part in error["loc"]),
            "message": _strip_prefix(str(error["msg"])),
            "type": error["type"],
        }
        for error in exc.errors()
    ]
    body = {"code": "invalid", "detail": "请求内容有误", "errors": errors}
    if is_api(request):
        return JSONResponse(body, status_code=422)
    message = "；".join(f"{e['field']}: {e['message']}" for e in errors)
    return _error_page(request, 422, message)


def _strip_prefix(message: str) -> str:
    return message.removeprefix("Value error, ")


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
    if is_api(request):
        code = _HTTP_CODES.get(exc.status_code, "error")
        return JSONResponse(
            {"code": code, "detail": message}, status_code=exc.status_code, headers=exc.headers
        )
    return _error_page(request, exc.status_code, message)


def _error_page(request: Request, status: int, message: str) -> Response:
    from industry_brain.web.templating import render

    principal = getattr(request.state, "principal", None)
    return render(
        request,
        "error.html",
        {"status": status, "message": message},
        principal=principal,
        status_code=status,
    )


def _audit_denial(request: Request, exc: PermissionDeniedError) -> None:
    principal = getattr(request.state, "principal", None)
    with session_scope(get_database(request).writer) as db:
        audit.append(
            db,
            actor=principal,
            event_type="access.denied",
            result="denied",
            object_type="request",
            object_id=None,
            detail={"method": request.method, "path": request.url.path, "reason": exc.message},
        )
        db.commit()
