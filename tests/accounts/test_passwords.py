"""Password policy and hashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_brain.accounts.passwords import (
    generate_password,
    hash_password,
    password_problems,
    verify_password,
)
from industry_brain.settings import Settings, prepare_settings
from tests.conftest import FAST_HASHING


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Ab1!", "长度至少10位"),
        ("abcdefghijk", "至少三类"),
        ("abcdefgh12", "至少三类"),
        ("Zhangsan-2024x", "不得包含用户名"),
    ],
)
def test_weak_passwords_are_named(password: str, problem: str) -> None:
    problems = password_problems(password, username="zhangsan")
    assert any(problem in text for text in problems), problems


@pytest.mark.parametrize("password", ["Correct-Horse-42", "abcdefgh1!", "ABCDEFGH1a"])
def test_acceptable_passwords(password: str) -> None:
    assert password_problems(password, username="zhangsan") == []


def test_default_settings_hash_with_the_rfc9106_profile(tmp_path: Path) -> None:
    prepare_settings(Settings(data_dir=tmp_path))
    try:
        assert hash_password("Correct-Horse-42").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    finally:
        prepare_settings(Settings(data_dir=tmp_path, **FAST_HASHING))  # type: ignore[arg-type]


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password("Correct-Horse-42")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "Correct-Horse-42")
    assert not verify_password(hashed, "correct-horse-42")
    assert not verify_password("not-a-hash", "Correct-Horse-42")


def test_generated_passwords_meet_policy_and_differ() -> None:
    passwords = {generate_password() for _ in range(20)}
    assert len(passwords) == 20
    assert all(password_problems(p, username="") == [] for p in passwords)
