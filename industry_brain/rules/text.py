"""The text form of rules, in Chinese, and its round trip with ``Rule``.

Grammar (``非`` binds tighter than ``且``, which binds tighter than ``或``)::

    rule    := and ("或" and)*
    and     := unary ("且" unary)*
    unary   := "非" unary | "(" rule ")" | ("全部" | "任一") "(" rule ")" | clause
    clause  := FACT op value
    op      := = != > >= < <= ≥ ≤ ≠ | 在 | 不在 | 包含 | 前缀 | 以 value 开头
    value   := "text" | number [unit] | word | 是 | 否 | "[" value ("," value)* "]"

``FACT`` is a fact's label (上年营业收入) or id; a number may carry the fact's unit (2000 万元,
3%). ``全部(x)`` / ``任一(x)`` write a group of one item. ``parse`` checks the syntax, then hands
the JSON form to ``validate`` (unknown facts, types, ops); ``parse(to_text(rule)) == rule``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from industry_brain.rules.facts import HOME_WORDS, Fact, all_facts
from industry_brain.rules.lexer import Token, quote, syntax_error, tokenize
from industry_brain.rules.model import LIST_OPS, AllOf, AnyOf, Clause, Not, Rule
from industry_brain.rules.validation import validate

WORD_OPS = {"在": "in", "不在": "not_in", "包含": "contains", "前缀": "prefix"}
TEXT_OPS = {"in": "在", "not_in": "不在", "contains": "包含", "prefix": "前缀"}
BOOLS = {"是": True, "否": False, "真": True, "假": False, "true": True, "false": False}
# Units a number may be written with; any but the fact's own is refused.
UNITS = ("元", "万元", "亿元", "%", "％", "人", "年", "件", "个", "家", "月")
NUMBER = re.compile(r"(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(.*)")


def parse(text: str, *, facts: Mapping[str, Fact] | None = None) -> Rule:
    """Return the rule written as ``text``, or raise ``RuleError`` naming what is wrong.

    Examples:
        >>> rule = parse('上年营业收入 >= 2000 万元 且 荣誉 包含 "专精特新"')
        >>> to_text(rule)
        '上年营业收入 >= 2000 万元 且 荣誉 包含 "专精特新"'
    """
    registry = facts if facts is not None else all_facts()
    parser = _Parser(tokenize(text), registry, len(text))
    data = parser.rule()
    if parser.at < len(parser.tokens):
        raise syntax_error(parser.peek().at, f"多余的 “{parser.peek().value}”")
    return validate(data, facts=registry)


class _Parser:
    def __init__(self, tokens: list[Token], facts: Mapping[str, Fact], end: int) -> None:
        self.tokens, self.at, self.end = tokens, 0, end
        self.by_name = {fact.label: fact for fact in facts.values()} | dict(facts)

    def peek(self) -> Token:
        if self.at >= len(self.tokens):
            return Token("end", "", self.end)
        return self.tokens[self.at]

    def take(self, kind: str, value: str | None = None, what: str = "") -> Token:
        token = self.peek()
        if token.kind != kind or (value is not None and token.value != value):
            shown = f"“{token.value}”" if token.kind != "end" else "结尾"
            raise syntax_error(token.at, f"应为{what or value or kind}，实际为{shown}")
        self.at += 1
        return token

    def is_word(self, *words: str) -> bool:
        return self.peek().kind == "word" and self.peek().value in words

    def rule(self) -> dict[str, Any]:
        items = [self.conjunction()]
        while self.is_word("或"):
            self.at += 1
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else {"any": items}

    def conjunction(self) -> dict[str, Any]:
        items = [self.unary()]
        while self.is_word("且"):
            self.at += 1
            items.append(self.unary())
        return items[0] if len(items) == 1 else {"all": items}

    def unary(self) -> dict[str, Any]:
        if self.is_word("非"):
            self.at += 1
            return {"not": self.unary()}
        if self.is_word("全部", "任一"):
            key = "all" if self.take("word").value == "全部" else "any"
            return {key: [self.bracketed()]}
        if self.peek().kind == "open":
            return self.bracketed()
        return self.clause()

    def bracketed(self) -> dict[str, Any]:
        self.take("open", what="左括号")
        inner = self.rule()
        self.take("close", what="右括号")
        return inner

    def clause(self) -> dict[str, Any]:
        name = self.take("word", what="事实名称")
        fact = self.by_name.get(name.value)
        if fact is None:
            raise syntax_error(name.at, f"未知的事实 “{name.value}”")
        op = self.operator()
        value = self.value_list(fact) if op in LIST_OPS else self.value(fact)
        if op == "prefix_words":
            self.take("word", "开头")
            op = "prefix"
        return {"fact": fact.id, "op": op, "value": value}

    def operator(self) -> str:
        token = self.peek()
        if token.kind == "op":
            self.at += 1
            return token.value
        if token.kind == "word" and token.value in WORD_OPS:
            self.at += 1
            return WORD_OPS[token.value]
        if token.kind == "word" and token.value == "以":
            self.at += 1
            return "prefix_words"
        raise syntax_error(token.at, f"应为运算符（= > >= 在 包含 前缀 …），实际为 “{token.value}”")

    def value_list(self, fact: Fact) -> Any:
        if self.peek().kind != "open":
            return [self.value(fact)]
        self.take("open")
        items = [self.value(fact)]
        while self.peek().kind == "sep":
            self.at += 1
            items.append(self.value(fact))
        self.take("close", what="右括号")
        return items

    def value(self, fact: Fact) -> Any:
        token = self.peek()
        if token.kind == "text":
            self.at += 1
            return token.value
        word = self.take("word", what="值")
        if fact.type == "bool" and word.value in BOOLS:
            return BOOLS[word.value]
        number = NUMBER.fullmatch(word.value)
        if fact.type != "number" or number is None:
            return word.value
        unit = number.group(2) or (self.take("word").value if self.is_word(*UNITS) else "")
        if unit and unit != fact.unit:
            raise syntax_error(
                word.at, f"{fact.label}的单位是 “{fact.unit or '无'}”，不是 “{unit}”"
            )
        found = number.group(1)
        return float(found) if re.search(r"[.eE]", found) else int(found)


def to_text(rule: Rule) -> str:
    """Return the text form of a rule; ``parse`` reads it back to the same rule."""
    if isinstance(rule, Clause):
        return _clause_text(rule)
    if isinstance(rule, Not):
        inner = rule.item
        body = to_text(inner)
        return (
            f"非 ({body})"
            if isinstance(inner, AllOf | AnyOf) and len(inner.items) > 1
            else f"非 {body}"
        )
    word = "全部" if isinstance(rule, AllOf) else "任一"
    if len(rule.items) == 1:
        return f"{word}({_child(rule.items[0])})"
    return (" 且 " if isinstance(rule, AllOf) else " 或 ").join(_child(item) for item in rule.items)


def _child(rule: Rule) -> str:
    text = to_text(rule)
    return f"({text})" if isinstance(rule, AllOf | AnyOf) and len(rule.items) > 1 else text


def _clause_text(clause: Clause) -> str:
    op = TEXT_OPS.get(clause.op, clause.op)
    if isinstance(clause.value, tuple):
        shown = [_value_text(clause.fact, item) for item in clause.value]
        value = shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"
    else:
        value = _value_text(clause.fact, clause.value)
    return f"{clause.fact.label} {op} {value}"


def _value_text(fact: Fact, value: int | float | str | bool) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = repr(value)
        if not fact.unit:
            return number
        return f"{number}{fact.unit}" if fact.unit == "%" else f"{number} {fact.unit}"
    if fact.region and value in HOME_WORDS:
        return value
    return quote(value)
