"""The enterprise list behind every drill-down: published profiles filtered and paged.

Reads ``ads_enterprise_profile`` (and, for a chain node, the latest run's assignments) in the
serving DB. Filters are exact so that a figure and the list behind it count the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

from industry_brain.codes.regions import region_prefix
from industry_brain.warehouse.pipeline.publish import (
    ENTERPRISE_PROFILE,
    MONTH_FIGURES,
    is_published,
)

PROFILE = ENTERPRISE_PROFILE
PAGE_SIZE = 50
COLUMNS = (
    "uscc, name, industry_code, industry_name, county_code, status, above_scale, employees, "
    "is_local, revenue_12m_wan_yuan, revenue_12m_yoy_pct, honors, tags"
)


@dataclass(frozen=True)
class DirectoryFilter:
    """What the list is restricted to; every field optional."""

    local: bool | None = None
    above_scale: bool | None = None
    county: str | None = None
    region: str | None = None
    industry: str | None = None
    tag: str | None = None
    status: str | None = None
    period: date | None = None
    chain_run: str | None = None
    node: str | None = None
    query: str | None = None


@dataclass
class DirectoryPage:
    """One page of the list and the total behind it."""

    total: int
    page: int
    pages: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    # With a month filter: the month's figures summed over every enterprise listed (the
    # panel's month figures, traced to the enterprises behind them), and each row's own.
    month: dict[str, float | None] | None = None


def where_clause(spec: DirectoryFilter) -> tuple[str, dict[str, Any]]:
    """Return the list's SQL condition on the profile table and its parameters (also for other
    domains that aggregate exactly the rows the list shows, e.g. the 产业地图)."""
    clauses: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if spec.local is not None:
        clauses.append("is_local = :local")
        params["local"] = spec.local
    if spec.above_scale is not None:
        clauses.append("above_scale = :above_scale")
        params["above_scale"] = spec.above_scale
    if spec.county:
        clauses.append("county_code = :county")
        params["county"] = spec.county
    if spec.region:
        clauses.append("coalesce(county_code, city_code, province_code) LIKE :region")
        params["region"] = region_prefix(spec.region) + "%"
    if spec.tag:
        # Tags are joined by 、; match a whole tag, not part of one.
        clauses.append("('、' || tags || '、') LIKE :tag")
        params["tag"] = f"%、{spec.tag}、%"
    if spec.status:
        clauses.append("status = :status")
        params["status"] = spec.status
    if spec.period:
        clauses.append("uscc IN (SELECT uscc FROM ads_enterprise_month WHERE period = :period)")
        params["period"] = spec.period
    if spec.industry:
        clauses.append("industry_code LIKE :industry")
        params["industry"] = spec.industry + "%"
    if spec.query:
        # As the header search: current or former name (case-insensitive), code or its start.
        from industry_brain.enterprise.search import code_query, like_escape

        names = "lower(name) LIKE :query ESCAPE '\\'"
        either = f"{names} OR uscc IN (SELECT uscc FROM ads_enterprise_names WHERE {names})"
        params["query"] = f"%{like_escape(spec.query.replace(chr(0), '').lower())}%"
        if code := code_query(spec.query):
            either += " OR uscc LIKE :code ESCAPE '\\'"
            params["code"] = f"{like_escape(code)}%"
        clauses.append(f"({either})")
    if spec.chain_run and spec.node:
        clauses.append(
            "uscc IN (SELECT uscc FROM chain_assignments WHERE run_id = :run "
            "AND node_id = :node AND rank = 1)"
        )
        params["run"], params["node"] = spec.chain_run, spec.node
    return " AND ".join(clauses), params


def bind_statement(sql: str, params: dict[str, Any]) -> Any:
    """Return the statement with a period bound as a date (a string in SQLite, a date in
    PostgreSQL)."""
    statement = text(sql)
    if "period" in params:
        statement = statement.bindparams(bindparam("period", type_=Date()))
    return statement


def list_enterprises(db: Session, spec: DirectoryFilter, *, page: int = 1) -> DirectoryPage:
    """Return one page of the enterprises matching the filter, largest revenue first (with a
    month filter: largest revenue of that month, with the month's figures and their sums)."""
    if not is_published(db, PROFILE):
        return DirectoryPage(total=0, page=1, pages=1)
    # The month is matched by the join below (through the month's covering index), not again
    # by the filter's subquery.
    where, params = where_clause(replace(spec, period=None))
    matched = f"(SELECT {COLUMNS} FROM {PROFILE} WHERE {where}) AS p"
    if spec.period:
        params["period"] = spec.period
        matched += " JOIN ads_enterprise_month AS m ON m.uscc = p.uscc AND m.period = :period"
        extra = "".join(f", m.{name} AS month_{name}" for name in MONTH_FIGURES)
        sums = "".join(f", sum(m.{name}) AS {name}" for name in MONTH_FIGURES)
        order = "m.revenue_wan_yuan DESC NULLS LAST"
    else:
        extra = sums = ""
        order = "p.revenue_12m_wan_yuan DESC NULLS LAST"
    counting = bind_statement(f"SELECT count(*) AS total{sums} FROM {matched}", params)
    counted = db.execute(counting, params).mappings().one()
    total = int(counted["total"] or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.execute(
        bind_statement(
            f"SELECT p.*{extra} FROM {matched} "
            f"ORDER BY {order}, p.uscc LIMIT :limit OFFSET :offset",
            params,
        ),
        {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
    ).mappings()
    return DirectoryPage(
        total=total,
        page=page,
        pages=pages,
        rows=[dict(row) for row in rows],
        month={name: counted[name] for name in MONTH_FIGURES} if spec.period else None,
    )
