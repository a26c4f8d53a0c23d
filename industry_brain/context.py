"""Per-request context (trace id, client address) carried in context variables."""

from __future__ import annotations

import secrets
from contextvars import ContextVar

_trace_id: ContextVar[str | None] = ContextVar("ib_trace_id", default=None)
_client_ip: ContextVar[str | None] = ContextVar("ib_client_ip", default=None)


def new_trace_id() -> str:
    """Return a fresh 32-hex-digit trace id (the W3C trace-context size)."""
    return secrets.token_hex(16)


def set_request_context(*, trace_id: str, client_ip: str | None) -> None:
    """Bind the trace id and client address of the current request."""
    _trace_id.set(trace_id)
    _client_ip.set(client_ip)


def current_trace_id() -> str:
    """Return the current trace id, creating one outside a request (CLI, jobs)."""
    value = _trace_id.get()
    if value is None:
        value = new_trace_id()
        _trace_id.set(value)
    return value


def current_client_ip() -> str | None:
    """Return the client address of the current request, if any."""
    return _client_ip.get()
