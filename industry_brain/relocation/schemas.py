"""Request and response models of the relocation API (also what the pages render)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


class Signal(BaseModel):
    """One signal behind a score: what was seen (``value``) and the points it adds."""

    signal: str
    label: str
    value: float | str | None = Field(
        description="变化率（%）、相差的百分点、地址或分支机构名称；停止报送时为空"
    )
    points: float


class SignalRule(BaseModel):
    """How a signal is scored (docs/relocation.md)."""

    signal: str
    label: str
    points: float = Field(description="满分")
    rule: str


class RiskRow(BaseModel):
    """An enterprise's relocation risk as of the latest month."""

    uscc: str
    name: str
    county_code: str | None
    county_name: str | None
    industry_name: str | None
    score: float = Field(description="0–100")
    level: str | None = Field(description="红/橙/黄/蓝；低于 15 分为空")
    signals: list[Signal]
    watched: bool = False


class Evaluation(BaseModel):
    """The latest backtest of the score (``ib monitor backtest``)."""

    evaluated_at: datetime
    synthetic: bool
    data_note: str
    figures: dict[str, float | int | None]


class RiskPage(BaseModel):
    """One page of the ranking and what it is restricted to."""

    as_of: date | None
    total: int
    page: int
    pages: int
    levels: dict[str, int] = Field(description="各等级企业数（全部评分企业）")
    watched: int = Field(description="关注名单中的企业数")
    rows: list[RiskRow]
    evaluation: Evaluation | None


class MonthSeries(BaseModel):
    """The enterprise's months behind its operations signals (null: not reported)."""

    periods: list[str]
    electricity_kwh: list[float | None]
    tax_wan_yuan: list[float | None]
    employees: list[int | None]
    revenue_wan_yuan: list[float | None]


class WatchIn(BaseModel):
    """An enterprise to watch and why."""

    uscc: str = Field(min_length=18, max_length=18)
    note: str = Field(default="", max_length=500)


class WatchOut(BaseModel):
    """An enterprise on the watch list: its score when added and now."""

    uscc: str
    name: str
    note: str
    added_by: str
    added_at: datetime
    score_at_add: float | None
    level_at_add: str | None
    as_of_at_add: date | None
    score: float | None = Field(description="当前评分；已不在评分范围（如已迁出）时为空")
    level: str | None
    change: float | None = Field(description="当前评分减去加入时的评分")


class RiskDetail(RiskRow):
    """An enterprise's score with its signals, the rules, its months and its watch entry."""

    as_of: date
    status: str | None
    rules: list[SignalRule]
    months: MonthSeries
    watch: WatchOut | None


def as_date(value: Any) -> date | None:
    """A date from a published DATE (a date on PostgreSQL, 'YYYY-MM-DD' text on SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
