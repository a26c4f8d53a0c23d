"""Submitting through the API and the page: the stored assessment, its report, the history
with progress, refusals that save nothing, and matched solutions with and without the
service catalogue."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from industry_brain.audit.models import AuditEvent
from industry_brain.diagnosis import solutions
from industry_brain.diagnosis.models import Assessment
from tests.conftest import csrf_of, page_login
from tests.diagnosis.support import (
    API,
    FIRST,
    SECOND,
    DiagnosisApp,
    diagnosis_app,
    stored,
    submit,
)

__all__ = ["diagnosis_app"]


def _dimensions(report: dict[str, Any]) -> list[tuple[str, int, float, str, int | None]]:
    return [(d["name"], d["points"], d["pct"], d["standing"], d["change"])
            for d in report["dimensions"]]  # fmt: skip


def test_submit_and_report(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    response = submit(app, FIRST)
    assert response.status_code == 201, response.text
    report = response.json()
    a = report["assessment"]
    assert (a["total"], a["level"], a["level_name"], a["change"]) == (56, 2, "二级", None)
    assert (a["questionnaire_id"], a["questionnaire_version"], a["submitted_by"]) == (
        "smb-digital-2024", 1, "firm"
    )  # fmt: skip
    assert report["organisation"] == "常州甲精密机械有限公司"
    assert _dimensions(report) == [
        ("数字化基础", 25, 100.0, "strength", None), ("数字化经营", 23, 65.7, "middle", None),
        ("数字化管理", 0, 0.0, "gap", None), ("数字化成效", 8, 40.0, "gap", None),
    ]  # fmt: skip
    assert (report["strengths"], report["gaps"]) == (["数字化基础"], ["数字化管理", "数字化成效"])
    assert report["answers"]["data"] == ["a", "b", "c", "d"]
    assert stored(app.database) == (1, 13, 1)
    with app.database.reader() as db:
        row = db.scalars(select(Assessment)).one()
        assert (row.org_id, row.total, row.level) == (app.firm_org_id, 56, 2)
        assert row.uscc is not None and len(row.uscc) == 18
        event = db.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "diagnosis.assessment.submit")
        ).one()
        assert (event.username, event.object_id) == ("firm", str(row.id))


def test_history_and_progress(diagnosis_app: DiagnosisApp) -> None:
    app = diagnosis_app
    first = submit(app, FIRST).json()["assessment"]["id"]
    second = submit(app, SECOND).json()
    assert (second["assessment"]["total"], second["assessment"]["change"]) == (71, 15)
    assert second["assessment"]["level_name"] == "三级"
    assert [d["change"] for d in second["dimensions"]] == [0, 0, 15, 0]
    assert second["strengths"] == ["数字化基础", "数字化管理"]
    history = app.client.get(f"{API}/assessments", headers=app.firm).json()
    assert [(h["id"], h["total"], h["level"], h["change"]) for h in history] == [
        (first, 56, 2, None), (second["assessment"]["id"], 71, 3, 15)
    ]  # fmt: skip
    again = app.client.get(f"{API}/assessments/{first}", headers=app.firm).json()
    assert again["assessment"]["change"] is None and len(again["history"]) == 2


@pytest.mark.parametrize(
    ("answers", "field", "detail"),
    [
        ({k: v for k, v in FIRST.items() if k != "hr"}, "hr",
         "人力题“人力资源管理如何开展？”尚未作答"),
        (FIRST | {"network": ["q"]}, "network", "网络题“企业内部网络覆盖情况如何？”没有选项 q"),
        (FIRST | {"extra": ["a"]}, "answers", "问卷中没有题目 extra"),
    ],
)  # fmt: skip
def test_bad_answers_save_nothing(
    diagnosis_app: DiagnosisApp, answers: dict[str, list[str]], field: str, detail: str
) -> None:
    response = submit(diagnosis_app, answers)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == (field, detail)
    assert stored(diagnosis_app.database) == (0, 0, 0)


def test_an_unknown_questionnaire(diagnosis_app: DiagnosisApp) -> None:
    body = {"questionnaire_id": "nope", "answers": FIRST}
    response = diagnosis_app.client.post(f"{API}/assessments", json=body,
                                         headers=diagnosis_app.firm)  # fmt: skip
    assert (response.status_code, response.json()["detail"]) == (422, "没有问卷 nope")


def test_the_page_refuses_a_missing_answer_and_keeps_the_form(
    diagnosis_app: DiagnosisApp,
) -> None:
    client = diagnosis_app.client
    page_login(client, "firm")
    start = client.get("/services/diagnosis")
    assert start.status_code == 200 and "开始诊断" in start.text
    form = client.get("/services/diagnosis/take")
    fields: dict[str, str | list[str]] = {"csrf_token": csrf_of(form.text)}
    fields |= {f"q_{q}": chosen for q, chosen in FIRST.items() if q != "supply"}
    refused = client.post("/services/diagnosis/take", data=fields, follow_redirects=False)
    assert refused.status_code == 422
    assert "采购供应题“采购、库存与物流如何管理？”尚未作答" in refused.text
    assert 'class="question is-missing" id="question-supply"' in refused.text
    assert re.search(r'name="q_rnd" value="c"\s+checked', refused.text)  # kept as filled
    assert stored(diagnosis_app.database) == (0, 0, 0)
    done = client.post("/services/diagnosis/take", data=fields | {"q_supply": "c"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    report = client.get(done.headers["location"])
    assert "诊断已提交" in report.text and 'id="diagnosis-level">二级<' in report.text
    assert "data-diagnosis-radar" in report.text
    home = client.get("/services/diagnosis")
    assert 'id="diagnosis-total">56<' in home.text


def test_matched_solutions_for_the_gaps(
    diagnosis_app: DiagnosisApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str | None] = []

    def search(db: object, *, category: str | None = None, limit: int = 5) -> list[Any]:
        asked.append(category)
        card = SimpleNamespace(
            id=len(asked),
            title=f"{category}服务",
            provider_name="数智服务公司",
            category=category,
            price_label="1万元起",
            link=f"/o/{len(asked)}",
        )
        return [card]  # fmt: skip

    monkeypatch.setattr(solutions, "_search", lambda: search)
    report = submit(diagnosis_app, FIRST).json()
    # gaps, weakest first: 数字化管理 (0%) then 数字化成效 (40%)
    assert asked == ["人才培训", "标准规范", "法律", "检验检测", "标准规范"]
    assert [(s["title"], s["for_dimension"]) for s in report["solutions"]] == [
        ("人才培训服务", "数字化管理"), ("标准规范服务", "数字化管理"), ("法律服务", "数字化管理"),
        ("检验检测服务", "数字化成效"), ("标准规范服务", "数字化成效"),
    ]  # fmt: skip
    assert report["catalogue_available"] is True


def test_without_the_catalogue_the_report_says_so(
    diagnosis_app: DiagnosisApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solutions, "_search", lambda: None)
    report = submit(diagnosis_app, FIRST).json()
    assert (report["solutions"], report["catalogue_available"]) == ([], False)
    page_login(diagnosis_app.client, "firm")
    page = diagnosis_app.client.get("/services/diagnosis")
    assert "服务目录暂不可用，无法匹配解决方案。" in page.text
