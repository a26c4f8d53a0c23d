"""Rules-as-code: a small declarative language over named enterprise facts, three-valued.

The public surface: facts (``Fact``, ``all_facts``), the language (``validate``, ``parse``,
``to_text``, ``to_data``, ``Rule`` and its nodes, ``RuleError``/``Problem``), evaluation for one
enterprise (``evaluate`` → ``Outcome``) and in bulk in DuckDB (``evaluate_all``,
``evaluate_into``). See docs/rules.md.
"""

from industry_brain.rules.evaluate import ClauseOutcome, Outcome, evaluate
from industry_brain.rules.facts import Fact, all_facts
from industry_brain.rules.model import (
    AllOf,
    AnyOf,
    Clause,
    Not,
    Problem,
    Result,
    Rule,
    RuleError,
    facts_of,
    nodes,
    to_data,
)
from industry_brain.rules.sql import evaluate_all, evaluate_into
from industry_brain.rules.text import parse, to_text
from industry_brain.rules.validation import validate

__all__ = [
    "AllOf",
    "AnyOf",
    "Clause",
    "ClauseOutcome",
    "Fact",
    "Not",
    "Outcome",
    "Problem",
    "Result",
    "Rule",
    "RuleError",
    "all_facts",
    "evaluate",
    "evaluate_all",
    "evaluate_into",
    "facts_of",
    "nodes",
    "parse",
    "to_data",
    "to_text",
    "validate",
]
