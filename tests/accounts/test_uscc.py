"""GB 32100 统一社会信用代码 validation."""

from __future__ import annotations

import random

import pytest

from industry_brain.enterprise.uscc import (
    ALPHABET,
    InvalidUSCCError,
    check_character,
    is_valid_uscc,
    normalize_uscc,
)

# Codes of real enterprises, published on their registry records.
REAL_CODES = ["91440300708461136T", "91350100M000100Y43", "91110000600037341L"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code: str) -> None:
    assert is_valid_uscc(code)
    assert normalize_uscc(f"  {code.lower()} ") == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91440300708461136X", "校验位错误：应为“T”"),
        ("91440300708461136", "应为18位"),
        ("9144030070846113OT", "非法字符：O"),
        ("H1440300708461136T", "登记管理部门代码"),
        ("9144A300708461136T", "行政区划代码"),
    ],
)
def test_invalid_codes_say_why(code: str, reason: str) -> None:
    with pytest.raises(InvalidUSCCError, match=reason):
        normalize_uscc(code)


def test_exactly_one_check_character_fits_any_body() -> None:
    rng = random.Random(32100)
    for _ in range(300):
        body = rng.choice("159") + rng.choice("123") + f"{rng.randrange(10**6):06d}"
        body += "".join(rng.choice(ALPHABET) for _ in range(9))
        good = check_character(body)
        assert is_valid_uscc(body + good)
        others = [char for char in ALPHABET if char != good]
        assert not any(is_valid_uscc(body + char) for char in others)
