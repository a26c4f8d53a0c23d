"""The watch list (关注名单): add with a note, remove, each audited; the change of the score
since an enterprise was added; the cockpit panel."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from industry_brain.audit.models import AuditEvent
from tests.relocation.conftest import Users
from tests.relocation.dataset import GONE, IDLE, MOVING, NEW, SILENT, ZERO

API = "/api/v1/monitor/relocation"


def _audit(db: Session, event_type: str) -> list[AuditEvent]:
    db.rollback()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.event_type == event_type)))


def test_watch_list_add_remove_audited(users: Users, client: TestClient, db: Session) -> None:
    gov = users.government
    added = client.post(f"{API}/watch", json={"uscc": IDLE, "note": "已约谈"}, headers=gov)
    assert added.status_code == 201, added.text
    assert added.json() | {"added_at": None} == {
        "uscc": IDLE, "name": "常州乙电子有限公司", "note": "已约谈", "added_by": "reloc_gov",
        "added_at": None, "score_at_add": 42.5, "level_at_add": "黄", "as_of_at_add": "2024-12-01",
        "score": 42.5, "level": "黄", "change": 0.0,
    }  # fmt: skip
    [row] = _audit(db, "relocation.watch.add")
    assert (row.username, row.object_id, row.result) == ("reloc_gov", IDLE, "success")
    again = client.post(f"{API}/watch", json={"uscc": IDLE}, headers=gov)
    assert again.status_code == 409
    assert client.post(f"{API}/watch", json={"uscc": GONE}, headers=gov).status_code == 422
    assert client.post(f"{API}/watch", json={"uscc": NEW}, headers=gov).status_code == 201
    # A later publication raises IDLE's score: the list shows the change since it was added.
    with db.bind.begin() as connection:  # type: ignore[union-attr]  # an Engine here
        connection.execute(
            text("UPDATE ads_relocation_risk SET score = 50.0, level = '橙' WHERE uscc = :u"),
            {"u": IDLE},
        )
    listed = client.get(f"{API}/watch", headers=gov).json()
    assert [(w["uscc"], w["score"], w["change"]) for w in listed] == [
        (NEW, 0.0, 0.0), (IDLE, 50.0, 7.5),
    ]  # fmt: skip
    assert client.get(API, headers=gov).json()["watched"] == 2
    removed = client.delete(f"{API}/watch/{IDLE}", params={"note": "已稳定"}, headers=gov)
    assert removed.status_code == 204
    [gone] = _audit(db, "relocation.watch.remove")
    assert gone.object_id == IDLE and '"note": "已稳定"' in gone.detail
    assert client.delete(f"{API}/watch/{IDLE}", headers=gov).status_code == 404
    assert [w["uscc"] for w in client.get(f"{API}/watch", headers=gov).json()] == [NEW]
    readded = client.post(f"{API}/watch", json={"uscc": IDLE}, headers=gov)
    assert readded.status_code == 201 and readded.json()["score_at_add"] == 50.0


def test_panel_counts_levels_top_risks_and_the_watch_list(users: Users, client: TestClient) -> None:
    panel = client.get("/api/v1/cockpit/panels/relocation", headers=users.government)
    assert panel.status_code == 200, panel.text
    data = panel.json()
    assert (data["high"], data["levels"]["黄"], data["watched"]) == (1, 1, 0)
    assert data["as_of"] == "2024-12"
    assert [r["uscc"] for r in data["top"]] == [MOVING, IDLE, ZERO, SILENT]
    client.post(f"{API}/watch", json={"uscc": ZERO}, headers=users.government)
    again = client.get("/api/v1/cockpit/panels/relocation", headers=users.government).json()
    assert again["watched"] == 1  # the watch list is not cached with the ranking
    refused = client.get("/api/v1/cockpit/panels/relocation", headers=users.enterprise)
    assert refused.status_code in (403, 404)
