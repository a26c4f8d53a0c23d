"""Validation of the stored JSON form: each op and type accepted, each fault named by path."""

from __future__ import annotations

from typing import Any

import pytest

from industry_brain.rules import (
    AllOf,
    AnyOf,
    Clause,
    Not,
    Problem,
    RuleError,
    all_facts,
    to_data,
    validate,
)
from tests.rules.support import FACTS


def problems_of(data: Any) -> list[Problem]:
    with pytest.raises(RuleError) as raised:
        validate(data, facts=FACTS)
    return raised.value.problems


@pytest.mark.parametrize(
    ("fact", "op", "value"),
    [("revenue_last_year", op, 2000) for op in ("=", "!=", ">", ">=", "<", "<=")]
    + [
        ("rd_ratio_last_year", ">=", 3.5),
        ("employees", "in", [10, 20]),
        ("employees", "not_in", [0]),
        ("industry_code", "=", "3612"),
        ("industry_code", "!=", "3612"),
        ("industry_code", "prefix", "36"),
        ("industry_code", "in", ["3612", "3841"]),
        ("industry_code", "not_in", ["3612"]),
        ("region_code", "=", "320412"),
        ("region_code", "in", ["本市", "320411", "32"]),
        ("region_code", "not_in", ["本省"]),
        ("region_code", "prefix", "3204"),
        ("above_scale", "=", True),
        ("above_scale", "!=", False),
        ("honors", "contains", "专精特新"),
    ],
)
def test_each_operator_a_type_takes_is_accepted_and_round_trips(
    fact: str, op: str, value: Any
) -> None:
    data = {"fact": fact, "op": op, "value": value}
    rule = validate(data, facts=FACTS)
    assert rule == Clause(FACTS[fact], op, tuple(value) if isinstance(value, list) else value)
    assert to_data(rule) == data


def test_groups_build_the_tree() -> None:
    data = {
        "all": [
            {"fact": "above_scale", "op": "=", "value": True},
            {"any": [{"not": {"fact": "honors", "op": "contains", "value": "专精特新"}}]},
        ]
    }
    rule = validate(data, facts=FACTS)
    assert rule == AllOf(
        (
            Clause(FACTS["above_scale"], "=", True),
            AnyOf((Not(Clause(FACTS["honors"], "contains", "专精特新")),)),
        )
    )
    assert to_data(rule) == data


def test_unknown_fact_is_named_with_its_path() -> None:
    assert problems_of({"all": [{"fact": "revenue", "op": ">", "value": 1}]}) == [
        Problem("all[0]", "条件 all[0]：未知的事实 “revenue”")
    ]


def test_operator_the_type_does_not_take() -> None:
    assert problems_of({"fact": "honors", "op": ">", "value": 1}) == [
        Problem("", "规则：荣誉（集合）不能用运算符 “>”，可用 contains")
    ]
    assert problems_of({"fact": "revenue_last_year", "op": "prefix", "value": "1"}) == [
        Problem(
            "", "规则：上年营业收入（数值）不能用运算符 “prefix”，可用 = != > >= < <= in not_in"
        )
    ]
    assert problems_of({"fact": "industry_code", "op": "like", "value": "36"})[0].message == (
        "规则：行业代码（文本）不能用运算符 “like”，可用 = != in not_in prefix"
    )


@pytest.mark.parametrize(
    ("fact", "op", "value", "message"),
    [
        ("revenue_last_year", ">=", "2000", "上年营业收入 的值应为数值，实际为 “2000”"),
        ("revenue_last_year", ">=", True, "上年营业收入 的值应为数值，实际为 “True”"),
        ("revenue_last_year", ">=", None, "上年营业收入 的值应为数值，实际为 空值"),
        ("revenue_last_year", ">=", float("nan"), "上年营业收入 的值应为数值，实际为 “nan”"),
        ("industry_code", "prefix", 36, "行业代码 的值应为文本，实际为 “36”"),
        ("industry_code", "=", "  ", "行业代码 的值不能为空"),
        ("above_scale", "=", "是", "规上 的值应为是或否，实际为 “是”"),
        ("honors", "contains", 1, "荣誉 的值应为文本，实际为 “1”"),
        ("employees", "in", 5, "从业人数 in 的值应为非空列表"),
        ("employees", "in", [], "从业人数 in 的值应为非空列表"),
        ("employees", "in", [5, "x"], "从业人数 的值应为数值，实际为 “x”"),
        ("region_code", "in", ["常州"], "注册地 的值 “常州” 应为行政区划代码（2、4 或 6 位数字）"
         "或 本省、本市、本区县、本区、本县、本地"),
        ("region_code", "=", "3204", "注册地 的值 “3204” 应为 6 位行政区划代码"),
        ("region_code", "=", "本市", "注册地 的值 “本市” 应为 6 位行政区划代码"),
    ],
)  # fmt: skip
def test_wrong_values_are_refused(fact: str, op: str, value: Any, message: str) -> None:
    scale = {"fact": "above_scale", "op": "=", "value": True}
    data = {"any": [scale, {"fact": fact, "op": op, "value": value}]}
    assert problems_of(data) == [Problem("any[1]", f"条件 any[1]：{message}")]


def test_shape_problems() -> None:
    assert problems_of({"all": []}) == [Problem("", "规则：全部满足（all）条件组不能为空")]
    assert problems_of({"not": {"any": "x"}}) == [
        Problem("not", "条件 not：任一满足（any）条件组不能为空")
    ]
    assert problems_of([1]) == [Problem("", "规则：应为条件或条件组（JSON 对象）")]
    assert problems_of({"all": [{"fact": "employees", "op": ">"}]}) == [
        Problem("all[0]", "条件 all[0]：条件应有 fact、op、value，缺少 value")
    ]
    assert problems_of({"fact": "employees", "op": ">", "value": 1, "unit": "人"}) == [
        Problem("", "规则：条件应有 fact、op、value，多余的键 unit")
    ]
    assert problems_of({"all": [], "any": []}) == [
        Problem("", "规则：条件组只能有 all、any 或 not 其中一个键")
    ]


def test_every_problem_is_reported_at_once_and_the_message_joins_them() -> None:
    data = {
        "all": [
            {"fact": "nope", "op": "=", "value": 1},
            {"any": [{"fact": "honors", "op": "contains", "value": "专精特新"}, {"all": []}]},
            {"not": {"fact": "employees", "op": ">", "value": "many"}},
        ]
    }
    with pytest.raises(RuleError) as raised:
        validate(data, facts=FACTS)
    assert [problem.path for problem in raised.value.problems] == [
        "all[0]",
        "all[1].any[1]",
        "all[2].not",
    ]
    assert str(raised.value) == (
        "条件 all[0]：未知的事实 “nope”；条件 all[1].any[1]：全部满足（all）条件组不能为空；"
        "条件 all[2].not：从业人数 的值应为数值，实际为 “many”"
    )


def test_registered_facts_include_the_built_ins_by_default() -> None:
    assert set(FACTS) <= set(all_facts())
    assert validate({"fact": "honors", "op": "contains", "value": "专精特新"}) == Clause(
        FACTS["honors"], "contains", "专精特新"
    )
