"""Domain errors, mapped to HTTP status codes by the web layer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class DomainError(Exception):
    """Base of the errors a service or action raises on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    """The object does not exist, or the caller may not know that it exists."""

    status_code = 404
    code = "not_found"


class PermissionDeniedError(DomainError):
    """The caller is authenticated but not allowed to do this."""

    status_code = 403
    code = "forbidden"


class AuthenticationError(DomainError):
    """The caller is not (or no longer) authenticated."""

    status_code = 401
    code = "unauthenticated"


class ConflictError(DomainError):
    """The change conflicts with stored state (duplicate, exclusive roles, ...)."""

    status_code = 409
    code = "conflict"


class ValidationFailedError(DomainError):
    """Input is well-formed but breaks a business rule."""

    status_code = 422
    code = "invalid"


class HiddenObjectError(PermissionDeniedError):
    """Denied on an object the caller may not know exists: answered as 404, audited as denial."""

    status_code = 404
    code = "not_found"


def validation_message(exc: ValidationError, labels: dict[str, str] | None = None) -> str:
    """Return pydantic's errors as one sentence naming each field by its (Chinese) label."""
    parts = []
    for error in exc.errors():
        name = str(error["loc"][-1]) if error["loc"] else ""
        field = (labels or {}).get(name, ".".join(str(part) for part in error["loc"]))
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{field}：{message}" if field else message)
    return "；".join(parts)
