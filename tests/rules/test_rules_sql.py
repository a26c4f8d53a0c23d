"""Bulk evaluation into a lake table: whole replacement, one changed policy, decoded clauses."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pytest

from industry_brain.rules import Problem, RuleError, evaluate_all, evaluate_into, parse, validate
from industry_brain.rules.sql import decode
from tests.rules.support import FACTS, HOME, facts_table

FIRMS: list[dict[str, Any]] = [
    {"uscc": "A", "revenue_last_year": 2500.0, "honors": ["专精特新"], "region_code": "320412",
     "home_region_code": HOME},
    {"uscc": "B", "revenue_last_year": 900.0, "honors": [], "region_code": "440305",
     "home_region_code": HOME},
    {"uscc": "C", "honors": ["专精特新"], "region_code": "320411", "home_region_code": HOME},
]  # fmt: skip
RULES = {
    "big": parse("上年营业收入 >= 2000 万元 且 注册地 在 本市", facts=FACTS),
    "zjtx": parse("荣誉 包含 专精特新 或 非 上年营业收入 < 1000", facts=FACTS),
}


def table(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute("SELECT * FROM rules.results ORDER BY key, uscc").fetchall()


def test_full_evaluation_then_one_changed_policy() -> None:
    con = facts_table(FIRMS)
    assert evaluate_into(con, RULES, into="rules.results", replace=True) == 6
    assert [(k, u, r) for k, u, r, _ in table(con)] == [
        ("big", "A", "met"),
        ("big", "B", "not_met"),
        ("big", "C", "unknown"),
        ("zjtx", "A", "met"),
        ("zjtx", "B", "not_met"),
        ("zjtx", "C", "met"),
    ]
    changed = {"big": parse("注册地 不在 本市", facts=FACTS)}
    assert evaluate_into(con, changed, into="rules.results") == 3
    assert [(k, u, r) for k, u, r, _ in table(con)][:3] == [
        ("big", "A", "not_met"),
        ("big", "B", "met"),
        ("big", "C", "not_met"),
    ]
    assert [row[2] for row in table(con)][3:] == ["met", "not_met", "met"]  # others kept
    assert evaluate_into(con, {}, into="rules.results", replace=True) == 0
    assert table(con) == []


def test_coded_clauses_decode_to_the_json_of_evaluate_all() -> None:
    con = facts_table(FIRMS)
    evaluate_into(con, RULES, into="rules.results", replace=True)
    coded = {(key, uscc): code for key, uscc, _, code in table(con)}
    for key, uscc, _, clauses in evaluate_all(con, RULES):
        decoded = {
            path: result.value for path, result in decode(RULES[key], coded[key, uscc]).items()
        }
        assert decoded == json.loads(clauses)
    # C: revenue unknown, region in the city → the first item unknown, the second met.
    assert decode(RULES["big"], coded["big", "C"]) == {
        "": "unknown", "all[0]": "unknown", "all[1]": "met",
    }  # fmt: skip


def test_another_facts_table_and_no_rules() -> None:
    con = facts_table(FIRMS[:1], table="bench.facts")
    assert evaluate_all(con, RULES, table="bench.facts") == [
        ("big", "A", "met", '{"":"met","all[0]":"met","all[1]":"met"}'),
        ("zjtx", "A", "met", '{"":"met","any[0]":"met","any[1]":"met","any[1].not":"not_met"}'),
    ]
    assert evaluate_all(con, {}) == []


def test_quotes_in_values_are_escaped_in_sql() -> None:
    con = facts_table([{"uscc": "Q", "status": "it's"}])
    rule = parse('登记状态 = "it\'s"', facts=FACTS)
    assert evaluate_all(con, {"o'key": rule}) == [("o'key", "Q", "met", '{"":"met"}')]


def test_the_largest_rule_fits_the_code_and_one_more_node_is_refused() -> None:
    clause = {"fact": "employees", "op": ">", "value": 1}
    largest = validate({"all": [clause] * 38}, facts=FACTS)
    con = facts_table([{"uscc": "Z", "employees": None}])
    evaluate_into(con, {"x": largest}, into="rules.results")
    [(_, _, result, code)] = table(con)
    assert (result, code) == ("unknown", 3**39 - 1)  # every digit 2: unknown
    with pytest.raises(RuleError) as raised:
        validate({"all": [clause] * 39}, facts=FACTS)
    assert raised.value.problems == [Problem("", "规则：共 40 个条件与条件组，最多 39 个")]
