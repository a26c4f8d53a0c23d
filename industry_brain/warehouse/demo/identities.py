"""Identities of demo enterprises: 统一社会信用代码 and enterprise names, unique per run.

A 统一社会信用代码 (GB 32100) made here is ``91`` (registered by 市场监管, an enterprise),
the 6-digit code of the registering district, a 9-character GB 11714 organisation code
(8 body characters and its own check character) and the GB 32100 check character.
Enterprises registered since 2016 get the ``MA…`` bodies of the unified era, older ones
the numeric bodies carried over from their organisation codes.
"""

from __future__ import annotations

import random
from datetime import date

from industry_brain.enterprise.uscc import ALPHABET, check_character

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_BODY_CHARS = ALPHABET  # digits and the letters GB 32100 allows (no I, O, S, V, Z)
_TRADE_CHARS = (
    "恒博华瑞盛鑫源达天宏泰创金锦远诚信德宇晟卓越嘉联凯伟海润安力驰腾星辰和裕丰通翔威正明"
    "亿佳永兴隆昌祥立捷迈智奥汇众协睿航能芯钧铭鼎帆峰浩康启尚云森宸骏弘元大新旭光耀益顺"
)
_FORMER_WORDS = ("机械", "电器", "塑料制品", "五金", "贸易", "机电设备", "金属制品")


def org_code_check(body: str) -> str:
    """Return the GB 11714 check character for an 8-character organisation code body."""
    total = sum(_org_value(char) * weight for char, weight in zip(body, ORG_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    if remainder == 10:
        return "X"
    return "0" if remainder == 11 else str(remainder)


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


class CodeBook:
    """Hands out unique 统一社会信用代码 and enterprise names."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._codes: set[str] = set()
        self._names: set[str] = set()

    def uscc(self, region_code: str, established_on: date) -> str:
        """Return a new valid code for an enterprise registered in this region."""
        while True:
            if established_on.year >= 2016:
                body = "MA" + "".join(self._rng.choices(_BODY_CHARS, k=6))
            else:
                body = "".join(self._rng.choices("0123456789", k=8))
            first17 = "91" + region_code + body + org_code_check(body)
            code = first17 + check_character(first17)
            if code not in self._codes:
                self._codes.add(code)
                return code

    def name(self, prefix: str, words: tuple[str, ...], suffix: str) -> tuple[str, str]:
        """Return a new unique name and its 字号, e.g. (常州恒博新能源科技有限公司, 恒博)."""
        for attempt in range(200):
            size = 2 if attempt < 50 else 3
            trade = "".join(self._rng.sample(_TRADE_CHARS, size))
            name = f"{prefix}{trade}{self._rng.choice(words)}{suffix}"
            if name not in self._names:
                self._names.add(name)
                return name, trade
        raise RuntimeError("could not find an unused enterprise name")

    def former_name(self, prefix: str, trade: str) -> str:
        """Return an earlier name of an enterprise with this 字号 (before it joined the chain)."""
        for _ in range(20):
            name = f"{prefix}{trade}{self._rng.choice(_FORMER_WORDS)}有限公司"
            if name not in self._names:
                self._names.add(name)
                return name
        raise RuntimeError("could not find an unused former name")


def local_prefix(rng: random.Random, district_code: str, *, provincial: bool) -> str:
    """Return how a Changzhou enterprise's name starts (常州, 常州市, 溧阳市 …; 江苏 only for
    larger firms, as a province-level name needs more capital)."""
    special = {"320481": "溧阳市", "320413": "常州市金坛", "320412": "常州市武进"}
    if district_code in special and rng.random() < 0.3:
        return special[district_code]
    weights = (0.6, 0.25, 0.4 if provincial else 0.0)
    return rng.choices(("常州", "常州市", "江苏"), weights=weights)[0]
