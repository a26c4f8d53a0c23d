"""Three-valued evaluation of a rule for one enterprise, with the reason for every clause.

A clause whose fact is missing (``None`` or absent) is unknown; groups combine by Kleene's
logic: ``all`` is not met if any item is not met, else unknown if any is unknown, else met;
``any`` the other way round; ``not`` swaps met and not met and keeps unknown. The SQL
compilation (``sql.py``) gives the same results, because SQL's NULL logic is Kleene's.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from industry_brain.rules.facts import HOME_REGION, HOME_WORDS, home_prefix, region_prefix
from industry_brain.rules.model import AllOf, Clause, Not, Result, Rule, nodes
from industry_brain.rules.text import to_text

MET, NOT_MET, UNKNOWN = Result.MET, Result.NOT_MET, Result.UNKNOWN
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True)
class ClauseOutcome:
    """The result of one node of the rule (``path`` as in ``model``), with its text and why."""

    path: str
    text: str
    result: Result
    reason: str


@dataclass(frozen=True)
class Outcome:
    """The rule's result and every node's, parents before children."""

    result: Result
    clauses: list[ClauseOutcome]


def evaluate(rule: Rule, facts: Mapping[str, Any], *, home_region: str | None = None) -> Outcome:
    """Evaluate a rule against one enterprise's facts (fact id → value; None = unknown).

    Args:
        rule: a validated rule.
        facts: the enterprise's facts, e.g. a row of ``ads_enterprise_facts``; a set fact is
            any collection of texts (or a text joined with “、”).
        home_region: the cluster's region code for “本市” and its kin; by default the
            ``home_region_code`` in ``facts``.

    Examples:
        >>> from industry_brain.rules.validation import validate
        >>> rule = validate({"fact": "employees", "op": ">=", "value": 50})
        >>> evaluate(rule, {"employees": 80}).result
        <Result.MET: 'met'>
    """
    home = home_region if home_region is not None else facts.get(HOME_REGION)
    results: dict[str, Result] = {}
    outcomes = []
    for path, node in reversed(list(nodes(rule))):
        result, reason = _node(node, path, facts, home, results)
        results[path] = result
        outcomes.append(ClauseOutcome(path, to_text(node), result, reason))
    return Outcome(results[""], outcomes[::-1])


def _node(
    node: Rule, path: str, facts: Mapping[str, Any], home: str | None, results: dict[str, Result]
) -> tuple[Result, str]:
    """Return a node's result and reason; its children's results are already in ``results``."""
    if isinstance(node, Clause):
        return _clause(node, facts.get(node.fact.id), home)
    if isinstance(node, Not):
        inner = results[f"{path}.not" if path else "not"]
        flipped = {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}[inner]
        return flipped, f"所否定的条件{inner.label}"
    key = "all" if isinstance(node, AllOf) else "any"
    children = [
        results[f"{path}.{key}[{i}]" if path else f"{key}[{i}]"] for i in range(len(node.items))
    ]
    return _group(isinstance(node, AllOf), children)


def _group(is_all: bool, children: list[Result]) -> tuple[Result, str]:
    counts = {result: children.count(result) for result in Result}
    deciding, other = (NOT_MET, MET) if is_all else (MET, NOT_MET)
    summary = "，".join(f"{counts[r]} 项{r.label}" for r in Result if counts[r])
    if counts[deciding]:
        return deciding, f"{len(children)} 项中 {summary}"
    if counts[UNKNOWN]:
        return UNKNOWN, f"{len(children)} 项中 {summary}，缺少数据无法判定"
    return other, f"{len(children)} 项{'全部' if is_all else '均'}{other.label}"


def _clause(clause: Clause, value: Any, home: str | None) -> tuple[Result, str]:
    fact = clause.fact
    if value is None:
        return UNKNOWN, f"缺少数据：{fact.label}"
    if fact.type == "set":
        members = {m for m in value.split("、") if m} if isinstance(value, str) else set(value)
        met = clause.value in members
        shown = "、".join(sorted(members)) or "无"
        return (MET if met else NOT_MET), f"{fact.label}为 {shown}"
    shown = f"{fact.label}为 {_shown(value, fact.unit)}"
    if fact.region and clause.op in ("in", "not_in"):
        result = _region_in(clause, str(value), home)
        if result is UNKNOWN:
            return result, f"{shown}；未设置本集群所在区划，无法判断是否在本地"
        return result, shown
    return (MET if _compare(clause, value) else NOT_MET), shown


def _region_in(clause: Clause, code: str, home: str | None) -> Result:
    """Containment in any of the regions, by Kleene's “or”: “本市” with no cluster region
    configured is unknown unless another region already contains the code."""
    assert isinstance(clause.value, tuple)
    found: set[bool | None] = set()
    for item in clause.value:
        prefix = home_prefix(item, home) if item in HOME_WORDS else region_prefix(str(item))
        found.add(None if prefix is None else code.startswith(prefix))
    inside = True if True in found else None if None in found else False
    if inside is None:
        return UNKNOWN
    return MET if inside == (clause.op == "in") else NOT_MET


def _compare(clause: Clause, value: Any) -> bool:
    op, target = clause.op, clause.value
    if op in ("in", "not_in"):
        assert isinstance(target, tuple)
        return (value in target) if op == "in" else (value not in target)
    if op == "prefix":
        return str(value).startswith(str(target))
    return bool(COMPARE[op](value, target))


def _shown(value: Any, unit: str) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit if unit == '%' else (' ' + unit if unit else '')}"
