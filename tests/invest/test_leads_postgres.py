"""The 招商 pipeline on PostgreSQL: the workflow with its audit rows and attachment, the
unique open key, the funnel's month grouping and the board's filters."""

from __future__ import annotations

import pytest

from industry_brain.audit.service import verify_chain
from tests.invest.leads_support import (
    NODE,
    POOLED,
    TEMPLATE,
    LeadsApp,
    invest_audit,
    leads_app,
)
from tests.invest.test_leads_workflow import run_workflow
from tests.pg_serving import database, settings

API = "/api/v1/invest/leads"
__all__ = ["database", "leads_app", "settings"]

pytestmark = pytest.mark.postgres


def test_the_workflow_on_postgres(leads_app: LeadsApp) -> None:
    app = leads_app
    assert app.database.engine.dialect.name == "postgresql"
    lead_id = run_workflow(app)
    again = app.client.post(API, json={"uscc": POOLED, "template_id": TEMPLATE, "node_id": NODE},
                            headers=app.colleague)  # fmt: skip
    assert (again.status_code, again.json()["lead_id"]) == (409, lead_id)
    with app.database.reader() as db:
        assert len(invest_audit(db)) == 11 and verify_chain(db).ok
    panel = app.client.get("/api/v1/cockpit/panels/invest", headers=app.lead).json()
    assert (panel["stages"]["落地"], panel["signed"], panel["conversion_pct"]) == (1, 1, 100.0)
    assert panel["months"][-1]["counts"] == {
        "线索": 1, "接洽": 1, "考察": 1, "签约": 1, "落地": 1, "放弃": 0
    }  # fmt: skip
    landed = app.client.get(f"{API}?reached=落地&month={panel['months'][-1]['month']}",
                            headers=app.lead).json()  # fmt: skip
    assert [lead["id"] for lead in landed["items"]] == [lead_id]
