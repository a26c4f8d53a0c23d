"""A validated rule: a tree of groups (全部 / 任一 / 非) over clauses ``fact op value``.

Rules are immutable and compare by value; ``to_data`` gives the stored JSON form, which
``validate`` turns back into the same rule. Paths name a node of the tree the way messages and
results do: ``""`` is the root, ``all[1]`` the second item of the root's ``all``, and
``all[1].not`` what that item negates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from industry_brain.rules.facts import Fact

OPS = ("=", "!=", ">", ">=", "<", "<=", "in", "not_in", "contains", "prefix")
# Which operators each type of fact takes.
OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "number": ("=", "!=", ">", ">=", "<", "<=", "in", "not_in"),
    "text": ("=", "!=", "in", "not_in", "prefix"),
    "bool": ("=", "!="),
    "set": ("contains",),
}
LIST_OPS = ("in", "not_in")
# Clauses and groups in one rule, at most (their results are coded in a 64-bit integer).
MAX_NODES = 39

Value = int | float | str | bool | tuple[int | float | str, ...]


class Result(StrEnum):
    """A three-valued result: met, not met, or unknown because data is missing."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The Chinese word for it."""
        return {"met": "符合", "not_met": "不符合", "unknown": "待补充数据"}[self.value]


@dataclass(frozen=True)
class Clause:
    """``fact op value``; ``value`` is a tuple for ``in`` / ``not_in``."""

    fact: Fact
    op: str
    value: Value


@dataclass(frozen=True)
class AllOf:
    """Met when every item is met (且)."""

    items: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf:
    """Met when some item is met (或)."""

    items: tuple[Rule, ...]


@dataclass(frozen=True)
class Not:
    """Met when its item is not met (非); unknown stays unknown."""

    item: Rule


Rule = Clause | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Problem:
    """What is wrong with a rule, at ``path`` (see the module docstring)."""

    path: str
    message: str


class RuleError(ValueError):
    """A rule that cannot be saved; ``problems`` names each clause at fault, in Chinese."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(problem.message for problem in problems))


def child_path(path: str, step: str) -> str:
    """Return the path of a child (``step`` is ``all[0]``, ``any[2]`` or ``not``)."""
    return f"{path}.{step}" if path else step


def nodes(rule: Rule, path: str = "") -> Iterator[tuple[str, Rule]]:
    """Yield every node with its path, parents before children (the order of results)."""
    yield path, rule
    if isinstance(rule, Not):
        yield from nodes(rule.item, child_path(path, "not"))
    elif isinstance(rule, AllOf | AnyOf):
        key = "all" if isinstance(rule, AllOf) else "any"
        for index, item in enumerate(rule.items):
            yield from nodes(item, child_path(path, f"{key}[{index}]"))


def facts_of(rule: Rule) -> set[str]:
    """Return the ids of the facts a rule reads."""
    return {node.fact.id for _, node in nodes(rule) if isinstance(node, Clause)}


def to_data(rule: Rule) -> dict[str, Any]:
    """Return the stored JSON form of a rule."""
    if isinstance(rule, Clause):
        value = list(rule.value) if isinstance(rule.value, tuple) else rule.value
        return {"fact": rule.fact.id, "op": rule.op, "value": value}
    if isinstance(rule, Not):
        return {"not": to_data(rule.item)}
    key = "all" if isinstance(rule, AllOf) else "any"
    return {key: [to_data(item) for item in rule.items]}
