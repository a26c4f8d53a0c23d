"""The relocation step, API and watch list with the serving DB on PostgreSQL: the same
figures as on SQLite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.audit.models import AuditEvent
from tests.pg_serving import database, settings
from tests.relocation.conftest import Users
from tests.relocation.dataset import IDLE, MOVING, SILENT, ZERO

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres
API = "/api/v1/monitor/relocation"


def test_ranking_detail_and_watch_list_on_postgres(
    users: Users, client: TestClient, db: Session
) -> None:
    gov = users.government
    body = client.get(API, headers=gov).json()
    assert body["as_of"] == "2024-12-01"
    assert [(r["uscc"], r["score"], r["level"]) for r in body["rows"]] == [
        (MOVING, 100.0, "红"), (IDLE, 42.5, "黄"), (ZERO, 20.0, "蓝"), (SILENT, 10.0, None),
    ]  # fmt: skip
    detail = client.get(f"{API}/{IDLE}", headers=gov).json()
    assert detail["months"]["electricity_kwh"][-3:] == [550.0, None, 550.0]
    added = client.post(f"{API}/watch", json={"uscc": IDLE, "note": "走访"}, headers=gov)
    assert added.status_code == 201, added.text
    assert added.json()["as_of_at_add"] == "2024-12-01"
    assert [w["change"] for w in client.get(f"{API}/watch", headers=gov).json()] == [0.0]
    assert client.delete(f"{API}/watch/{IDLE}", headers=gov).status_code == 204
    db.rollback()
    kinds = db.scalars(
        select(AuditEvent.event_type).where(AuditEvent.event_type.like("relocation.%"))
    ).all()
    assert kinds == ["relocation.watch.add", "relocation.watch.remove"]
    panel = client.get("/api/v1/cockpit/panels/relocation", headers=gov).json()
    assert panel["high"] == 1 and panel["top"][0]["uscc"] == MOVING
