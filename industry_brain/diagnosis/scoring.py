"""Scoring of a questionnaire's answers: pure functions, no storage.

A single-choice question earns its option's score; a multiple-choice question the sum of
its options, capped at its ``max_score``. A dimension's rate is its points over its maximum
(percent, one decimal); the total is the sum of points and the level the highest whose
``min`` the total reaches. A dimension is a strength at ``strength_pct`` or above and a gap
below ``gap_pct``; within a dimension, questions earning less than half their maximum are
named as its weak areas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from industry_brain.diagnosis.questionnaire import Dimension, Level, Question, Questionnaire


class AnswerError(ValueError):
    """Answers that cannot be scored; names the question (id and text)."""

    def __init__(self, question: Question, message: str) -> None:
        super().__init__(f"{question.area}题“{question.text}”{message}")
        self.question_id = question.id
        self.message = str(self)


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """What one dimension earned, its rate and standing (strength / gap / middle)."""

    id: str
    name: str
    points: int
    max_points: int
    pct: float
    standing: str  # "strength" | "gap" | "middle"
    weak_areas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """The score of one set of answers."""

    total: int
    max_total: int
    level: Level
    dimensions: tuple[DimensionScore, ...]
    question_points: dict[str, int]

    def dimension_points(self) -> dict[str, int]:
        """Return the points of each dimension by id (what an assessment stores)."""
        return {d.id: d.points for d in self.dimensions}


Answers = Mapping[str, Sequence[str]]


def check_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, tuple[str, ...]]:
    """Return the answers in questionnaire order, or raise AnswerError at the first
    missing or invalid one; answers to unknown questions are refused."""
    known = {q.id for _, q in questionnaire.questions()}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"问卷中没有题目 {', '.join(unknown)}")
    checked: dict[str, tuple[str, ...]] = {}
    for _, question in questionnaire.questions():
        chosen = tuple(dict.fromkeys(answers.get(question.id) or ()))
        if not chosen:
            raise AnswerError(question, "尚未作答")
        if question.type == "single" and len(chosen) != 1:
            raise AnswerError(question, "单选题只能选择一项")
        bad = [c for c in chosen if question.option(c) is None]
        if bad:
            raise AnswerError(question, f"没有选项 {', '.join(bad)}")
        if len(chosen) > 1 and any(o.exclusive for o in question.options if o.id in chosen):
            raise AnswerError(question, "“以上都没有”不能与其他选项同时选择")
        checked[question.id] = chosen
    return checked


def question_points(question: Question, chosen: Sequence[str]) -> int:
    """Return the points earned by the chosen options of one question."""
    earned = sum(option.score for option in question.options if option.id in chosen)
    return min(earned, question.max_score)


def level_for(questionnaire: Questionnaire, total: int) -> Level:
    """Return the highest level whose threshold the total reaches."""
    reached = [level for level in questionnaire.levels if total >= level.min]
    return reached[-1]


def _rate(points: int, top: int) -> float:
    return round(100.0 * points / top, 1) if top else 0.0


def _dimension_score(
    questionnaire: Questionnaire, dimension: Dimension, points: Mapping[str, int]
) -> DimensionScore:
    earned = sum(points[q.id] for q in dimension.questions)
    pct = _rate(earned, dimension.max_score)
    standing = "middle"
    if pct >= questionnaire.strength_pct:
        standing = "strength"
    elif pct < questionnaire.gap_pct:
        standing = "gap"
    weak = tuple(q.area for q in dimension.questions if 2 * points[q.id] < q.max_score)
    return DimensionScore(
        id=dimension.id, name=dimension.name, points=earned, max_points=dimension.max_score,
        pct=pct, standing=standing, weak_areas=weak,
    )  # fmt: skip


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Score complete answers (checked first; AnswerError names a missing question)."""
    checked = check_answers(questionnaire, answers)
    points = {
        question.id: question_points(question, checked[question.id])
        for _, question in questionnaire.questions()
    }
    dimensions = tuple(_dimension_score(questionnaire, d, points) for d in questionnaire.dimensions)
    total = sum(d.points for d in dimensions)
    return Result(
        total=total, max_total=questionnaire.max_score, level=level_for(questionnaire, total),
        dimensions=dimensions, question_points=points,
    )  # fmt: skip
