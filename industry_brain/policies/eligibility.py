"""The policies' one door to the rules language (``industry_brain.rules``): turn what a user
entered into a validated rule, show it as text and clause by clause; the facts
table the pipeline evaluates them over."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from industry_brain.rules.model import Clause, Rule, RuleError, nodes, to_data
from industry_brain.rules.validation import validate

if TYPE_CHECKING:
    pass

FACTS_TABLE = "rules.enterprise_facts"


@dataclass(frozen=True)
class ClauseLine:
    """A clause of a rule as the form shows it: its path, its text and how deep it sits."""

    path: str
    text: str
    depth: int


def rule_from_input(*, text: str | None, data: Mapping[str, Any] | None) -> Rule:
    """Return the validated rule of the text form (preferred) or of the JSON form.

    Raises:
        RuleError: naming each clause at fault (unknown fact, wrong type, bad operator).
    """
    from industry_brain.rules.text import parse

    if text is not None and text.strip():
        return parse(text)
    return validate(dict(data or {}))


def rule_json(rule: Rule) -> str:
    """Return the stored JSON of a rule."""
    return json.dumps(to_data(rule), ensure_ascii=False)


def load_rule(stored: str) -> Rule:
    """Return the rule of a stored policy (validated again against today's facts)."""
    return validate(json.loads(stored))


def rule_text(rule: Rule) -> str:
    """Return the text form of a rule (what the form's text box shows)."""
    from industry_brain.rules.text import to_text

    return to_text(rule)


def stored_text(stored: str) -> str:
    """Return the text form of a stored rule, or its JSON when it no longer validates."""
    try:
        return rule_text(load_rule(stored))
    except RuleError:
        return stored


def clause_lines(rule: Rule) -> list[ClauseLine]:
    """Return every node of the rule with its text, parents first (clause by clause)."""
    from industry_brain.rules.text import to_text

    lines = []
    for path, node in nodes(rule):
        depth = path.count(".") + (1 if path else 0)
        label = to_text(node) if isinstance(node, Clause) else _group_label(node)
        lines.append(ClauseLine(path=path, text=label, depth=depth))
    return lines


def _group_label(node: Rule) -> str:
    from industry_brain.rules.model import AllOf, AnyOf

    if isinstance(node, AllOf):
        return "同时满足以下全部条件（且）"
    if isinstance(node, AnyOf):
        return "满足以下任一条件（或）"
    return "不满足以下条件（非）"


def problems_of(error: RuleError) -> list[str]:
    """Return the messages of a refused rule, each naming its clause."""
    return [problem.message for problem in error.problems]
