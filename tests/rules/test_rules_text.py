"""The Chinese text form: the issue's examples, keywords, precedence, units, errors."""

from __future__ import annotations

import pytest

from industry_brain.rules import (
    AllOf,
    AnyOf,
    Clause,
    Not,
    Problem,
    Rule,
    RuleError,
    parse,
    to_text,
)
from tests.rules.support import FACTS


def read(text: str) -> Rule:
    return parse(text, facts=FACTS)


def refused(text: str) -> list[Problem]:
    with pytest.raises(RuleError) as raised:
        parse(text, facts=FACTS)
    return raised.value.problems


REVENUE = Clause(FACTS["revenue_last_year"], ">=", 2000)
ZJTX = Clause(FACTS["honors"], "contains", "专精特新")
LOCAL = Clause(FACTS["region_code"], "in", ("本市",))
INDUSTRY = Clause(FACTS["industry_code"], "prefix", "36")
RD = Clause(FACTS["rd_ratio_last_year"], ">=", 3)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("上年营业收入 ≥ 2000 万元", REVENUE),
        ("上年营业收入>=2000万元", REVENUE),
        ("revenue_last_year >= 2000", REVENUE),
        ("荣誉 包含 专精特新", ZJTX),
        ("荣誉 包含 “专精特新”", ZJTX),
        ("注册地 在 本市", LOCAL),
        ('注册地 在 ["本市"]', LOCAL),
        ("行业代码 以 36 开头", INDUSTRY),
        ('行业代码 前缀 "36"', INDUSTRY),
        ("研发投入占比 ≥ 3%", RD),
        ("研发投入占比 >= 3 %", RD),
        ("规上 = 是", Clause(FACTS["above_scale"], "=", True)),
        ("规上 ≠ 否", Clause(FACTS["above_scale"], "!=", False)),
        ("从业人数 在 (10，20、30)", Clause(FACTS["employees"], "in", (10, 20, 30))),
        ("从业人数 不在 [0]", Clause(FACTS["employees"], "not_in", (0,))),
        ("成立年限 < 2.5 年", Clause(FACTS["age_years"], "<", 2.5)),
        ("近三年营业收入年均增速 > -5%", Clause(FACTS["revenue_growth_3y"], ">", -5)),
        ('登记状态 = "存续"', Clause(FACTS["status"], "=", "存续")),
    ],
)
def test_clauses_of_the_issue_and_the_contract(text: str, rule: Clause) -> None:
    assert read(text) == rule


def test_the_five_conditions_of_the_issue_together() -> None:
    text = (
        "上年营业收入 ≥ 2000 万元 且 荣誉 包含 专精特新 且 注册地 在 本市 且 "
        "行业代码 以 36 开头 且 研发投入占比 ≥ 3%"
    )
    rule = read(text)
    assert rule == AllOf((REVENUE, ZJTX, LOCAL, INDUSTRY, RD))
    assert to_text(rule) == (
        '上年营业收入 >= 2000 万元 且 荣誉 包含 "专精特新" 且 注册地 在 本市 且 '
        '行业代码 前缀 "36" 且 研发投入占比 >= 3%'
    )


def test_precedence_not_then_and_then_or_and_brackets() -> None:
    assert read("规上 = 是 或 荣誉 包含 专精特新 且 非 研发投入占比 >= 3") == AnyOf(
        (Clause(FACTS["above_scale"], "=", True), AllOf((ZJTX, Not(RD))))
    )
    assert read("（规上 = 是 或 荣誉 包含 专精特新） 且 研发投入占比 >= 3") == AllOf(
        (AnyOf((Clause(FACTS["above_scale"], "=", True), ZJTX)), RD)
    )
    assert read("非 (荣誉 包含 专精特新 且 研发投入占比 >= 3)") == Not(AllOf((ZJTX, RD)))


def test_brackets_of_a_nested_group_are_kept_in_text() -> None:
    nested = AllOf((REVENUE, AllOf((ZJTX, RD))))
    assert (
        to_text(nested)
        == '上年营业收入 >= 2000 万元 且 (荣誉 包含 "专精特新" 且 研发投入占比 >= 3%)'
    )
    assert read(to_text(nested)) == nested


def test_groups_of_one_item_are_written_with_their_word() -> None:
    single = AnyOf((AllOf((REVENUE,)),))
    assert to_text(single) == "任一(全部(上年营业收入 >= 2000 万元))"
    assert read(to_text(single)) == single


def test_texts_with_quotes_and_backslashes_round_trip() -> None:
    rule = Clause(FACTS["status"], "=", 'a"b\\c “d”')
    assert to_text(rule) == '登记状态 = "a\\"b\\\\c “d”"'
    assert read(to_text(rule)) == rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("营收 >= 2000", "第 1 个字符处：未知的事实 “营收”"),
        ("上年营业收入 2000", "第 8 个字符处：应为运算符（= > >= 在 包含 前缀 …），实际为 “2000”"),
        ("上年营业收入 >= 2000 亿元", "第 11 个字符处：上年营业收入的单位是 “万元”，不是 “亿元”"),
        ("上年营业收入 >= 20%", "第 11 个字符处：上年营业收入的单位是 “万元”，不是 “%”"),
        ("(规上 = 是", "第 8 个字符处：应为右括号，实际为结尾"),
        ("规上 = 是)", "第 7 个字符处：多余的 “)”"),
        ('荣誉 包含 "专精', '第 7 个字符处：引号 " 没有闭合'),
        ("规上 ! 是", "第 4 个字符处：“!” 后应为 “=”"),
        ("行业代码 以 36", "第 10 个字符处：应为开头，实际为结尾"),
        ("规上 = 是 且", "第 9 个字符处：应为事实名称，实际为结尾"),
    ],
)
def test_syntax_errors_point_at_the_character(text: str, message: str) -> None:
    assert refused(text) == [Problem("", message)]


def test_type_errors_come_from_validation_with_the_clause_path() -> None:
    assert refused('规上 = 是 且 上年营业收入 >= "很多"') == [
        Problem("all[1]", "条件 all[1]：上年营业收入 的值应为数值，实际为 “很多”")
    ]
    assert refused("规上 = 是 或 荣誉 > 1") == [
        Problem("any[1]", "条件 any[1]：荣誉（集合）不能用运算符 “>”，可用 contains")
    ]
