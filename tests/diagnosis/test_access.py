"""Who sees what: an enterprise its own assessments only; government and data readers every
assessment and the summary, read-only; providers and banks nothing."""

from __future__ import annotations

from industry_brain.accounts import service as accounts
from industry_brain.web.templating import visible_nav
from tests.conftest import page_login
from tests.diagnosis.support import API, FIRST, SECOND, DiagnosisApp, diagnosis_app, submit

__all__ = ["diagnosis_app"]


def test_an_enterprise_sees_only_its_own(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    mine = submit(app, FIRST).json()["assessment"]["id"]
    theirs = submit(app, SECOND, app.other).json()["assessment"]["id"]
    assert app.client.get(f"{API}/assessments/{theirs}", headers=app.firm).status_code == 404
    assert app.client.get(f"{API}/assessments/{mine}", headers=app.other).status_code == 404
    assert [h["id"] for h in app.client.get(f"{API}/assessments", headers=app.other).json()] == [
        theirs
    ]
    asked = app.client.get(f"{API}/assessments?org_id={app.firm_org_id}", headers=app.other)
    assert asked.status_code == 403
    assert app.client.get(f"{API}/summary", headers=app.firm).status_code == 403
    page_login(app.client, "other")
    assert app.client.get(f"/services/diagnosis/assessments/{mine}").status_code == 404
    assert app.client.get("/services/diagnosis/summary").status_code == 403


def test_government_reads_and_summarises(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    mine = submit(app, FIRST).json()["assessment"]["id"]
    submit(app, SECOND)  # 甲's latest: 三级
    submit(app, FIRST, app.other)  # 乙: 二级
    for reader in (app.gov, app.data):
        assert app.client.get(f"{API}/assessments/{mine}", headers=reader).status_code == 200
        listed = app.client.get(f"{API}/assessments?org_id={app.firm_org_id}", headers=reader)
        assert [h["total"] for h in listed.json()] == [56, 71]
        summary = app.client.get(f"{API}/summary", headers=reader).json()
        assert (summary["enterprises"], summary["by_level"]) == (
            2, {"1": 0, "2": 1, "3": 1, "4": 0}
        )  # fmt: skip
        assert [(r["district"], r["counts"], r["total"]) for r in summary["by_district"]] == [
            ("浙江省杭州市", {"1": 0, "2": 1, "3": 1, "4": 0}, 2)
        ]
    assert submit(app, FIRST, app.gov).status_code == 403
    page_login(app.client, "gov")
    home = app.client.get("/services/diagnosis", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (303, "/services/diagnosis/summary")
    page = app.client.get("/services/diagnosis/summary")
    assert page.status_code == 200 and 'id="diagnosis-enterprises">2<' in page.text
    assert "浙江省杭州市" in page.text
    assert app.client.get("/services/diagnosis/take").status_code == 403


def test_providers_and_banks_are_refused(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    mine = submit(app, FIRST).json()["assessment"]["id"]
    for outsider in (app.provider, app.bank):
        for path in ("/questionnaires", "/assessments", "/summary", f"/assessments/{mine}"):
            assert app.client.get(f"{API}{path}", headers=outsider).status_code == 403, path
        assert submit(app, FIRST, outsider).status_code == 403
    page_login(app.client, "provider")
    assert app.client.get("/services/diagnosis").status_code == 403
    assert app.client.get("/services/diagnosis/summary").status_code == 403


def test_navigation(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    links = {}
    with app.database.reader() as db:
        for name in ("firm", "gov", "data", "provider", "banker"):
            user = accounts.get_user_by_username(db, username=name)
            assert user is not None
            entries = visible_nav(accounts.principal_for(user))
            links[name] = [e.href for e in entries if e.label == "数字化诊断"]
    assert links == {
        "firm": ["/services/diagnosis"], "gov": ["/services/diagnosis/summary"],
        "data": ["/services/diagnosis/summary"], "provider": [], "banker": [],
    }  # fmt: skip
