"""Reading assessments: one enterprise's history with progress, one report, and the
government's summary of levels by district."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.codes.regions import get_region
from industry_brain.diagnosis.models import Assessment, AssessmentAnswer
from industry_brain.diagnosis.questionnaire import Questionnaire, get_questionnaire
from industry_brain.diagnosis.schemas import (
    AssessmentSummary,
    DimensionResult,
    LevelCount,
    LevelOut,
    Report,
    Summary,
)
from industry_brain.diagnosis.scoring import score
from industry_brain.diagnosis.solutions import matched_solutions
from industry_brain.errors import HiddenObjectError, NotFoundError

POLICY = "diagnosis"
NO_DISTRICT = "未填写地区"


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    """Return the questionnaire version an assessment was taken on."""
    found = get_questionnaire(assessment.questionnaire_id, assessment.questionnaire_version)
    if found is None:
        raise NotFoundError(
            f"问卷 {assessment.questionnaire_id} 第 {assessment.questionnaire_version} 版已不存在"
        )
    return found


def _level_name(assessment: Assessment) -> str:
    found = get_questionnaire(assessment.questionnaire_id, assessment.questionnaire_version)
    names = {level.level: level.name for level in found.levels} if found else {}
    return names.get(assessment.level, f"{assessment.level} 级")


def list_assessments(db: Session, *, org_id: int) -> list[Assessment]:
    """Return an enterprise's assessments, oldest first."""
    query = select(Assessment).where(Assessment.org_id == org_id)
    return list(db.scalars(query.order_by(Assessment.submitted_at, Assessment.id)))


def history(db: Session, *, org_id: int) -> list[AssessmentSummary]:
    """Return an enterprise's assessments, oldest first, each with the change of its total
    since the previous one on the same questionnaire (None for the first)."""
    rows: list[AssessmentSummary] = []
    last: dict[str, int] = {}
    for item in list_assessments(db, org_id=org_id):
        before = last.get(item.questionnaire_id)
        rows.append(
            AssessmentSummary(
                id=item.id,
                questionnaire_id=item.questionnaire_id,
                questionnaire_version=item.questionnaire_version,
                submitted_at=item.submitted_at,
                submitted_by=item.submitted_by,
                total=item.total,
                level=item.level,
                level_name=_level_name(item),
                change=None if before is None else item.total - before,
            )  # fmt: skip
        )
        last[item.questionnaire_id] = item.total
    return rows


def get_assessment(db: Session, *, principal: Principal, assessment_id: int) -> Assessment:
    """Return an assessment the principal may read; others' are hidden (404)."""
    found = db.get(Assessment, assessment_id)
    if found is None or not is_allowed(principal, POLICY, "read", target_org_id=found.org_id):
        raise HiddenObjectError("诊断记录不存在")
    return found


def _previous(db: Session, assessment: Assessment) -> Assessment | None:
    query = (
        select(Assessment)
        .where(
            Assessment.org_id == assessment.org_id,
            Assessment.questionnaire_id == assessment.questionnaire_id,
            (Assessment.submitted_at < assessment.submitted_at)
            | (
                (Assessment.submitted_at == assessment.submitted_at)
                & (Assessment.id < assessment.id)
            ),
        )
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
    )
    return db.scalars(query.limit(1)).first()


def stored_answers(db: Session, assessment_id: int) -> dict[str, list[str]]:
    """Return the chosen options of an assessment by question."""
    rows = db.scalars(
        select(AssessmentAnswer).where(AssessmentAnswer.assessment_id == assessment_id)
    )
    return {row.question_id: list(json.loads(row.options)) for row in rows}


def build_report(db: Session, assessment: Assessment) -> Report:
    """Return the report of an assessment: level, dimensions with their change since the
    previous assessment, strengths, gaps, matched solutions and the history."""
    questionnaire = questionnaire_of(assessment)
    answers = stored_answers(db, assessment.id)
    result = score(questionnaire, answers)
    previous = _previous(db, assessment)
    before = json.loads(previous.dimension_scores) if previous else {}
    dimensions = [
        DimensionResult(
            id=d.id,
            name=d.name,
            points=d.points,
            max_points=d.max_points,
            pct=d.pct,
            standing=d.standing,
            weak_areas=list(d.weak_areas),
            change=d.points - int(before[d.id]) if d.id in before else None,
        )  # fmt: skip
        for d in result.dimensions
    ]
    solutions, available = matched_solutions(db, questionnaire, result.dimensions)
    organisation = db.get(Organisation, assessment.org_id)
    past = history(db, org_id=assessment.org_id)
    return Report(
        assessment=next(h for h in past if h.id == assessment.id),
        organisation=organisation.name if organisation else "",
        uscc=assessment.uscc, max_total=result.max_total,
        level_description=result.level.description, dimensions=dimensions,
        strengths=[d.name for d in result.dimensions if d.standing == "strength"],
        gaps=[d.name for d in result.dimensions if d.standing == "gap"],
        answers=answers, solutions=solutions, catalogue_available=available, history=past,
    )  # fmt: skip


def _latest_per_org(db: Session) -> list[tuple[int, str | None]]:
    """Return (level, region code) of each enterprise's latest assessment."""
    newest = (
        select(Assessment.org_id, func.max(Assessment.id).label("id"))
        .group_by(Assessment.org_id)
        .subquery()
    )
    query = (
        select(Assessment.level, Organisation.region_code)
        .join(newest, newest.c.id == Assessment.id)
        .join(Organisation, Organisation.id == Assessment.org_id)
    )
    return [(int(level), region) for level, region in db.execute(query).all()]


def _district(code: str | None) -> str:
    region = get_region(code) if code else None
    return region.full_name if region else (code or NO_DISTRICT)


def summary(db: Session, questionnaire: Questionnaire) -> Summary:
    """Count the latest level of every assessed enterprise, in all and by district."""
    latest = _latest_per_org(db)
    by_district: dict[str | None, Counter[int]] = defaultdict(Counter)
    for level, region in latest:
        by_district[region][level] += 1
    levels = [LevelOut(**vars_of(level)) for level in questionnaire.levels]
    rows = [
        LevelCount(
            district_code=code,
            district=_district(code),
            counts={lv.level: counts.get(lv.level, 0) for lv in levels},
            total=sum(counts.values()),
        )  # fmt: skip
        for code, counts in sorted(by_district.items(), key=lambda kv: kv[0] or "~")
    ]
    totals = Counter(level for level, _ in latest)
    return Summary(
        enterprises=len(latest), levels=levels,
        by_level={lv.level: totals.get(lv.level, 0) for lv in levels}, by_district=rows,
    )  # fmt: skip


def vars_of(level: object) -> dict[str, object]:
    """Return a level's fields as a mapping (for its schema)."""
    return {name: getattr(level, name) for name in ("level", "name", "min", "description")}
