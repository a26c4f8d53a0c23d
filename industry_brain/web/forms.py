"""A form's change on a page: made, then the browser sent on (303 See Other); or refused,
rolled back, and the page shown again with the refusal, so that nothing is half made.

A permission refusal is not caught: it is answered like any other (403 page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from industry_brain.errors import DomainError, PermissionDeniedError, validation_message

# (message, HTTP status, the domain error; None for a form that did not validate)
Refused = Callable[[str, int, DomainError | None], Response]


def act(
    db: Session,
    change: Callable[[], Any],
    *,
    done: str | Callable[[Any], str],
    refused: Refused,
    labels: dict[str, str] | None = None,
) -> Response:
    """Run ``change``; send the browser to ``done`` (or ``done(result)``), or roll back and
    return ``refused(message, status, error)`` with the fields named by their ``labels``."""
    try:
        result = change()
    except PermissionDeniedError:
        raise
    except ValidationError as exc:
        db.rollback()
        return refused(validation_message(exc, labels), 422, None)
    except DomainError as exc:
        db.rollback()
        return refused(exc.message, exc.status_code, exc)
    return RedirectResponse(done(result) if callable(done) else done, status_code=303)
