"""Pure ASGI middleware: request context and security headers, and the body size limit."""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from industry_brain.context import new_trace_id, set_request_context

_TRACE_ID = re.compile(r"^[0-9a-fA-F-]{16,64}$")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ),
]


class RequestContextMiddleware:
    """Bind a trace id and the client address; add trace and security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _header(scope, b"x-request-id")
        trace_id = sent if sent and _TRACE_ID.match(sent) else new_trace_id()
        client = scope.get("client")
        set_request_context(trace_id=trace_id, client_ip=client[0] if client else None)
        path: str = scope["path"]
        extra = [(b"x-request-id", trace_id.encode())]
        if not path.startswith("/api/docs"):
            extra += SECURITY_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLargeError(Exception):
    """The request body exceeded the limit while streaming."""


UPLOAD_PREFIXES = (
    "/warehouse/upload",
    "/api/v1/warehouse/import/",
    "/invest/leads/",  # attachments of 招商 leads
    "/api/v1/invest/leads/",
    "/evaluation/",  # evidence of manual 评估 values
    "/api/v1/evaluation/",
)


class BodyLimitMiddleware:
    """Answer 413 to bodies larger than the limit (declared or streamed); uploads get more."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.default_max = max_bytes
        self.upload_max = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        max_bytes = self.upload_max if path.startswith(UPLOAD_PREFIXES) else self.default_max
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            await _too_large(send, max_bytes)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await _too_large(send, max_bytes)


async def _too_large(send: Send, max_bytes: int) -> None:
    body = json.dumps(
        {"code": "payload_too_large", "detail": f"请求体超过上限 {max_bytes} 字节"},
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None
