"""Clause-by-clause reasons of an enterprise's result for a policy: the rules' Python
evaluation over its published facts (“上年营业收入为 1800 万元”, “缺少数据：研发投入占比”),
for the few enterprises a page shows. The counts and lists come from the same rule compiled
to SQL (``industry_brain.rules.serving``), which agrees with it (tests/rules)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from industry_brain.policies.schemas import ClauseOut
from industry_brain.rules.evaluate import evaluate
from industry_brain.rules.model import Clause, Rule, nodes


def explain(rule: Rule, facts: Mapping[str, Any] | None) -> tuple[str, list[ClauseOut]]:
    """Return the enterprise's result and every node of the rule with its result and reason,
    parents first; without published facts every clause is unknown for want of data."""
    outcome = evaluate(rule, facts or {})
    leaves = {path for path, node in nodes(rule) if isinstance(node, Clause)}
    lines = [
        ClauseOut(path=c.path, text=c.text, result=c.result.value, reason=c.reason,
                  depth=c.path.count(".") + 1 if c.path else 0, leaf=c.path in leaves)
        for c in outcome.clauses
    ]  # fmt: skip
    return outcome.result.value, lines


def first_failed(clauses: list[ClauseOut]) -> str | None:
    """Return the first clause (not group) not met, with its reason; None when there is none."""
    for clause in clauses:
        if clause.leaf and clause.result == "not_met":
            return f"{clause.text}（{clause.reason}）" if clause.reason else clause.text
    return None
