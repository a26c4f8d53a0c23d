"""API shapes of 运行监测: indicator definitions, series with forecasts, rankings."""

from __future__ import annotations

from pydantic import BaseModel, Field

from industry_brain.monitor.indicators import Indicator


class IndicatorOut(BaseModel):
    """An indicator's definition, as registered."""

    id: str
    name: str
    unit: str
    definition: str = Field(description="What it measures, in words")
    formula: str = Field(description="SQL aggregate over the enterprises' monthly rows")
    frequency: str
    dimensions: list[str]
    source: str
    higher_is_better: bool
    forecast: bool = Field(description="Forecast 6 months ahead with backtested MAPE")
    enterprise_field: str | None = None

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorOut:
        """Return the definition of a registered indicator."""
        return cls(
            id=indicator.id,
            name=indicator.name,
            unit=indicator.unit,
            definition=indicator.definition,
            formula=indicator.formula,
            frequency=indicator.frequency,
            dimensions=list(indicator.dimensions),
            source=indicator.source,
            higher_is_better=indicator.higher_is_better,
            forecast=indicator.forecast,
            enterprise_field=indicator.enterprise_field,
        )


class PointOut(BaseModel):
    """One month's value; ``list_query`` opens /enterprises on the enterprises behind it."""

    period: str = Field(description="YYYY-MM")
    value: float | None
    list_query: str | None = Field(
        default=None, description="Query of /enterprises (null before the list's 36 months)"
    )


class ForecastPointOut(BaseModel):
    """One forecast month with its 80% and 95% prediction intervals."""

    period: str
    value: float
    lo80: float | None
    hi80: float | None
    lo95: float | None
    hi95: float | None


class AccuracyOut(BaseModel):
    """How the forecast's model was chosen and how it did in the rolling-origin backtest."""

    model: str
    model_name: str
    mape_pct: float | None = Field(description="MAPE (%) over every origin and horizon")
    mape_by_horizon_pct: list[float | None]
    windows: int = Field(description="Backtest origins (the last months)")
    backtest_horizon: int
    season_length: int
    history_months: int
    last_period: str


class SeriesOut(BaseModel):
    """A member's monthly values, forecast and forecast accuracy."""

    member: str
    member_name: str
    points: list[PointOut]
    forecast: list[ForecastPointOut]
    accuracy: AccuracyOut | None


class SeriesResponse(BaseModel):
    """An indicator's series for members of a dimension."""

    indicator: IndicatorOut
    dimension: str
    series: list[SeriesOut]


class RankingRow(BaseModel):
    """One member's place in a month's ranking."""

    rank: int
    member: str
    member_name: str
    value: float | None
    year_before: float | None = Field(description="The value in the same month a year before")
    reporting: int | None = Field(description="报送企业数: the count of the list behind it")
    list_query: str | None


class RankingOut(BaseModel):
    """A dimension's members ranked by an indicator in one month."""

    indicator: IndicatorOut
    dimension: str
    period: str | None
    periods: list[str]
    rows: list[RankingRow]


class ForecastOut(BaseModel):
    """A member's forecast of an indicator with its backtested accuracy."""

    indicator_id: str
    dimension: str
    member: str
    accuracy: AccuracyOut | None
    points: list[ForecastPointOut]
