"""Clause-by-clause reasons of stored results.

The bulk SQL stores each enterprise's result of every node of the rule (``{path: result}``);
the reasons (“上年营业收入为 1800 万元”, “缺少数据：研发投入占比”) are given on the pages by the
rules' Python evaluation over the same published facts, for the few enterprises shown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from industry_brain.policies.schemas import ClauseOut
from industry_brain.rules.evaluate import evaluate
from industry_brain.rules.model import Clause, Rule, nodes
from industry_brain.rules.text import to_text


def stored_results(stored: str) -> dict[str, str]:
    """Return the stored result of each node by path (older list form accepted)."""
    data = json.loads(stored)
    if isinstance(data, list):
        return {str(item["path"]): str(item["result"]) for item in data}
    return {str(path): str(result) for path, result in data.items()}


def explain(rule: Rule, stored: str, facts: Mapping[str, Any] | None) -> list[ClauseOut]:
    """Return every node of the rule with its stored result and the reason, parents first."""
    results = stored_results(stored)
    reasons: dict[str, str] = {}
    if facts is not None:
        reasons = {c.path: c.reason for c in evaluate(rule, facts).clauses}
    lines = []
    for path, node in nodes(rule):
        result = results.get(path, "unknown")
        reason = reasons.get(path, "")
        if not reason and isinstance(node, Clause) and result == "unknown":
            reason = f"缺少数据：{node.fact.label}"
        depth = path.count(".") + 1 if path else 0
        lines.append(ClauseOut(path=path, text=to_text(node), result=result, reason=reason,
                               depth=depth, leaf=isinstance(node, Clause)))  # fmt: skip
    return lines


def first_failed(clauses: list[ClauseOut]) -> str | None:
    """Return the first clause (not group) not met, with its reason; None when there is none."""
    for clause in clauses:
        if clause.leaf and clause.result == "not_met":
            return f"{clause.text}（{clause.reason}）" if clause.reason else clause.text
    return None
