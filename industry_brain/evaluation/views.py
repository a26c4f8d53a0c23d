"""Pages of the 指标体系评估: the choice of system and year (/evaluation) and one system's
evaluation for a year (/evaluation/{system}/{year}) with its values, conditions, points, next
steps, the history of the values entered by hand, the forms to enter values with evidence
and to withdraw them, the frozen snapshots (定稿) of the year with the form to freeze it, a
snapshot shown read-only (/evaluation/{system}/{year}/snapshots/{id}), and the report
downloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.clock import beijing
from industry_brain.db import utcnow
from industry_brain.errors import DomainError, ValidationFailedError
from industry_brain.evaluation import actions, snapshots
from industry_brain.evaluation.actions import ManualIn, Upload
from industry_brain.evaluation.api import evidence_file, evidence_response, list_systems
from industry_brain.evaluation.grading import number_text
from industry_brain.evaluation.manual import entry_history
from industry_brain.evaluation.model import Evaluation
from industry_brain.evaluation.service import evaluate
from industry_brain.raw_files import size_label, upload_limit
from industry_brain.settings import Settings
from industry_brain.web.deps import DbDep, FormUser, PageUser, SettingsDep
from industry_brain.web.forms import Refused, act
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
POLICY = "evaluation"
HOME = "/evaluation"
STATUS_LABELS = {"measured": "平台计算", "manual": "人工填报", "missing": "缺失"}
CONDITION_LABELS = {"met": "达到", "not_met": "未达到", "manual": "待人工确认"}
NOTICES = {
    "saved": "已保存填报值及证明材料，评估已按新值重新计算。",
    "withdrawn": "已撤回填报值（记录及证明材料保留），评估已重新计算。",
    "frozen": "已定稿：此后数据的变更不影响该定稿及其报告。",
}


def default_year() -> int:
    """Return the year assessed by default: the last full year (自评报告 covers 上一年度)."""
    return beijing(utcnow()).year - 1


@router.get(HOME, response_class=HTMLResponse)
def index(
    request: Request, principal: PageUser,
    system: Annotated[str, Query(max_length=64)] = "",
    year: Annotated[int | None, Query(ge=actions.YEARS[0], le=actions.YEARS[-1])] = None,
) -> Response:  # fmt: skip
    """Show the indicator systems to choose from with a year; a choice opens its evaluation."""
    require(principal, POLICY, "read")
    if system and year is not None:
        return RedirectResponse(f"{HOME}/{system}/{year}", status_code=303)
    this_year = beijing(utcnow()).year
    return render(
        request, "evaluation/index.html",
        {"systems": list_systems(), "year": default_year(),
         "years": list(range(this_year, this_year - 8, -1))},
        principal=principal,
    )  # fmt: skip


def _page_context(evaluation: Evaluation) -> dict[str, Any]:
    values = evaluation.values
    counts = {status: sum(1 for v in values if v.status == status) for status in STATUS_LABELS}
    scored = [v for v in values if v.indicator.points is not None]
    unscored = sum(s.unscored for s in evaluation.scores if len(s.category.path) == 1)
    groups: dict[tuple[str, ...], list[Any]] = {}
    for value in values:
        groups.setdefault(value.indicator.category, []).append(value)
    return {
        "ev": evaluation, "counts": counts, "groups": groups, "has_points": bool(scored),
        "unscored": unscored, "no_data": counts["measured"] == 0 and counts["manual"] == 0,
        "status_labels": STATUS_LABELS, "condition_labels": CONDITION_LABELS,
        "number_text": number_text, "top_scores": [s for s in evaluation.scores
                                                   if len(s.category.path) == 1],
    }  # fmt: skip


def _page(
    request: Request, db: Session, settings: Settings, principal: Principal, system_id: str,
    year: int, *, notice: str | None = None, error: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    require(principal, POLICY, "read")
    limit = upload_limit(settings, f"{HOME}/{system_id}/{year}/manual")
    evaluation = evaluate(db, system_id, year)
    context = _page_context(evaluation)
    context.update(
        history=entry_history(db, evaluation.system, year),
        notice=notice, error=error, can_enter=is_allowed(principal, POLICY, "create"),
        max_bytes=limit, max_label=size_label(limit), size_label=size_label,
        systems=list_systems(), home=f"{HOME}/{system_id}/{year}",
        report_base=f"{HOME}/{system_id}/{year}", frozen=None,
        snapshots=[snapshots.summary(row) for row in snapshots.list_snapshots(
            db, system_id=evaluation.system.id, year=year)],
    )  # fmt: skip
    return render(request, "evaluation/evaluation.html", context, principal=principal,
                  status_code=status_code)  # fmt: skip


def _shown_again(
    request: Request, db: Session, settings: Settings, principal: Principal, system_id: str,
    year: int,
) -> Refused:  # fmt: skip
    """Return how a refused change is answered: the evaluation again, with the refusal."""

    def refused(message: str, status: int, _: DomainError | None) -> Response:
        return _page(request, db, settings, principal, system_id, year, error=message,
                     status_code=status)  # fmt: skip

    return refused


@router.get(f"{HOME}/{{system_id}}/{{year:int}}", response_class=HTMLResponse)
def evaluation_page(
    request: Request, db: DbDep, settings: SettingsDep, principal: PageUser, system_id: str,
    year: int, notice: Annotated[str, Query(max_length=20)] = "",
) -> Response:  # fmt: skip
    """Show a system evaluated for a year."""
    if year not in actions.YEARS:
        raise ValidationFailedError(f"年份应在 {actions.YEARS[0]} 到 {actions.YEARS[-1]} 之间")
    return _page(request, db, settings, principal, system_id, year, notice=NOTICES.get(notice))


@router.post(f"{HOME}/{{system_id}}/{{year:int}}/manual", response_class=HTMLResponse)
def enter_manual(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, system_id: str,
    year: int, key: Annotated[str, Form(max_length=100)] = "",
    value: Annotated[str, Form(max_length=4000)] = "",
    unit: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    evidence: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:  # fmt: skip
    """Enter a value by hand with its evidence, then show the evaluation again."""
    from industry_brain.evaluation.systems import get_system

    return act(
        db,
        lambda: actions.do_enter_manual_value(
            db,
            actor=principal,
            data_dir=settings.data_dir,
            system=get_system(system_id),
            year=year,
            data=ManualIn(key=key, value=value, unit=unit, note=note),
            files=[Upload(f.file, f.filename or "") for f in evidence or []],
            max_bytes=upload_limit(settings, request.url.path),
        ),  # fmt: skip
        done=f"{HOME}/{system_id}/{year}?notice=saved#v-{key.replace(':', '-')}",
        refused=_shown_again(request, db, settings, principal, system_id, year),
    )


@router.post(
    f"{HOME}/{{system_id}}/{{year:int}}/manual/{{value_id:int}}/withdraw",
    response_class=HTMLResponse,
)
def withdraw_manual(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, system_id: str,
    year: int, value_id: int, reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Withdraw a value entered by hand with a reason, then show the evaluation again."""
    from industry_brain.evaluation.systems import get_system

    return act(
        db,
        lambda: actions.do_withdraw_manual_value(
            db,
            actor=principal,
            system=get_system(system_id),
            year=year,
            value_id=value_id,
            reason=reason,
        ),  # fmt: skip
        done=lambda row: (
            f"{HOME}/{system_id}/{year}?notice=withdrawn#v-{row.indicator.replace(':', '-')}"
        ),
        refused=_shown_again(request, db, settings, principal, system_id, year),
    )


