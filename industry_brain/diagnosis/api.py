"""JSON API of the 数字化诊断 under /api/v1/services/diagnosis (policy object ``diagnosis``):
questionnaires, submitting answers, an enterprise's assessments, one report, and the
government's summary of levels."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.diagnosis import actions, service
from industry_brain.diagnosis.questionnaire import (
    Questionnaire,
    current_questionnaires,
    default_questionnaire,
    get_questionnaire,
)
from industry_brain.diagnosis.schemas import (
    AssessmentSummary,
    DimensionOut,
    LevelOut,
    OptionOut,
    QuestionnaireOut,
    QuestionOut,
    Report,
    SubmitIn,
    Summary,
)
from industry_brain.errors import NotFoundError, PermissionDeniedError
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/services/diagnosis", tags=["diagnosis"])
POLICY = "diagnosis"


def may_take(principal: Principal) -> bool:
    """Whether the principal fills in questionnaires for its own enterprise."""
    return principal.org_type == "enterprise" and is_allowed(
        principal, POLICY, "create", target_org_id=principal.org_id
    )


def require_reader(principal: Principal) -> None:
    """Let enterprise users (their own) and government or data readers (any) through."""
    if not (may_take(principal) or is_allowed(principal, POLICY, "read")):
        raise PermissionDeniedError(f"无权执行此操作（{POLICY}:read）")


def questionnaire_out(questionnaire: Questionnaire) -> QuestionnaireOut:
    """Return a questionnaire version as the API and the form show it."""
    dimensions = [
        DimensionOut(
            id=d.id, name=d.name, max_score=d.max_score,
            questions=[
                QuestionOut(
                    id=q.id, area=q.area, type=q.type, text=q.text, max_score=q.max_score,
                    options=[OptionOut(id=o.id, text=o.text, score=o.score,
                                       exclusive=o.exclusive) for o in q.options],
                )
                for q in d.questions
            ],
        )
        for d in questionnaire.dimensions
    ]  # fmt: skip
    return QuestionnaireOut(
        id=questionnaire.id, version=questionnaire.version, title=questionnaire.title,
        description=questionnaire.description, max_score=questionnaire.max_score,
        strength_pct=questionnaire.strength_pct, gap_pct=questionnaire.gap_pct,
        levels=[LevelOut(**service.vars_of(level)) for level in questionnaire.levels],
        dimensions=dimensions,
    )  # fmt: skip


@router.get("/questionnaires")
def questionnaires(principal: ApiUser) -> list[QuestionnaireOut]:
    """List the newest version of each questionnaire."""
    require_reader(principal)
    return [questionnaire_out(q) for q in current_questionnaires()]


@router.get("/questionnaires/{questionnaire_id}")
def questionnaire(
    principal: ApiUser, questionnaire_id: str, version: Annotated[int | None, Query(ge=1)] = None
) -> QuestionnaireOut:
    """Return one questionnaire (its newest version unless one is asked for)."""
    require_reader(principal)
    found = get_questionnaire(questionnaire_id, version)
    if found is None:
        raise NotFoundError(f"没有问卷 {questionnaire_id}")
    return questionnaire_out(found)


@router.post("/assessments", status_code=201)
def submit(db: DbDep, principal: ApiUser, body: SubmitIn) -> Report:
    """Submit answers to every question (audited); refused with the question named, and
    nothing saved, when one is missing or invalid."""
    assessment = actions.do_submit_assessment(db, actor=principal, data=body)
    return service.build_report(db, assessment)


@router.get("/assessments")
def my_assessments(
    db: DbDep, principal: ApiUser, org_id: Annotated[int | None, Query(ge=1)] = None
) -> list[AssessmentSummary]:
    """List the enterprise's assessments, oldest first, with the change of each total;
    government readers name the enterprise with ``org_id``."""
    target = org_id if org_id is not None else principal.org_id
    require(principal, POLICY, "read", target_org_id=target)
    return service.history(db, org_id=target or 0)


@router.get("/assessments/{assessment_id}")
def report(db: DbDep, principal: ApiUser, assessment_id: int) -> Report:
    """Return one assessment's report: level, dimensions, strengths, gaps, solutions."""
    require_reader(principal)
    found = service.get_assessment(db, principal=principal, assessment_id=assessment_id)
    return service.build_report(db, found)


@router.get("/summary")
def summary(db: DbDep, principal: ApiUser) -> Summary:
    """Count the latest level of every assessed enterprise, by level and district."""
    require(principal, POLICY, "read")
    return service.summary(db, default_questionnaire())
