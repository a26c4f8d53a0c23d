"""The serving DB's compilation of rules (``rules.serving``) agrees with the Python evaluation
for every rule and enterprise (hypothesis), on SQLite: met, not met and unknown alike."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

from industry_brain.rules import Rule, evaluate, parse, to_text
from industry_brain.rules.serving import count_results, facts_table, result_filter, rule_filter
from tests.rules.strategies import enterprises, rules

HOME = "320400"


def _published(firms: list[dict[str, Any]]) -> Session:
    """Return a session on an in-memory SQLite holding the firms as the rules step publishes."""
    engine = create_engine("sqlite://")
    table = facts_table()
    table.metadata.create_all(engine)
    rows = []
    for firm in firms:
        row = {column.name: firm.get(column.name) for column in table.columns}
        if isinstance(row["honors"], list):
            row["honors"] = "、".join(row["honors"])
        rows.append(row)
    session = Session(engine)
    session.execute(insert(table), rows)
    return session


def _listed(session: Session, rule: Rule) -> dict[str, str]:
    table = facts_table()
    expression = rule_filter(rule, table, HOME)
    found = {}
    for result in ("met", "not_met", "unknown"):
        query = select(table.c.uscc).where(result_filter(expression, result))
        found.update((uscc, result) for uscc in session.scalars(query))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules(wild=True), st.lists(enterprises(), min_size=1, max_size=6))
def test_serving_sql_and_python_agree(rule: Rule, firms: list[dict[str, Any]]) -> None:
    firms = [firm | {"uscc": f"E{i}", "home_region_code": HOME} for i, firm in enumerate(firms)]
    with _published(firms) as session:
        listed = _listed(session, rule)
        counts = count_results(session, rule)
    expected = {firm["uscc"]: evaluate(rule, firm).result.value for firm in firms}
    assert listed == expected, to_text(rule)
    assert counts == {r: list(expected.values()).count(r) for r in ("met", "not_met", "unknown")}


def test_like_wildcards_and_case_are_taken_literally() -> None:
    firms = [
        {"uscc": "A", "honors": ["专精特新"], "industry_code": "C3562"},
        {"uscc": "B", "honors": ["专精_新"], "industry_code": "c3562"},
        {"uscc": "C", "honors": [], "industry_code": None},
        {"uscc": "D", "honors": None, "industry_code": "C35"},
    ]
    with _published(firms) as session:
        assert _listed(session, parse('荣誉 包含 "专精_新"')) == {
            "A": "not_met", "B": "met", "C": "not_met", "D": "unknown"
        }  # fmt: skip
        assert _listed(session, parse('行业代码 前缀 "C35"')) == {
            "A": "met", "B": "not_met", "C": "unknown", "D": "met"
        }  # fmt: skip
        assert count_results(session, parse('荣誉 包含 "专精%"')) == {
            "met": 0, "not_met": 3, "unknown": 1
        }  # fmt: skip