@router.get(
    f"{HOME}/{{system_id}}/{{year:int}}/evidence/{{evidence_id:int}}", response_class=Response
)
def download_evidence(
    db: DbDep, settings: SettingsDep, principal: PageUser, system_id: str, year: int,
    evidence_id: int,
) -> Response:  # fmt: skip
    """Download an evidence file as it was uploaded (checked against its SHA-256)."""
    require(principal, POLICY, "read")
    return evidence_response(settings, evidence_file(db, system_id, year, evidence_id))


@router.post(f"{HOME}/{{system_id}}/{{year:int}}/snapshots", response_class=HTMLResponse)
def freeze(
    request: Request, db: DbDep, settings: SettingsDep, principal: FormUser, system_id: str,
    year: int, note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Freeze (定稿) the year's evaluation as it stands, then show the evaluation again."""

    return act(
        db,
        lambda: actions.do_freeze_evaluation(
            db, actor=principal, system_id=system_id, year=year, note=note
        ),
        done=lambda row: f"{HOME}/{system_id}/{year}?notice=frozen#snapshot-{row.id}",
        refused=_shown_again(request, db, settings, principal, system_id, year),
    )


@router.get(
    f"{HOME}/{{system_id}}/{{year:int}}/snapshots/{{snapshot_id:int}}",
    response_class=HTMLResponse,
)
def snapshot_page(
    request: Request, db: DbDep, principal: PageUser, system_id: str, year: int,
    snapshot_id: int,
) -> Response:  # fmt: skip
    """Show a frozen evaluation (定稿) read-only, as it was frozen."""
    require(principal, POLICY, "read")
    row = snapshots.get_snapshot(db, system_id=system_id, year=year, snapshot_id=snapshot_id)
    context = _page_context(snapshots.from_payload(row.payload))
    home = f"{HOME}/{system_id}/{year}"
    context.update(
        history={}, notice=None, error=None, can_enter=False, max_bytes=0, max_label="",
        size_label=size_label, systems=list_systems(), home=home,
        report_base=f"{home}/snapshots/{row.id}", frozen=row, snapshots=[],
    )  # fmt: skip
    return render(request, "evaluation/evaluation.html", context, principal=principal)
