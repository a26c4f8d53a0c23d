"""The audited change of the 数字化诊断: an enterprise submits its answers.

Answers are checked whole before anything is written: a missing or invalid answer is refused
with the question named, and nothing is saved. The assessment, its answer rows and the audit
row ``diagnosis.assessment.submit`` commit in one transaction.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.diagnosis.models import Assessment, AssessmentAnswer
from industry_brain.diagnosis.questionnaire import get_questionnaire
from industry_brain.diagnosis.schemas import SubmitIn
from industry_brain.diagnosis.scoring import AnswerError, score
from industry_brain.errors import PermissionDeniedError, ValidationFailedError

POLICY = "diagnosis"


def _enterprise(db: Session, actor: Principal) -> Organisation:
    """Return the actor's enterprise; only enterprise users take the assessment."""
    require(actor, POLICY, "create", target_org_id=actor.org_id)
    organisation = db.get(Organisation, actor.org_id) if actor.org_id else None
    if organisation is None or organisation.org_type != OrgType.ENTERPRISE:
        raise PermissionDeniedError("只有企业用户可以填写数字化诊断问卷")
    return organisation


def do_submit_assessment(db: Session, *, actor: Principal, data: SubmitIn) -> Assessment:
    """Score the answers and store the assessment of the actor's enterprise (audited)."""
    organisation = _enterprise(db, actor)
    questionnaire = get_questionnaire(data.questionnaire_id, data.version)
    if questionnaire is None:
        raise ValidationFailedError(
            f"没有问卷 {data.questionnaire_id}"
            + (f" 第 {data.version} 版" if data.version else ""),
            field="questionnaire_id",
        )
    try:
        result = score(questionnaire, data.answers)
    except AnswerError as exc:
        raise ValidationFailedError(exc.message, field=exc.question_id) from None
    except ValueError as exc:
        raise ValidationFailedError(str(exc), field="answers") from None
    assessment = Assessment(
        org_id=organisation.id, uscc=organisation.uscc, questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version, submitted_at=utcnow(),
        submitted_by=actor.username, total=result.total, level=result.level.level,
        dimension_scores=json.dumps(result.dimension_points(), ensure_ascii=False),
    )  # fmt: skip
    db.add(assessment)
    db.flush()
    for _, question in questionnaire.questions():
        chosen = [o.id for o in question.options if o.id in data.answers[question.id]]
        db.add(
            AssessmentAnswer(
                assessment_id=assessment.id,
                question_id=question.id,
                options=json.dumps(chosen),
                points=result.question_points[question.id],
            )  # fmt: skip
        )
    audit.append(
        db, actor=actor, event_type="diagnosis.assessment.submit",
        object_type="diagnosis_assessment", object_id=assessment.id,
        detail={"org_id": organisation.id, "uscc": organisation.uscc,
                "questionnaire": f"{questionnaire.id}@{questionnaire.version}",
                "total": result.total, "level": result.level.level},
    )  # fmt: skip
    db.commit()
    return assessment
