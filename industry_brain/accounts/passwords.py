"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


_DUMMY_HASH: list[str] = []
_HASHER: list[PasswordHasher] = [PasswordHasher()]  # argon2id, RFC 9106 low-memory profile


def configure_hashing(*, time_cost: int, memory_kib: int) -> None:
    """Set the argon2id cost of new hashes (existing hashes carry their own parameters)."""
    current = _HASHER[0]
    if (current.time_cost, current.memory_cost) != (time_cost, memory_kib):
        _HASHER[0] = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        _DUMMY_HASH.clear()


def _hasher() -> PasswordHasher:
    return _HASHER[0]


def hash_password(password: str) -> str:
    """Return the argon2id hash of the password."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return whether the password matches the hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_verification_time(password: str) -> None:
    """Spend the time of one verification, so unknown users answer as slowly as known ones."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_urlsafe(16)))
    verify_password(_DUMMY_HASH[0], password)


def password_problems(password: str, *, username: str) -> list[str]:
    """Return what the password lacks under the policy (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码长度至少{MIN_LENGTH}位")
    classes = sum(any(char in chars for char in password) for chars in _CLASSES)
    classes += any(not char.isalnum() for char in password)
    if classes < 3:
        problems.append("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类")
    if username and username.lower() in password.lower():
        problems.append("密码不得包含用户名")
    return problems


def generate_password() -> str:
    """Return a random password that satisfies the policy."""
    alphabet = string.ascii_letters + string.digits + "!#%+-=@^_"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if not password_problems(candidate, username=""):
            return candidate
