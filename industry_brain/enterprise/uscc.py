"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

Structure of the 18 characters: registration authority (1), organisation category (1),
administrative division of the registration authority (6 digits, GB/T 2260), subject
identifier (9, the GB 11714 organisation code) and a check character computed over the
first 17 with weights 3^i mod 31 in the 31-character alphabet below (no I, O, S, V, Z).
"""

from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
_AUTHORITIES = set("123456789ABCDEFGNY")
# What a search box query must look like to be (the start of) a code: 2–18 code characters.
CODE_QUERY = re.compile(r"[0-9A-Z]{2,18}")


class InvalidUSCCError(ValueError):
    """The text is not a valid 统一社会信用代码; the message says why in Chinese."""


def check_character(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters."""
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Return the code upper-cased and stripped, or raise InvalidUSCCError with the reason."""
    code = value.strip().upper()
    if len(code) != 18:
        raise InvalidUSCCError(f"统一社会信用代码应为18位，实际为{len(code)}位")
    bad = sorted({char for char in code if char not in _VALUES})
    if bad:
        raise InvalidUSCCError(f"统一社会信用代码含非法字符：{''.join(bad)}")
    if code[0] not in _AUTHORITIES:
        raise InvalidUSCCError(f"登记管理部门代码“{code[0]}”无效")
    if not code[2:8].isdigit():
        raise InvalidUSCCError("第3至8位应为行政区划代码（6位数字）")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidUSCCError(f"校验位错误：应为“{expected}”，实际为“{code[17]}”")
    return code


def is_valid_uscc(value: str) -> bool:
    """Return whether the text is a valid 统一社会信用代码."""
    try:
        normalize_uscc(value)
    except InvalidUSCCError:
        return False
    return True
