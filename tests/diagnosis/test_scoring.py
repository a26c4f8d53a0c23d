"""Scoring is exact: points per question (single: the option; multiple: the capped sum),
per dimension with its rate and standing, the total and the level at its boundaries; and
answers that cannot be scored are refused with the question named."""

from __future__ import annotations

import pytest

from industry_brain.diagnosis.questionnaire import default_questionnaire
from industry_brain.diagnosis.scoring import AnswerError, level_for, score
from tests.diagnosis.support import BEST, FIRST, SECOND, WORST

Q = default_questionnaire()


def _dimensions(
    answers: dict[str, list[str]],
) -> list[tuple[str, int, float, str, tuple[str, ...]]]:
    result = score(Q, answers)
    return [(d.name, d.points, d.pct, d.standing, d.weak_areas) for d in result.dimensions]


def test_a_known_set_of_answers() -> None:
    result = score(Q, FIRST)
    assert (result.total, result.max_total, result.level.level, result.level.name) == (
        56, 100, 2, "二级"
    )  # fmt: skip
    assert _dimensions(FIRST) == [
        ("数字化基础", 25, 100.0, "strength", ()),
        ("数字化经营", 23, 65.7, "middle", ()),
        ("数字化管理", 0, 0.0, "gap", ("财务", "人力", "安全")),
        ("数字化成效", 8, 40.0, "gap", ("效率", "质量", "效益")),
    ]
    assert result.dimension_points() == {
        "foundation": 25, "operation": 23, "management": 0, "outcome": 8
    }  # fmt: skip
    assert result.question_points["marketing"] == 6
    assert result.question_points["data"] == 8


def test_a_retake_that_improves_management() -> None:
    result = score(Q, SECOND)
    assert (result.total, result.level.name) == (71, "三级")
    assert _dimensions(SECOND)[2] == ("数字化管理", 15, 75.0, "strength", ())


def test_best_and_worst() -> None:
    assert (score(Q, BEST).total, score(Q, BEST).level.level) == (100, 4)
    assert (score(Q, WORST).total, score(Q, WORST).level.level) == (0, 1)
    # 营销服务: four options of 3 points, capped at 9
    assert score(Q, BEST).question_points["marketing"] == 9


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, 1), (39, 1), (40, 2), (59, 2), (60, 3), (79, 3), (80, 4), (100, 4)],
)
def test_level_boundaries(total: int, level: int) -> None:
    assert level_for(Q, total).level == level


def test_answers_on_both_sides_of_the_first_boundary() -> None:
    # every single-choice question at “b” (28) + 数据 a,b,c (6) + 营销 a (3) + 安全 a,d (3) = 40
    forty = {q: ["b"] for q in FIRST} | {"data": ["a", "b", "c"], "marketing": ["a"],
                                         "security": ["a", "d"]}  # fmt: skip
    assert (score(Q, forty).total, score(Q, forty).level.name) == (40, "二级")
    thirty_nine = forty | {"security": ["a"]}  # 安全 2 instead of 3
    assert (score(Q, thirty_nine).total, score(Q, thirty_nine).level.name) == (39, "一级")


def test_duplicated_options_count_once() -> None:
    assert score(Q, FIRST | {"marketing": ["a", "a", "b"]}).question_points["marketing"] == 6


@pytest.mark.parametrize(
    ("change", "question", "message"),
    [
        ({"network": []}, "network", "网络题“企业内部网络覆盖情况如何？”尚未作答"),
        ({"rnd": ["b", "c"]}, "rnd",
         "研发设计题“产品或服务的研发设计使用了哪些数字化工具？”单选题只能选择一项"),
        ({"finance": ["z"]}, "finance", "财务题“财务管理的数字化程度如何？”没有选项 z"),
        ({"security": ["a", "none"]}, "security",
         "安全题“企业采取了哪些网络与数据安全措施？（可多选）”“以上都没有”不能与其他选项同时选择"),
    ],
)  # fmt: skip
def test_unscorable_answers_name_the_question(
    change: dict[str, list[str]], question: str, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        score(Q, FIRST | change)
    assert (caught.value.question_id, caught.value.message) == (question, message)


def test_a_missing_question_is_named() -> None:
    answers = {k: v for k, v in FIRST.items() if k != "quality"}
    with pytest.raises(AnswerError) as caught:
        score(Q, answers)
    assert caught.value.message == "质量题“产品或服务质量管理有何变化？”尚未作答"


def test_an_unknown_question_is_refused() -> None:
    with pytest.raises(ValueError, match="^问卷中没有题目 colour$"):
        score(Q, FIRST | {"colour": ["a"]})
