"""Three-valued evaluation, each operator and fact type, in Python and in SQL alike.

``check`` evaluates a rule for one enterprise both ways and asserts they agree, so every
case below pins the SQL compilation too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from industry_brain.rules import ClauseOutcome, Result, Rule, evaluate, evaluate_all, parse
from tests.rules.support import FACTS, HOME, facts_table

MET, NOT_MET, UNKNOWN = Result.MET, Result.NOT_MET, Result.UNKNOWN
ACME: dict[str, Any] = {
    "uscc": "A",
    "revenue_last_year": 2500.0,
    "tax_last_year": None,
    "employees": 80.0,
    "rd_ratio_last_year": 3.0,
    "region_code": "320412",
    "industry_code": "3612",
    "honors": ["专精特新", "高新技术企业"],
    "age_years": 9.0,
    "status": "存续",
    "above_scale": True,
    "revenue_growth_3y": None,
    "invention_patents": 0.0,
    "home_region_code": HOME,
}


def check(text: str, facts: dict[str, Any] | None = None) -> Result:
    """Return the rule's result for ``facts`` (ACME by default), asserting SQL agrees."""
    row = ACME if facts is None else facts
    rule = parse(text, facts=FACTS)
    outcome = evaluate(rule, row)
    [(key, uscc, result, clauses)] = evaluate_all(facts_table([row]), {"p": rule})
    assert (key, uscc, result) == ("p", row["uscc"], outcome.result.value)
    assert json.loads(clauses) == {c.path: c.result.value for c in outcome.clauses}
    return outcome.result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上年营业收入 = 2500", MET),
        ("上年营业收入 != 2500", NOT_MET),
        ("上年营业收入 > 2500", NOT_MET),
        ("上年营业收入 >= 2500", MET),
        ("上年营业收入 < 2500.5", MET),
        ("上年营业收入 <= 2499.99", NOT_MET),
        ("从业人数 在 [50, 80]", MET),
        ("从业人数 不在 [50, 80]", NOT_MET),
        ("研发投入占比 >= 3%", MET),
        ("研发投入占比 > 3%", NOT_MET),
        ('行业代码 = "3612"', MET),
        ('行业代码 != "3612"', NOT_MET),
        ("行业代码 以 36 开头", MET),
        ("行业代码 以 361 开头", MET),
        ("行业代码 以 38 开头", NOT_MET),
        ('行业代码 在 ["3841", "3612"]', MET),
        ('行业代码 不在 ["3841", "3612"]', NOT_MET),
        ("规上 = 是", MET),
        ("规上 != 是", NOT_MET),
        ("荣誉 包含 专精特新", MET),
        ("荣誉 包含 高新技术企业", MET),
        ('荣誉 包含 "专精特新“小巨人”"', NOT_MET),
        ("发明专利数 >= 1", NOT_MET),
        ("发明专利数 = 0", MET),
        ('登记状态 = "存续"', MET),
        ("成立年限 >= 10", NOT_MET),
    ],
)
def test_each_operator(text: str, expected: Result) -> None:
    assert check(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('注册地 = "320412"', MET),
        ('注册地 在 "320400"', MET),  # 常州市 contains 武进区
        ('注册地 在 "3204"', MET),
        ('注册地 在 "320000"', MET),  # 江苏省
        ('注册地 在 "320411"', NOT_MET),
        ('注册地 在 ["440300", "320412"]', MET),
        ('注册地 不在 "440300"', MET),
        ("注册地 在 本市", MET),
        ("注册地 在 本省", MET),
        # The cluster's region is a whole city: no narrower than itself.
        ("注册地 在 本区县", MET),
        ("注册地 不在 本市", NOT_MET),
        ('注册地 前缀 "3204"', MET),
    ],
)
def test_region_containment_and_the_home_words(text: str, expected: Result) -> None:
    assert check(text) is expected


def test_home_words_follow_the_cluster_region() -> None:
    shenzhen = ACME | {"uscc": "B", "region_code": "440305", "home_region_code": "440305"}
    assert check("注册地 在 本区县", shenzhen) is MET
    assert check("注册地 在 本市", ACME | {"region_code": "440305"}) is NOT_MET
    assert check("注册地 在 本省", ACME | {"region_code": "321002"}) is MET


def test_home_words_without_a_cluster_region_are_unknown_unless_decided_otherwise() -> None:
    nowhere = ACME | {"home_region_code": None}
    assert check("注册地 在 本市", nowhere) is UNKNOWN
    assert check('注册地 在 [本市, "320412"]', nowhere) is MET
    assert check("注册地 不在 本市", nowhere) is UNKNOWN
    rule = parse("注册地 在 本市", facts=FACTS)
    assert evaluate(rule, nowhere).clauses[0].reason == (
        "注册地为 320412；未设置本集群所在区划，无法判断是否在本地"
    )
    assert evaluate(rule, nowhere, home_region="320400").result is MET


