"""JSON API of 运行监测: indicator definitions, series, rankings and forecasts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from industry_brain.accounts.policy import require
from industry_brain.monitor import service
from industry_brain.monitor.indicators import Dimension, all_indicators
from industry_brain.monitor.schemas import (
    ForecastOut,
    IndicatorOut,
    RankingOut,
    RankingRow,
    SeriesOut,
    SeriesResponse,
)
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/monitor", tags=["monitor"])
DimensionQuery = Annotated[
    Dimension, Query(description="cluster 全集群, region 区县, node 产业链环节, size 企业规模")
]
MembersQuery = Annotated[
    list[str] | None,
    Query(
        max_length=50,
        description="Members (county code, <template>:<node>, above/below); all if omitted",
    ),
]
PeriodQuery = Annotated[
    str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM (default: latest)")
]


@router.get("/indicators", response_model=list[IndicatorOut])
def list_indicators(principal: ApiUser) -> list[IndicatorOut]:
    """List every registered indicator with its definition, formula, unit and dimensions."""
    require(principal, "monitor", "read")
    return [IndicatorOut.of(indicator) for indicator in all_indicators().values()]


@router.get("/indicators/{indicator_id}", response_model=IndicatorOut)
def get_indicator(principal: ApiUser, indicator_id: str) -> IndicatorOut:
    """Return one indicator's definition."""
    require(principal, "monitor", "read")
    return IndicatorOut.of(service.indicator_or_404(indicator_id))


@router.get("/indicators/{indicator_id}/series", response_model=SeriesResponse)
def get_series(
    db: DbDep,
    principal: ApiUser,
    indicator_id: str,
    dimension: DimensionQuery = "cluster",
    member: MembersQuery = None,
) -> SeriesResponse:
    """Return the monthly values of an indicator for members of a dimension, each with its
    forecast (80%/95% intervals) and the forecast's backtested MAPE; every point carries the
    query of the enterprise list behind it."""
    require(principal, "monitor", "read")
    indicator = service.indicator_or_404(indicator_id)
    found = service.series(db, indicator=indicator, dimension=dimension, chosen=member)
    return SeriesResponse(
        indicator=IndicatorOut.of(indicator),
        dimension=dimension,
        series=[SeriesOut.model_validate(entry) for entry in found],
    )


@router.get("/rankings", response_model=RankingOut)
def get_ranking(
    db: DbDep,
    principal: ApiUser,
    indicator: str,
    dimension: DimensionQuery = "region",
    period: PeriodQuery = None,
) -> RankingOut:
    """Rank the members of a dimension by an indicator in a month (best first), each with the
    value a year before, its 报送企业数 and the query of its enterprise list."""
    require(principal, "monitor", "read")
    chosen = service.indicator_or_404(indicator)
    months = service.periods(db)
    month = period if period in months else (months[-1] if months else None)
    rows = service.ranking(db, indicator=chosen, dimension=dimension, period=month) if month else []
    return RankingOut(
        indicator=IndicatorOut.of(chosen),
        dimension=dimension,
        period=month,
        periods=months,
        rows=[RankingRow.model_validate(row) for row in rows],
    )


@router.get("/forecasts", response_model=list[ForecastOut])
def get_forecasts(
    db: DbDep,
    principal: ApiUser,
    indicator: str | None = None,
    dimension: DimensionQuery = "cluster",
    member: Annotated[str | None, Query(max_length=200)] = None,
) -> list[ForecastOut]:
    """Return the forecasts (6 months, 80%/95% intervals) of the forecast indicators (or one)
    for a dimension's members (or one), each with its model and backtested MAPE."""
    require(principal, "monitor", "read")
    chosen = [service.indicator_or_404(indicator)] if indicator else None
    ids = [i.id for i in chosen or all_indicators().values() if i.forecast]
    return [
        ForecastOut(indicator_id=indicator_id, dimension=dimension, member=key, **found)
        for indicator_id in ids
        for key, found in service.forecasts(
            db, indicator_id=indicator_id, dimension=dimension, member=member
        ).items()
    ]
