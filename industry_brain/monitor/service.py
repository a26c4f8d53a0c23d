"""Queries of 运行监测 over the published indicator values, forecasts and their accuracy.

Every figure carries the query of the enterprise list behind it (``list_query``): the
cluster's local enterprises that reported that month, in the member's district, chain node
or size class, so that the list's count is the figure's 报送企业数 and its month sums are the
figure's 营业收入, 工业总产值 and 税收.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

from industry_brain.errors import NotFoundError
from industry_brain.monitor.indicators import Indicator, get_indicator
from industry_brain.warehouse.pipeline.publish import is_published

VALUES = "ads_indicator_values"
FORECASTS = "ads_indicator_forecasts"
ACCURACY = "ads_forecast_accuracy"
MONTHS = "ads_enterprise_month"
BANDS = ("lo80", "hi80", "lo95", "hi95")


def indicator_or_404(indicator_id: str) -> Indicator:
    """Return a registered indicator or raise NotFoundError."""
    found = get_indicator(indicator_id)
    if found is None:
        raise NotFoundError(f"没有指标“{indicator_id}”")
    return found


def month_text(value: object) -> str:
    """Return a period (date or ISO text) as YYYY-MM."""
    return str(value)[:7]


def first_of(period: str) -> date:
    """Return the first day of a YYYY-MM period."""
    return date.fromisoformat(f"{period}-01")


def list_query(*, dimension: str, member: str, period: str | None) -> str:
    """Return the enterprise list's query of a member's enterprises (in a month)."""
    params: dict[str, str] = {"local": "true"}
    if dimension == "region":
        params["region"] = member
    elif dimension == "node":
        template_id, _, node_id = member.partition(":")
        params.update(template=template_id, node=node_id)
    elif dimension == "size":
        params["above_scale"] = "true" if member == "above" else "false"
    if period:
        params["period"] = period
    return urlencode(params)


def is_ready(db: Session) -> bool:
    """Tell whether a pipeline run has published the indicator values."""
    return is_published(db, VALUES)


def periods(db: Session) -> list[str]:
    """Return the months with values, oldest first."""
    if not is_ready(db):
        return []
    rows = db.execute(text(f"SELECT DISTINCT period FROM {VALUES} ORDER BY period"))
    return [month_text(row[0]) for row in rows]


def drillable_from(db: Session) -> str | None:
    """Return the first month the enterprise list can show (it holds the last 36 months)."""
    if not is_published(db, MONTHS):
        return None
    found = db.execute(text(f"SELECT min(period) FROM {MONTHS}")).scalar()
    return month_text(found) if found is not None else None


def members(db: Session, *, dimension: str) -> list[dict[str, str]]:
    """Return a dimension's members with their names, by name."""
    if not is_ready(db):
        return []
    rows = db.execute(
        text(
            f"SELECT DISTINCT member, member_name FROM {VALUES} "
            "WHERE dimension = :dimension ORDER BY member_name, member"
        ),
        {"dimension": dimension},
    )
    return [{"member": row[0], "member_name": row[1]} for row in rows]


def _values(
    db: Session, *, indicator_id: str, dimension: str, chosen: list[str] | None
) -> list[dict[str, Any]]:
    sql = (
        f"SELECT member, member_name, period, value FROM {VALUES} "
        "WHERE indicator_id = :indicator AND dimension = :dimension"
    )
    params: dict[str, Any] = {"indicator": indicator_id, "dimension": dimension}
    statement = text(sql + " ORDER BY member, period")
    if chosen is not None:
        statement = text(sql + " AND member IN :members ORDER BY member, period").bindparams(
            bindparam("members", expanding=True)
        )
        params["members"] = chosen
    return [dict(row) for row in db.execute(statement, params).mappings()]


