"""The 数字化诊断 on PostgreSQL: submit, history with progress, a refusal that saves
nothing, the summary by district and level, and the audit chain intact."""

from __future__ import annotations

import pytest

from industry_brain.audit.service import verify_chain
from tests.diagnosis.support import (
    API,
    FIRST,
    SECOND,
    DiagnosisApp,
    diagnosis_app,
    stored,
    submit,
)
from tests.pg_serving import database, settings

__all__ = ["database", "diagnosis_app", "settings"]

pytestmark = pytest.mark.postgres


def test_assessments_on_postgres(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    assert app.database.engine.dialect.name == "postgresql"
    assert submit(app, FIRST).status_code == 201
    second = submit(app, SECOND).json()
    assert (second["assessment"]["total"], second["assessment"]["change"]) == (71, 15)
    assert [d["change"] for d in second["dimensions"]] == [0, 0, 15, 0]
    missing = submit(app, {k: v for k, v in FIRST.items() if k != "benefit"}, app.other)
    assert (missing.status_code, missing.json()["field"]) == (422, "benefit")
    assert stored(app.database) == (2, 26, 2)
    submit(app, FIRST, app.other)
    summary = app.client.get(f"{API}/summary", headers=app.gov).json()
    assert (summary["enterprises"], summary["by_level"]) == (2, {"1": 0, "2": 1, "3": 1, "4": 0})
    with app.database.reader() as db:
        assert verify_chain(db).ok
