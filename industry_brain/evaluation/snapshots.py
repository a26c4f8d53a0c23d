"""Frozen snapshots (定稿) of a year's evaluation: the payload, read back, and the lookups.

Invariants:
- The payload is the ``Evaluation`` serialised exactly as the API gives it (one pydantic
  ``TypeAdapter`` of the dataclass, the schema FastAPI builds for ``GET
  /api/v1/evaluation/{system}/{year}``), so there is no second serialiser to keep in step.
- Reading a payload back gives the same ``Evaluation`` dataclasses, so the page and the
  reports render a snapshot with the renderers of the live evaluation.
- A snapshot of another system or year is not found (404), never shown under the wrong one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.errors import NotFoundError
from industry_brain.evaluation.model import Evaluation
from industry_brain.evaluation.models import Snapshot


@cache
def _adapter() -> TypeAdapter[Evaluation]:
    return TypeAdapter(Evaluation)


def to_payload(evaluation: Evaluation) -> str:
    """Return the evaluation as the API's JSON text."""
    return _adapter().dump_json(evaluation).decode("utf-8")


def from_payload(payload: str) -> Evaluation:
    """Return the evaluation a payload holds, as the dataclasses it was made from."""
    return _adapter().validate_json(payload)


def digest(payload: str) -> str:
    """Return the SHA-256 of a payload's UTF-8 bytes."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Summary:
    """What a list of snapshots shows of each: the row, the grade and the total."""

    row: Snapshot
    grade: str | None
    total: float | None


def summary(row: Snapshot) -> Summary:
    """Return a snapshot's row with the grade and total read from its payload."""
    data: dict[str, Any] = json.loads(row.payload)
    return Summary(row=row, grade=data.get("grade"), total=data.get("total"))


def list_snapshots(db: Session, *, system_id: str, year: int) -> list[Snapshot]:
    """Return the snapshots of a system and year, newest first."""
    query = select(Snapshot).where(Snapshot.system_id == system_id, Snapshot.year == year)
    return list(db.scalars(query.order_by(Snapshot.created_at.desc(), Snapshot.id.desc())))


def get_snapshot(db: Session, *, system_id: str, year: int, snapshot_id: int) -> Snapshot:
    """Return a snapshot of the system and year, or raise NotFoundError."""
    row = db.get(Snapshot, snapshot_id)
    if row is None or row.system_id != system_id or row.year != year:
        raise NotFoundError(f"{system_id} {year}年没有编号为 {snapshot_id} 的定稿")
    return row
