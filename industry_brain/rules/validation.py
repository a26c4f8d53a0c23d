"""Validate a rule's stored JSON form into a ``Rule``, collecting every problem with its path.

Nothing is half-accepted: either the whole rule is valid, or ``RuleError`` lists each clause at
fault (unknown fact, operator the fact's type does not take, value of the wrong type, empty
group …) with a Chinese message that names it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from industry_brain.rules.facts import HOME_WORDS, TYPE_LABELS, Fact, all_facts
from industry_brain.rules.model import (
    LIST_OPS,
    MAX_NODES,
    OPS,
    OPS_BY_TYPE,
    AllOf,
    AnyOf,
    Clause,
    Not,
    Problem,
    Rule,
    RuleError,
    Value,
    child_path,
    nodes,
)

GROUP_KEYS = ("all", "any", "not")
CLAUSE_KEYS = {"fact", "op", "value"}
REGION_CODE = re.compile(r"\d{2}|\d{4}|\d{6}")


def where(path: str) -> str:
    """Name a node for a message: “规则” for the root, else “条件 all[1]”."""
    return f"条件 {path}" if path else "规则"


def validate(data: Any, *, facts: Mapping[str, Fact] | None = None) -> Rule:
    """Return the rule stored as ``data`` (JSON form), or raise ``RuleError``.

    Args:
        data: ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": X}`` or a clause
            ``{"fact": id, "op": op, "value": v}``.
        facts: the facts rules may name; all registered facts when omitted.

    Raises:
        RuleError: with one ``Problem(path, message)`` per fault.

    Examples:
        >>> validate({"fact": "revenue_last_year", "op": ">=", "value": 2000}).op
        '>='
    """
    problems: list[Problem] = []
    rule = _node(data, "", facts if facts is not None else all_facts(), problems)
    if problems or rule is None:
        raise RuleError(problems or [Problem("", "规则为空")])
    count = sum(1 for _ in nodes(rule))
    if count > MAX_NODES:
        raise RuleError([Problem("", f"规则：共 {count} 个条件与条件组，最多 {MAX_NODES} 个")])
    return rule


def _node(data: Any, path: str, facts: Mapping[str, Fact], problems: list[Problem]) -> Rule | None:
    if not isinstance(data, dict):
        problems.append(Problem(path, f"{where(path)}：应为条件或条件组（JSON 对象）"))
        return None
    groups = [key for key in GROUP_KEYS if key in data]
    if groups and (len(data) != 1):
        problems.append(Problem(path, f"{where(path)}：条件组只能有 all、any 或 not 其中一个键"))
        return None
    if not groups:
        return _clause(data, path, facts, problems)
    key = groups[0]
    if key == "not":
        item = _node(data["not"], child_path(path, "not"), facts, problems)
        return Not(item) if item is not None else None
    return _group(key, data[key], path, facts, problems)


def _group(
    key: str, items: Any, path: str, facts: Mapping[str, Fact], problems: list[Problem]
) -> Rule | None:
    word = "全部满足（all）" if key == "all" else "任一满足（any）"
    if not isinstance(items, list) or not items:
        problems.append(Problem(path, f"{where(path)}：{word}条件组不能为空"))
        return None
    found = [
        _node(item, child_path(path, f"{key}[{index}]"), facts, problems)
        for index, item in enumerate(items)
    ]
    children = tuple(item for item in found if item is not None)
    if len(children) != len(found):
        return None
    return AllOf(children) if key == "all" else AnyOf(children)


def _clause(
    data: dict[str, Any], path: str, facts: Mapping[str, Fact], problems: list[Problem]
) -> Clause | None:
    missing = sorted(CLAUSE_KEYS - data.keys())
    extra = sorted(data.keys() - CLAUSE_KEYS)
    if missing or extra:
        what = "缺少 " + "、".join(missing) if missing else "多余的键 " + "、".join(extra)
        problems.append(Problem(path, f"{where(path)}：条件应有 fact、op、value，{what}"))
        return None
    fact = facts.get(data["fact"]) if isinstance(data["fact"], str) else None
    if fact is None:
        problems.append(Problem(path, f"{where(path)}：未知的事实 “{data['fact']}”"))
        return None
    op = data["op"]
    if op not in OPS or op not in OPS_BY_TYPE[fact.type]:
        allowed = " ".join(OPS_BY_TYPE[fact.type])
        problems.append(
            Problem(
                path,
                f"{where(path)}：{fact.label}（{TYPE_LABELS[fact.type]}）不能用运算符 “{op}”，"
                f"可用 {allowed}",
            )
        )
        return None
    value = _value(fact, op, data["value"], path, problems)
    return Clause(fact, op, value) if value is not None else None


def _value(fact: Fact, op: str, raw: Any, path: str, problems: list[Problem]) -> Value | None:
    if op in LIST_OPS:
        if not isinstance(raw, list) or not raw:
            problems.append(Problem(path, f"{where(path)}：{fact.label} {op} 的值应为非空列表"))
            return None
        items = [_scalar(fact, op, item, path, problems) for item in raw]
        if any(item is None for item in items):
            return None
        return tuple(item for item in items if item is not None and not isinstance(item, bool))
    return _scalar(fact, op, raw, path, problems)


def _scalar(
    fact: Fact, op: str, raw: Any, path: str, problems: list[Problem]
) -> int | float | str | bool | None:
    expected = {"number": "数值", "text": "文本", "bool": "是或否", "set": "文本"}[fact.type]
    ok = {
        "number": isinstance(raw, int | float) and not isinstance(raw, bool),
        "text": isinstance(raw, str),
        "bool": isinstance(raw, bool),
        "set": isinstance(raw, str),
    }[fact.type]
    if ok and isinstance(raw, float) and not math.isfinite(raw):
        ok = False
    if ok and isinstance(raw, str) and not raw.strip():
        problems.append(Problem(path, f"{where(path)}：{fact.label} 的值不能为空"))
        return None
    if ok and fact.region and isinstance(raw, str):
        return _region_value(fact, op, raw, path, problems)
    if not ok:
        shown = "空值" if raw is None else f"“{raw}”"
        problems.append(
            Problem(path, f"{where(path)}：{fact.label} 的值应为{expected}，实际为 {shown}")
        )
        return None
    return raw  # type: ignore[no-any-return]  # checked by type above


def _region_value(fact: Fact, op: str, raw: str, path: str, problems: list[Problem]) -> str | None:
    """Accept a region code (2, 4 or 6 digits) or, with in / not_in, “本市” and its kin."""
    if op in LIST_OPS and raw in HOME_WORDS:
        return raw
    if op == "prefix" and raw.isdigit() and len(raw) <= 6:
        return raw
    if REGION_CODE.fullmatch(raw) and (op in LIST_OPS or len(raw) == 6):
        return raw
    words = "、".join(HOME_WORDS)
    problems.append(
        Problem(
            path,
            f"{where(path)}：{fact.label} 的值 “{raw}” 应为"
            + (
                f"行政区划代码（2、4 或 6 位数字）或 {words}"
                if op in LIST_OPS
                else " 6 位行政区划代码"
            ),
        )
    )
    return None
