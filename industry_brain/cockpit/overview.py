"""The 产业概况 panel: the cluster's month, its enterprises, its largest firms, concentration.

Definitions (docs/cockpit.md): the month's figures are ``ads_cluster_month`` (enterprises of
the cluster's region that reported that month); 本地企业 and 规上企业 count the published
profiles registered in the region; 集聚度 (CR10) is the share of the ten largest local
enterprises in the local revenue of the last 12 months.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

from industry_brain.warehouse.pipeline.publish import (
    ENTERPRISE_PROFILE,
    cached_until_republished,
    is_published,
)

TOP = 10
MONTH_COLUMNS = (
    "enterprises, above_scale_enterprises, revenue_wan_yuan, output_value_wan_yuan, "
    "tax_wan_yuan, electricity_kwh, revenue_yoy_pct"
)


def overview_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the 产业概况 figures for the chosen period (default: the latest), computed once
    per period after each pipeline run."""
    period = params.get("period")
    return cached_until_republished(db, ("overview", period), lambda: _overview(db, period))


def _overview(db: Session, wanted: str | None) -> dict[str, Any]:
    if not is_published(db, "ads_cluster_month", ENTERPRISE_PROFILE):
        return {"ready": False}
    periods = [
        str(row[0])[:7]
        for row in db.execute(text("SELECT period FROM ads_cluster_month ORDER BY period"))
    ]
    if not periods:
        return {"ready": False}
    period = wanted if wanted in periods else periods[-1]
    month = (
        db.execute(
            text(f"SELECT {MONTH_COLUMNS} FROM ads_cluster_month WHERE period = :p").bindparams(
                bindparam("p", type_=Date())
            ),
            {"p": date.fromisoformat(f"{period}-01")},
        )
        .mappings()
        .one()
    )
    local = (
        db.execute(
            text(
                "SELECT count(*) AS enterprises, "
                "coalesce(sum(CASE WHEN above_scale THEN 1 END), 0) AS above_scale, "
                "coalesce(sum(revenue_12m_wan_yuan), 0) AS revenue_12m "
                "FROM ads_enterprise_profile WHERE is_local"
            )
        )
        .mappings()
        .one()
    )
    top = [
        dict(row)
        for row in db.execute(
            text(
                "SELECT uscc, name, revenue_12m_wan_yuan, revenue_12m_yoy_pct "
                "FROM ads_enterprise_profile WHERE is_local AND revenue_12m_wan_yuan IS NOT NULL "
                "ORDER BY revenue_12m_wan_yuan DESC, uscc LIMIT :top"
            ),
            {"top": TOP},
        ).mappings()
    ]
    top_revenue = sum(float(row["revenue_12m_wan_yuan"]) for row in top)
    total = float(local["revenue_12m"])
    trend = [
        {"period": str(row[0])[:7], "revenue": row[1], "yoy": row[2]}
        for row in db.execute(
            text(
                "SELECT period, revenue_wan_yuan, revenue_yoy_pct FROM ads_cluster_month "
                "ORDER BY period"
            )
        )
    ]
    return {
        "ready": True,
        "periods": periods,
        "period": period,
        "month": dict(month),
        "local_enterprises": int(local["enterprises"]),
        "local_above_scale": int(local["above_scale"]),
        "local_revenue_12m": round(total, 4),
        "cr10_pct": round(100 * top_revenue / total, 2) if total > 0 else None,
        "top": top,
        "trend": trend,
    }
