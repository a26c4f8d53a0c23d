"""数据分类分级 (A5, first part): sensitive fields, grade levels, masking and export rules.

Grades follow GB/T 43697-2024《数据安全技术 数据分类分级规则》: 一般数据, 重要数据, 核心数据;
the MIIT levels of 《工业数据分类分级指南（试行）》(2020) are shown beside them (一级, 二级,
三级, the third the most severe). A standard declares each table's grade; derived tables take
the strictest grade of their sources (``catalog._inherit_grades``).

Sensitive fields are personal information (《个人信息保护法》): declared in a standard
(``sensitive:`` of a column), detected in the data by label and by value (patterns with
their check digits: GB 11643 for identity card numbers, Luhn for bank cards), and inherited
along column lineage. Exports mask them, and the grade decides who may export at all:

- 一般数据: users who may read the catalogue; sensitive fields masked except for data admins.
- 重要数据: data admins only, with a stated purpose; sensitive fields always masked.
- 核心数据, or sharing type 不予共享: no export; the data is used inside the platform only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIIT_LEVELS = {"一般": "一级", "重要": "二级", "核心": "三级"}
DETECTION_SAMPLE = 2000
DETECTION_SHARE = 0.5

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _id_card_valid(value: str) -> bool:
    """GB 11643 check character of an 18-character identity card number."""
    body = value[:17]
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17].upper()


def _luhn_valid(value: str) -> bool:
    digits = [int(char) for char in reversed(value)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * digit, 10)) for digit in digits[1::2])
    return total % 10 == 0


def _keep(head: int, tail: int) -> Callable[[str], str]:
    def mask(value: str) -> str:
        if len(value) <= head + tail:
            return "*" * len(value)
        return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]

    return mask


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else _keep(1, 0)(value)


@dataclass(frozen=True)
class SensitiveKind:
    """A kind of personal information: how it is named, recognised and masked."""

    code: str
    label: str
    label_words: tuple[str, ...]
    pattern: re.Pattern[str] | None
    mask: Callable[[str], str]
    check: Callable[[str], bool] | None = None

    def matches(self, value: str) -> bool:
        """Tell whether a value looks like this kind (pattern and check digit)."""
        text = value.strip()
        if self.pattern is None or not self.pattern.fullmatch(text):
            return False
        return self.check is None or self.check(text)


KINDS: dict[str, SensitiveKind] = {
    kind.code: kind
    for kind in (
        SensitiveKind(
            "id_card",
            "身份证号",
            ("身份证",),
            re.compile(r"[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]"),
            _keep(6, 4),
            _id_card_valid,
        ),
        SensitiveKind(
            "mobile",
            "手机号码",
            ("手机", "电话", "联系方式"),
            re.compile(r"1[3-9]\d{9}"),
            _keep(3, 4),
        ),
        SensitiveKind(
            "email",
            "电子邮箱",
            ("邮箱", "email", "e-mail"),
            re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
            _mask_email,
        ),
        SensitiveKind(
            "bank_card",
            "银行卡号",
            ("银行卡", "卡号", "银行账号"),
            re.compile(r"\d{16,19}"),
            _keep(0, 4),
            _luhn_valid,
        ),
        SensitiveKind(
            "person_name",
            "自然人姓名",
            ("法定代表人", "法人代表", "负责人", "联系人", "姓名"),
            None,
            _keep(1, 0),
        ),
    )
}


def detect(label: str, values: Sequence[str]) -> str | None:
    """Return the sensitive kind of a column from its label or a sample of its values."""
    for kind in KINDS.values():
        if any(word in label.lower() for word in kind.label_words):
            return kind.code
    sample = [value for value in values if value and value.strip()]
    if not sample:
        return None
    for kind in KINDS.values():
        if kind.pattern is not None:
            hits = sum(kind.matches(value) for value in sample)
            if hits / len(sample) >= DETECTION_SHARE:
                return kind.code
    return None


def mask(value: object, kind: str | None) -> object:
    """Mask a value of a sensitive kind; other values pass unchanged."""
    if kind is None or value is None or kind not in KINDS:
        return value
    return KINDS[kind].mask(str(value))


@dataclass(frozen=True)
class ExportRule:
    """What the grade allows: whether export is possible, by whom, and with what masking."""

    allowed: bool
    admins_only: bool
    always_masked: bool
    text: str


def export_rule(grade: str, sharing: str) -> ExportRule:
    """Return the export rule of a resource by its grade and sharing type."""
    if grade == "核心" or sharing == "不予共享":
        return ExportRule(False, True, True, "核心数据或不予共享：不得导出，仅在平台内使用")
    if grade == "重要":
        return ExportRule(
            True, True, True, "重要数据：仅数据管理员可导出，须说明用途，敏感字段一律脱敏"
        )
    return ExportRule(
        True, False, False, "一般数据：可查阅目录的用户可导出；敏感字段对数据管理员以外的用户脱敏"
    )
