"""Pages of the 数字化诊断: the enterprise's page (latest report or a start), the
questionnaire form, one report, and the government's read-only summary of levels."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.clock import beijing
from industry_brain.diagnosis import actions, service
from industry_brain.diagnosis.api import may_take, questionnaire_out, require_reader
from industry_brain.diagnosis.questionnaire import Questionnaire, default_questionnaire
from industry_brain.diagnosis.schemas import Report, SubmitIn
from industry_brain.errors import PermissionDeniedError, ValidationFailedError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render, script_json

router = APIRouter(include_in_schema=False)
POLICY = "diagnosis"
HOME = "/services/diagnosis"
NOTICES = {"submitted": "诊断已提交，以下是本次诊断报告。"}
STANDINGS = {"strength": "优势", "gap": "短板", "middle": "一般"}


def _require_taker(principal: Principal) -> None:
    if not may_take(principal):
        raise PermissionDeniedError("只有企业用户可以填写数字化诊断问卷")


def chart_data(report: Report) -> dict[str, Any]:
    """Return what the radar and the history chart draw."""
    return {
        "dimensions": [{"name": d.name, "pct": d.pct} for d in report.dimensions],
        "history": [
            {"at": f"{beijing(h.submitted_at):%Y-%m-%d}", "total": h.total, "level": h.level_name}
            for h in report.history
        ],
    }


def _report_page(
    request: Request, principal: Principal, report: Report, *, notice: str | None = None
) -> Response:
    return render(
        request, "diagnosis/report.html",
        {"report": report, "standings": STANDINGS, "chart_json": script_json(chart_data(report)),
         "can_take": may_take(principal), "notice": notice},
        principal=principal,
    )  # fmt: skip


@router.get(HOME, response_class=HTMLResponse)
def home(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the enterprise's latest report, or the start of its first assessment."""
    if not may_take(principal) and is_allowed(principal, POLICY, "read"):
        return RedirectResponse(f"{HOME}/summary", status_code=303)
    _require_taker(principal)
    past = service.list_assessments(db, org_id=principal.org_id or 0)
    if past:
        return _report_page(request, principal, service.build_report(db, past[-1]))
    questionnaire = questionnaire_out(default_questionnaire())
    return render(request, "diagnosis/start.html", {"q": questionnaire}, principal=principal)


def _take_page(
    request: Request, principal: Principal, questionnaire: Questionnaire, *,
    chosen: dict[str, list[str]] | None = None, error: str | None = None,
    missing: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    return render(
        request, "diagnosis/take.html",
        {"q": questionnaire_out(questionnaire), "chosen": chosen or {}, "error": error,
         "missing": missing},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get(f"{HOME}/take", response_class=HTMLResponse)
def take(request: Request, principal: PageUser) -> Response:
    """Show the questionnaire form."""
    _require_taker(principal)
    return _take_page(request, principal, default_questionnaire())


@router.post(f"{HOME}/take", response_class=HTMLResponse)
async def submit(request: Request, db: DbDep, principal: FormUser) -> Response:
    """Score and store the answers, then show the report; a missing answer is refused with
    the question named and the form kept as filled."""
    form = await request.form()
    questionnaire = default_questionnaire()
    chosen: dict[str, list[str]] = {}
    for _, question in questionnaire.questions():
        values = [str(v) for v in form.getlist(f"q_{question.id}") if str(v)]
        if values:
            chosen[question.id] = values
    data = SubmitIn(
        questionnaire_id=questionnaire.id, version=questionnaire.version, answers=chosen
    )
    try:
        assessment = actions.do_submit_assessment(db, actor=principal, data=data)
    except ValidationFailedError as exc:
        db.rollback()
        return _take_page(request, principal, questionnaire, chosen=chosen, error=exc.message,
                          missing=exc.field, status_code=422)  # fmt: skip
    return RedirectResponse(f"{HOME}/assessments/{assessment.id}?notice=submitted", status_code=303)


@router.get(f"{HOME}/assessments/{{assessment_id:int}}", response_class=HTMLResponse)
def report_page(
    request: Request, db: DbDep, principal: PageUser, assessment_id: int,
    notice: Annotated[str, Query(max_length=20)] = "",
) -> Response:  # fmt: skip
    """Show one assessment's report (the enterprise's own, or any for government readers)."""
    require_reader(principal)
    found = service.get_assessment(db, principal=principal, assessment_id=assessment_id)
    report = service.build_report(db, found)
    return _report_page(request, principal, report, notice=NOTICES.get(notice))


def _summary_context(db: Session) -> dict[str, Any]:
    questionnaire = default_questionnaire()
    result = service.summary(db, questionnaire)
    chart = {"levels": [lv.name for lv in result.levels],
             "counts": [result.by_level[lv.level] for lv in result.levels]}  # fmt: skip
    return {"summary": result, "title": questionnaire.title, "chart_json": script_json(chart)}


@router.get(f"{HOME}/summary", response_class=HTMLResponse)
def summary_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the latest levels of the assessed enterprises, by level and district."""
    require(principal, POLICY, "read")
    return render(request, "diagnosis/summary.html", _summary_context(db), principal=principal)
