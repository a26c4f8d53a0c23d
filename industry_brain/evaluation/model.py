"""The shapes every part of the evaluation shares: indicator systems (as transcribed from the
guidelines), bindings (computations over the platform's data), and one system's evaluation
for one year (what the pages, the API and the reports show).

Invariants:
- An ``IndicatorSystem`` is transcribed verbatim: names, descriptions, units and grade
  conditions are the guideline's own words; ``source`` names the document.
- A ``Measured`` value without data is ``value=None`` with ``missing`` saying why; it is never
  a zero standing in for “no data”.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ValueKind = Literal["number", "bool", "text"]
Scalar = int | float | str | bool


@dataclass(frozen=True)
class Indicator:
    """One indicator of a system, as the guideline prints it."""

    id: str  # unique within its system: "L1P1", "zj-18", "national-产业规模"
    code: str  # as printed ("L1P1", "18"), or "" when the guideline numbers nothing
    name: str  # 指标名称 / 二级指标, verbatim
    description: str  # 指标说明, verbatim
    category: tuple[str, ...]  # 一级指标 (and 二级指标 where the name is the third level)
    unit: str = ""  # "亿元", "%", "家", "TB", "项", "个" … ("" when none is printed)
    kind: ValueKind = "number"  # what a value must be (a manual entry is checked against it)
    binding: str | None = None  # id of a Binding computing it, else entered by hand
    points: float | None = None  # maximum points (Zhejiang 附件2)


@dataclass(frozen=True)
class Category:
    """A scored group of indicators (Zhejiang 附件2: 指标类别 and 一级指标 with points)."""

    path: tuple[str, ...]  # ("服务能力",) or ("服务能力", "数字化服务能力")
    points: float


@dataclass(frozen=True)
class GradeCondition:
    """A condition of a grade (Zhejiang 附件1), verbatim."""

    id: str  # "basic-function-1"
    grade: str  # 基础级 / 卓越级 / 领航级
    area: str  # 基础功能 / 服务能力 / 运营情况
    text: str  # verbatim


@dataclass(frozen=True)
class IndicatorSystem:
    """An official indicator system, versioned, with the document it is transcribed from."""

    id: str  # "national-2024", "shandong-trial", "zhejiang-2025", "hebei"
    title: str  # the document's title, verbatim
    issuer: str  # e.g. 浙江省制造业高质量发展（数字经济发展）领导小组办公室
    version: str
    source: str  # where it is transcribed from (document and file)
    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...] = ()
    grades: tuple[str, ...] = ()  # in rising order: ("基础级", "卓越级", "领航级")
    conditions: tuple[GradeCondition, ...] = ()


@dataclass(frozen=True)
class Measured:
    """A binding's value for one period, with how and from what it was computed."""

    value: Scalar | None  # None: no data for the period (``missing`` says why)
    unit: str
    period: str  # "2025", or "2025-12" for a stock at a month's end
    source: str  # what was read, e.g. "dws_enterprise_month（服务库）"
    computation: str  # in words (Chinese), e.g. "2025年各企业营业收入之和，万元折合亿元"
    missing: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # breakdown for tables and charts


@dataclass(frozen=True)
class Binding:
    """A computation of an indicator over the platform's data, for a year."""

    id: str  # "industry.scale"
    name: str  # 产业规模
    unit: str
    compute: Callable[[Session, int], Measured]  # (serving DB session, year)
    kind: ValueKind = "number"


ValueStatus = Literal["measured", "manual", "missing"]


@dataclass(frozen=True)
class Evidence:
    """An evidence file kept byte for byte in the raw store."""

    id: int
    filename: str
    sha256: str
    size: int


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator's value for the year: measured, entered by hand, or missing."""

    indicator: Indicator
    status: ValueStatus
    value: Scalar | None
    unit: str
    period: str
    source: str  # tables read, or 人工填报
    computation: str  # in words; for a manual value, the note of who entered it
    at: datetime | None = None  # when computed or entered
    entered_by: str | None = None
    evidence: tuple[Evidence, ...] = ()
    missing: str | None = None  # why there is no value
    detail: dict[str, Any] = field(default_factory=dict)


ConditionStatus = Literal["met", "not_met", "manual"]


@dataclass(frozen=True)
class ConditionResult:
    """A grade condition's outcome, with its reason (``manual``: needs confirmation)."""

    condition: GradeCondition
    status: ConditionStatus
    reason: str


@dataclass(frozen=True)
class CategoryScore:
    """Points scored in a category out of its maximum (``unscored``: awaiting manual input)."""

    category: Category
    score: float
    unscored: float  # points of items without a value yet


@dataclass(frozen=True)
class Evaluation:
    """One system evaluated for one year."""

    system: IndicatorSystem
    year: int
    values: tuple[IndicatorValue, ...]
    conditions: tuple[ConditionResult, ...] = ()
    grade: str | None = None  # highest grade whose conditions (and those below) are all met
    scores: tuple[CategoryScore, ...] = ()
    total: float | None = None  # of 100 (Zhejiang)
    next_steps: tuple[str, ...] = ()  # what it takes to reach the next grade
    computed_at: datetime | None = None

    @property
    def missing(self) -> tuple[IndicatorValue, ...]:
        """The indicators without a value (a report names them instead of printing zeros)."""
        return tuple(value for value in self.values if value.status == "missing")