def series(
    db: Session, *, indicator: Indicator, dimension: str, chosen: list[str] | None = None
) -> list[dict[str, Any]]:
    """Return each member's monthly values with its forecast and the forecast's accuracy (all
    members of the dimension unless ``chosen``), in the order chosen or by name."""
    if not is_ready(db):
        return []
    start = drillable_from(db)
    found: dict[str, dict[str, Any]] = {}
    for row in _values(db, indicator_id=indicator.id, dimension=dimension, chosen=chosen):
        member = found.setdefault(
            row["member"],
            {"member": row["member"], "member_name": row["member_name"], "points": []},
        )
        period = month_text(row["period"])
        drill = start is not None and period >= start
        member["points"].append(
            {
                "period": period,
                "value": row["value"],
                "list_query": list_query(dimension=dimension, member=row["member"], period=period)
                if drill
                else None,
            }
        )
    ahead = forecasts(db, indicator_id=indicator.id, dimension=dimension)
    for key, entry in found.items():
        entry["forecast"] = ahead.get(key, {}).get("points", [])
        entry["accuracy"] = ahead.get(key, {}).get("accuracy")
    order = chosen or sorted(found, key=lambda k: (found[k]["member_name"], k))
    return [found[key] for key in order if key in found]


def forecasts(
    db: Session, *, indicator_id: str, dimension: str, member: str | None = None
) -> dict[str, dict[str, Any]]:
    """Return, by member, the forecast points and the backtested accuracy of an indicator."""
    if not is_published(db, FORECASTS, ACCURACY):
        return {}
    params = {"indicator": indicator_id, "dimension": dimension}
    where = "indicator_id = :indicator AND dimension = :dimension"
    if member:
        where, params["member"] = where + " AND member = :member", member
    found: dict[str, dict[str, Any]] = {}
    for row in db.execute(text(f"SELECT * FROM {ACCURACY} WHERE {where}"), params).mappings():
        found[row["member"]] = {"accuracy": _accuracy(dict(row)), "points": []}
    rows = db.execute(
        text(f"SELECT member, period, value, {', '.join(BANDS)} FROM {FORECASTS} WHERE {where} "
             "ORDER BY member, period"),
        params,
    ).mappings()  # fmt: skip
    for row in rows:
        if row["member"] in found:
            point = {"period": month_text(row["period"]), "value": row["value"]}
            found[row["member"]]["points"].append(point | {b: row[b] for b in BANDS})
    return found


def _accuracy(row: dict[str, Any]) -> dict[str, Any]:
    steps = int(row["backtest_horizon"])
    return {
        "model": row["model"],
        "model_name": row["model_name"],
        "mape_pct": row["mape_pct"],
        "mape_by_horizon_pct": [row.get(f"mape_h{step}_pct") for step in range(1, steps + 1)],
        "windows": int(row["windows"]),
        "backtest_horizon": steps,
        "season_length": int(row["season_length"]),
        "history_months": int(row["history_months"]),
        "last_period": month_text(row["last_period"]),
    }


def ranking(
    db: Session, *, indicator: Indicator, dimension: str, period: str
) -> list[dict[str, Any]]:
    """Return the members of a dimension ranked by an indicator in a month (best first: the
    largest, or the smallest when lower is better; members without a value last), each with
    its 报送企业数 and the value a year before."""
    if not is_ready(db):
        return []
    statement = text(
        f"SELECT v.member, v.member_name, v.value, r.value AS reporting, y.value AS year_before "
        f"FROM {VALUES} AS v "
        f"LEFT JOIN {VALUES} AS r ON r.indicator_id = 'reporting' AND r.dimension = v.dimension "
        "AND r.member = v.member AND r.period = v.period "
        f"LEFT JOIN {VALUES} AS y ON y.indicator_id = v.indicator_id "
        "AND y.dimension = v.dimension AND y.member = v.member AND y.period = :year_before "
        "WHERE v.indicator_id = :indicator AND v.dimension = :dimension AND v.period = :period"
    ).bindparams(bindparam("period", type_=Date()), bindparam("year_before", type_=Date()))
    day = first_of(period)
    rows = [
        dict(row)
        for row in db.execute(
            statement,
            {
                "indicator": indicator.id,
                "dimension": dimension,
                "period": day,
                "year_before": day.replace(year=day.year - 1),
            },
        ).mappings()
    ]
    sign = -1 if indicator.higher_is_better else 1
    rows.sort(key=lambda r: (r["value"] is None, sign * (r["value"] or 0), r["member"]))
    start = drillable_from(db)
    drill = start is not None and period >= start
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["reporting"] = int(row["reporting"]) if row["reporting"] is not None else None
        row["list_query"] = (
            list_query(dimension=dimension, member=row["member"], period=period) if drill else None
        )
    return rows
