"""Properties of the language that hold for every rule and enterprise (hypothesis)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from industry_brain.rules import (
    AllOf,
    AnyOf,
    Not,
    Result,
    Rule,
    evaluate,
    evaluate_all,
    evaluate_into,
    parse,
    to_data,
    to_text,
    validate,
)
from industry_brain.rules.sql import count_all, decode
from tests.rules.strategies import enterprises, rules
from tests.rules.support import FACTS, facts_table

MET, NOT_MET, UNKNOWN = Result.MET, Result.NOT_MET, Result.UNKNOWN
FLIP = {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}


def result(rule: Rule, facts: dict[str, Any]) -> Result:
    return evaluate(rule, facts).result


@given(rules(wild=True))
def test_text_round_trip(rule: Rule) -> None:
    assert parse(to_text(rule), facts=FACTS) == rule


@given(rules(wild=True))
def test_stored_json_round_trip(rule: Rule) -> None:
    assert validate(json.loads(json.dumps(to_data(rule))), facts=FACTS) == rule


@given(rules(), enterprises())
def test_not_flips_met_and_not_met_and_keeps_unknown(rule: Rule, facts: dict[str, Any]) -> None:
    assert result(Not(rule), facts) is FLIP[result(rule, facts)]
    assert result(Not(Not(rule)), facts) is result(rule, facts)


@given(rules(), rules(), enterprises())
def test_group_identities(first: Rule, second: Rule, facts: dict[str, Any]) -> None:
    one, two = result(first, facts), result(second, facts)
    assert result(AllOf((first,)), facts) is one
    assert result(AnyOf((first,)), facts) is one
    assert result(AllOf((first, second)), facts) is result(AllOf((second, first)), facts)
    assert result(AnyOf((first, second)), facts) is result(AnyOf((second, first)), facts)
    # De Morgan, which Kleene's logic keeps.
    assert result(Not(AllOf((first, second))), facts) is result(
        AnyOf((Not(first), Not(second))), facts
    )
    # A rule or its negation is never not met; a rule and its negation never met.
    assert result(AnyOf((first, Not(first))), facts) is not NOT_MET
    assert result(AllOf((first, Not(first))), facts) is not MET
    # Unknown only when no item decides the group.
    if NOT_MET in (one, two):
        assert result(AllOf((first, second)), facts) is NOT_MET
    if MET in (one, two):
        assert result(AnyOf((first, second)), facts) is MET


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rules(), min_size=1, max_size=4),
    st.lists(enterprises(), min_size=1, max_size=6),
)
def test_sql_and_python_agree(found: list[Rule], firms: list[dict[str, Any]]) -> None:
    firms = [firm | {"uscc": f"E{index}"} for index, firm in enumerate(firms)]
    keyed = {f"p{index}": rule for index, rule in enumerate(found)}
    con = facts_table(firms)
    rows = evaluate_all(con, keyed)
    assert len(rows) == len(found) * len(firms)
    evaluate_into(con, keyed, into="rules.results")
    coded = {(k, u): (r, c) for k, u, r, c in con.execute("SELECT * FROM rules.results").fetchall()}
    by_uscc = {firm["uscc"]: firm for firm in firms}
    expected_counts = {
        key: {r.value: [evaluate(rule, firm).result for firm in firms].count(r) for r in Result}
        for key, rule in keyed.items()
    }
    assert count_all(con, keyed) == expected_counts
    for key, uscc, outcome, clauses in rows:
        expected = evaluate(keyed[key], by_uscc[uscc])
        by_path = {c.path: c.result for c in expected.clauses}
        assert outcome == expected.result.value, (to_text(keyed[key]), by_uscc[uscc])
        assert json.loads(clauses) == {path: result.value for path, result in by_path.items()}
        assert coded[key, uscc] == (outcome, coded[key, uscc][1])
        assert decode(keyed[key], coded[key, uscc][1]) == by_path
