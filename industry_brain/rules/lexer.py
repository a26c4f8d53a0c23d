"""Tokens of the text form: quoted texts, brackets, separators, comparison symbols and words.

Words are separated by spaces, brackets, separators, quotes and comparison symbols; keywords
(且 或 非 在 不在 包含 前缀 以 开头 全部 任一) are words, so they stand apart from their
neighbours by spaces or brackets (``上年营业收入>=2000`` needs none around ``>=``).
"""

from __future__ import annotations

from dataclasses import dataclass

from industry_brain.rules.model import Problem, RuleError

OPEN, CLOSE = "([（【", ")]）】"
SEPARATORS = ",，、"
QUOTES = {'"': '"', "“": "”", "「": "」"}
# Longest first, so that >= is not read as > then =.
SYMBOLS = (">=", "<=", "!=", "==", "≥", "≤", "≠", ">", "<", "=")
SYMBOL_OPS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", "!=": "!=", "≠": "!=", "==": "="}
STOPS = set(OPEN + CLOSE + SEPARATORS) | set(QUOTES) | set("><=!≥≤≠") | {" ", "\t", "\n", "\u3000"}


@dataclass(frozen=True)
class Token:
    """``kind`` is ``text`` (quoted), ``open``, ``close``, ``sep``, ``op`` or ``word``."""

    kind: str
    value: str
    at: int  # the character position, for messages


def syntax_error(at: int, message: str) -> RuleError:
    """Return the error of text that cannot be read, pointing at a character (from 1)."""
    return RuleError([Problem("", f"第 {at + 1} 个字符处：{message}")])


def tokenize(text: str) -> list[Token]:
    """Split the text form into tokens."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace():
            at += 1
        elif char in QUOTES:
            token, at = _quoted(text, at)
            tokens.append(token)
        elif char in OPEN or char in CLOSE or char in SEPARATORS:
            kind = "open" if char in OPEN else "close" if char in CLOSE else "sep"
            tokens.append(Token(kind, char, at))
            at += 1
        elif symbol := next((s for s in SYMBOLS if text.startswith(s, at)), None):
            tokens.append(Token("op", SYMBOL_OPS.get(symbol, symbol), at))
            at += len(symbol)
        elif char == "!":
            raise syntax_error(at, "“!” 后应为 “=”")
        else:
            end = at
            while end < len(text) and text[end] not in STOPS and not text[end].isspace():
                end += 1
            tokens.append(Token("word", text[at:end], at))
            at = end
    return tokens


def _quoted(text: str, start: int) -> tuple[Token, int]:
    """Read a quoted text; inside "…", a backslash escapes the next character."""
    closing = QUOTES[text[start]]
    chars: list[str] = []
    at = start + 1
    while at < len(text) and text[at] != closing:
        if text[start] == '"' and text[at] == "\\" and at + 1 < len(text):
            at += 1
        chars.append(text[at])
        at += 1
    if at >= len(text):
        raise syntax_error(start, f"引号 {text[start]} 没有闭合")
    return Token("text", "".join(chars), start), at + 1


def quote(value: str) -> str:
    """Return a text quoted so that ``tokenize`` reads it back."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
