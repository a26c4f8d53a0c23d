"""Data standards (数据标准): the templates each kind of incoming data must follow.

A standard is data: a YAML file naming its columns in order (English key, Chinese label,
type, unit, checks) and its catalogue facts (provider, update cycle, grade, sharing type).
Built-in standards live in ``standards/``; a plugin adds more through the
``ib_data_standards`` hook. Incoming files may use either the Chinese labels or the keys.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

ColumnType = Literal[
    "uscc",
    "text",
    "date",
    "month",
    "money",
    "decimal",
    "int",
    "bool",
    "enum",
    "ratio",
    "industry_code",
]
Grade = Literal["一般", "重要", "核心"]
Sharing = Literal["无条件共享", "有条件共享", "不予共享"]
STANDARDS_DIR = Path(__file__).parent / "standards"


class Column(BaseModel):
    """One column of a standard."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    type: ColumnType
    required: bool = False
    unit: str | None = None
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    description: str = ""
    sensitive: Literal["id_card", "mobile", "email", "bank_card", "person_name"] | None = Field(
        default=None, description="Kind of personal information (see warehouse.classification)."
    )
    future_allowed: bool = Field(
        default=False, description="A date column whose values may lie years ahead (有效期至)."
    )

    @model_validator(mode="after")
    def _enum_has_values(self) -> Column:
        if self.type == "enum" and not self.values:
            raise ValueError(f"enum column {self.key} lists no values")
        return self


class Standard(BaseModel):
    """A data standard: columns in order, key columns, and catalogue facts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str
    provider: str
    update_cycle: str
    grade: Grade
    sharing: Sharing
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @model_validator(mode="after")
    def _keys_are_columns(self) -> Standard:
        names = [column.key for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"standard {self.code} repeats a column key")
        missing = set(self.key) - set(names)
        if missing:
            raise ValueError(f"standard {self.code}: key columns {sorted(missing)} not defined")
        return self

    def column(self, key: str) -> Column:
        """Return the column with this key."""
        return next(column for column in self.columns if column.key == key)


def load_standard(path: Path) -> Standard:
    """Read and validate one standard file."""
    with path.open(encoding="utf-8") as handle:
        return Standard.model_validate(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def all_standards() -> dict[str, Standard]:
    """Return every standard, built-in and from plugins, by code."""
    from industry_brain.plugins import plugin_manager

    paths = [path for group in plugin_manager().hook.ib_data_standards() for path in group]
    standards: dict[str, Standard] = {}
    for path in sorted(paths):
        standard = load_standard(path)
        if standard.code in standards:
            raise ValueError(f"data standard {standard.code} is defined twice ({path})")
        standards[standard.code] = standard
    return standards


def get_standard(code: str) -> Standard:
    """Return the standard with this code, or raise KeyError naming the known ones."""
    standards = all_standards()
    if code not in standards:
        raise KeyError(f"unknown data standard {code!r}; known: {', '.join(sorted(standards))}")
    return standards[code]
