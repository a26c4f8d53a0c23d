"""What every binding shares: the year's bounds, and the two shapes of a result (a value with
how it was computed, or no value with the reason). Never a zero standing in for no data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from industry_brain.evaluation.model import Measured, Scalar
from industry_brain.warehouse.pipeline.publish import is_published

WAN_PER_YI = 10_000  # 万元 per 亿元


@dataclass(frozen=True)
class Year:
    """A calendar year's bounds, as dates (published periods) and UTC moments (platform rows)."""

    year: int

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def next_first(self) -> date:
        return date(self.year + 1, 1, 1)

    @property
    def start(self) -> datetime:
        return datetime(self.year, 1, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment of the next year (exclusive)."""
        return datetime(self.year + 1, 1, 1, tzinfo=UTC)

    @property
    def months(self) -> str:
        """The ``LIKE`` pattern of the year's ``YYYY-MM`` months."""
        return f"{self.year}-%"


@dataclass(frozen=True)
class Spec:
    """What a binding says about every result: unit, source and period."""

    unit: str
    source: str
    stock: bool = False  # a stock at the year's end (period ``YYYY-12``), else a flow

    def period(self, year: int) -> str:
        return f"{year}-12" if self.stock else str(year)

    def value(
        self, year: int, value: Scalar, computation: str, detail: dict[str, Any] | None = None
    ) -> Measured:
        """Return a measured value."""
        return Measured(
            value=value,
            unit=self.unit,
            period=self.period(year),
            source=self.source,
            computation=computation,
            detail=detail or {},
        )

    def missing(self, year: int, reason: str, computation: str = "") -> Measured:
        """Return no value, saying why."""
        return Measured(
            value=None,
            unit=self.unit,
            period=self.period(year),
            source=self.source,
            computation=computation,
            missing=reason,
        )


def period_query(sql: str) -> TextClause:
    """Return a query whose ``:first`` and ``:next_first`` are dates (published periods)."""
    return text(sql).bindparams(
        bindparam("first", type_=Date()), bindparam("next_first", type_=Date())
    )


def period_params(year: Year) -> dict[str, date]:
    return {"first": year.first, "next_first": year.next_first}


def unpublished(db: Session, *tables: str) -> str | None:
    """Return the reason when published tables do not exist yet, else None."""
    if is_published(db, *tables):
        return None
    return f"尚未运行数据处理流水线：服务库中没有 {'、'.join(tables)}"


def yi(wan_yuan: float) -> float:
    """Convert 万元 to 亿元 (four decimals: 1 万元)."""
    return round(wan_yuan / WAN_PER_YI, 4)