@pytest.mark.parametrize(
    "text",
    [
        "上年税收 >= 0",
        "上年税收 < 0",
        "上年税收 在 [1]",
        "上年税收 不在 [1]",
        "近三年营业收入年均增速 > 10%",
    ],
)
def test_a_missing_fact_is_unknown_whatever_the_operator(text: str) -> None:
    assert check(text) is UNKNOWN


@pytest.mark.parametrize(
    "fact", ["region_code", "industry_code", "honors", "above_scale", "status"]
)
def test_missing_facts_of_every_type_are_unknown(fact: str) -> None:
    text = {
        "region_code": "注册地 在 本市",
        "industry_code": "行业代码 以 36 开头",
        "honors": "荣誉 包含 专精特新",
        "above_scale": "规上 = 否",
        "status": '登记状态 != "注销"',
    }[fact]
    assert check(text, ACME | {fact: None}) is UNKNOWN
    assert check(f"非 ({text})", ACME | {fact: None}) is UNKNOWN


def test_an_empty_honor_set_is_known() -> None:
    assert check("荣誉 包含 专精特新", ACME | {"honors": []}) is NOT_MET
    assert check("非 荣誉 包含 专精特新", ACME | {"honors": []}) is MET


# Kleene's truth table: rows are the first item, columns the second.
TABLE = {
    ("all", MET): {MET: MET, NOT_MET: NOT_MET, UNKNOWN: UNKNOWN},
    ("all", NOT_MET): {MET: NOT_MET, NOT_MET: NOT_MET, UNKNOWN: NOT_MET},
    ("all", UNKNOWN): {MET: UNKNOWN, NOT_MET: NOT_MET, UNKNOWN: UNKNOWN},
    ("any", MET): {MET: MET, NOT_MET: MET, UNKNOWN: MET},
    ("any", NOT_MET): {MET: MET, NOT_MET: NOT_MET, UNKNOWN: UNKNOWN},
    ("any", UNKNOWN): {MET: MET, NOT_MET: UNKNOWN, UNKNOWN: UNKNOWN},
}
CLAUSE_OF = {MET: "规上 = 是", NOT_MET: "成立年限 >= 10", UNKNOWN: "上年税收 > 0"}


@pytest.mark.parametrize(("group", "first", "second"), [
    (group, first, second) for group in ("all", "any") for first in Result for second in Result
])  # fmt: skip
def test_the_truth_table(group: str, first: Result, second: Result) -> None:
    word = " 且 " if group == "all" else " 或 "
    assert check(CLAUSE_OF[first] + word + CLAUSE_OF[second]) is TABLE[group, first][second]


def test_not_flips_met_and_keeps_unknown() -> None:
    assert [check(f"非 {CLAUSE_OF[result]}") for result in Result] == [NOT_MET, MET, UNKNOWN]


def test_reasons_for_every_clause_parents_first() -> None:
    rule: Rule = parse(
        "上年营业收入 >= 2000 万元 且 (荣誉 包含 专精特新 或 上年税收 > 100) 且 非 规上 = 否",
        facts=FACTS,
    )
    outcome = evaluate(rule, ACME)
    assert outcome.result is MET
    assert outcome.clauses == [
        ClauseOutcome(
            "",
            '上年营业收入 >= 2000 万元 且 (荣誉 包含 "专精特新" 或 上年税收 > 100 万元)'
            " 且 非 规上 = 否",
            MET,
            "3 项全部符合",
        ),
        ClauseOutcome("all[0]", "上年营业收入 >= 2000 万元", MET, "上年营业收入为 2500 万元"),
        ClauseOutcome(
            "all[1]",
            '荣誉 包含 "专精特新" 或 上年税收 > 100 万元',
            MET,
            "2 项中 1 项符合，1 项待补充数据",
        ),
        ClauseOutcome(
            "all[1].any[0]", '荣誉 包含 "专精特新"', MET, "荣誉为 专精特新、高新技术企业"
        ),
        ClauseOutcome("all[1].any[1]", "上年税收 > 100 万元", UNKNOWN, "缺少数据：上年税收"),
        ClauseOutcome("all[2]", "非 规上 = 否", MET, "所否定的条件不符合"),
        ClauseOutcome("all[2].not", "规上 = 否", NOT_MET, "规上为 是"),
    ]


def test_unknown_group_reason_says_data_is_missing() -> None:
    outcome = evaluate(parse("规上 = 是 且 上年税收 > 100", facts=FACTS), ACME)
    assert (outcome.result, outcome.clauses[0].reason) == (
        UNKNOWN,
        "2 项中 1 项符合，1 项待补充数据，缺少数据无法判定",
    )


def test_a_published_row_reads_sets_joined_and_missing_keys_as_unknown() -> None:
    rule = parse("荣誉 包含 专精特新 且 研发投入占比 >= 3%", facts=FACTS)
    assert (
        evaluate(rule, {"honors": "高新技术企业、专精特新", "rd_ratio_last_year": 3.2}).result
        is MET
    )
    assert evaluate(rule, {"honors": ""}).result is NOT_MET
    assert evaluate(rule, {"honors": "专精特新"}).result is UNKNOWN
