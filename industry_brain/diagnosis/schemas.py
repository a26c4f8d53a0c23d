"""Shapes of the 数字化诊断 API: questionnaires, a submission, assessments and reports."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class OptionOut(BaseModel):
    id: str
    text: str
    score: int
    exclusive: bool


class QuestionOut(BaseModel):
    id: str
    area: str
    type: str  # single | multiple
    text: str
    max_score: int
    options: list[OptionOut]


class DimensionOut(BaseModel):
    id: str
    name: str
    max_score: int
    questions: list[QuestionOut]


class LevelOut(BaseModel):
    level: int
    name: str
    min: int
    description: str


class QuestionnaireOut(BaseModel):
    """A questionnaire version as the form shows it, with its levels and scores."""

    id: str
    version: int
    title: str
    description: str
    max_score: int
    strength_pct: int
    gap_pct: int
    levels: list[LevelOut]
    dimensions: list[DimensionOut]


class SubmitIn(BaseModel):
    """Answers to every question: question id → chosen option ids (one for 单选)."""

    questionnaire_id: str = Field(max_length=64)
    version: int | None = Field(default=None, description="默认为最新版本")
    answers: dict[str, list[str]] = Field(default_factory=dict)


class DimensionResult(BaseModel):
    id: str
    name: str
    points: int
    max_points: int
    pct: float
    standing: str  # strength | gap | middle
    weak_areas: list[str]
    change: int | None = Field(description="与上一次诊断相比的得分变化")


class Solution(BaseModel):
    """An offering of the service catalogue that helps with a gap."""

    id: int
    title: str
    provider: str
    category: str
    price: str
    link: str
    for_dimension: str


class AssessmentSummary(BaseModel):
    id: int
    questionnaire_id: str
    questionnaire_version: int
    submitted_at: datetime
    submitted_by: str
    total: int
    level: int
    level_name: str
    change: int | None = Field(description="与上一次诊断相比的总分变化")


class Report(BaseModel):
    """One assessment with its level, dimensions, strengths, gaps and matched solutions."""

    assessment: AssessmentSummary
    organisation: str
    uscc: str | None
    max_total: int
    level_description: str
    dimensions: list[DimensionResult]
    strengths: list[str]
    gaps: list[str]
    answers: dict[str, list[str]]
    solutions: list[Solution]
    catalogue_available: bool
    history: list[AssessmentSummary]


class LevelCount(BaseModel):
    district_code: str | None
    district: str
    counts: dict[int, int]
    total: int


class Summary(BaseModel):
    """Latest level of each assessed enterprise, counted by district and level."""

    enterprises: int
    levels: list[LevelOut]
    by_level: dict[int, int]
    by_district: list[LevelCount]
