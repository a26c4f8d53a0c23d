"""Tables of the 数字化诊断: one assessment per submission, one answer row per question.

Invariants:
- An assessment is written whole or not at all: the assessment, every answer row and its
  audit row commit in one transaction (``actions.do_submit_assessment``).
- It keeps the questionnaire's ``(id, version)`` it was taken on, and the scores computed at
  submission (total, level, points per dimension as JSON), so a later version of the
  questionnaire never changes a past result.
- ``org_id`` is the enterprise that answered; ``uscc`` its 统一社会信用代码 at the time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class Assessment(Base):
    """One completed self-assessment of an enterprise."""

    __tablename__ = "diagnosis_assessments"
    __table_args__ = (Index("ix_diagnosis_assessments_org_submitted", "org_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by: Mapped[str] = mapped_column(String(64))
    total: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, index=True)
    dimension_scores: Mapped[str] = mapped_column(Text, default="{}")  # JSON: dimension → points


class AssessmentAnswer(Base):
    """The options chosen for one question of an assessment, and the points they earned."""

    __tablename__ = "diagnosis_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("diagnosis_assessments.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(64))
    options: Mapped[str] = mapped_column(Text)  # JSON list of option ids
    points: Mapped[int] = mapped_column(Integer)
