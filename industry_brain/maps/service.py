"""Figures of the 产业地图: the child regions of a region, counted with the list's own filter.

Invariants (tested on the known cluster):

- A region's enterprises are those ``/enterprises?region=<code>`` lists with the same filters:
  the condition is the enterprise list's own (``directory.where_clause``), so a figure on the
  map and the list behind it count the same rows. ``100000`` (全国) is no region filter.
- An enterprise falls in the child whose code prefix (``region_prefix``) its most specific
  code starts with, exactly as the list's region filter matches; the rest of the region
  (address known only to the region itself) is ``unlocated``, so children + unlocated = total.
- A 直辖市's children are its districts (GB/T 2260 puts one city, ``XX0100``, in between).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.codes.regions import Region, children, get_region, provinces, region_prefix
from industry_brain.enterprise.directory import DirectoryFilter, bind_statement, where_clause
from industry_brain.errors import NotFoundError
from industry_brain.maps.geometry import COUNTRY
from industry_brain.maps.schemas import Area, Figures, Heat, RegionRow, RegionsOut
from industry_brain.warehouse.cluster import get_cluster
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

PROFILE = ENTERPRISE_PROFILE
SOURCE = "应用层 ads_enterprise_profile（企业画像，每次运行数据管道后更新）"
HEAT_LABELS: dict[str, str] = {
    "count": "企业数（家）",
    "output": "近12个月工业总产值（万元）",
    "revenue": "近12个月营业收入（万元）",
}
CODE = "coalesce(county_code, city_code, province_code)"
FIGURES_SQL = (
    f"SELECT {CODE} AS code, count(*) AS enterprises, "
    "sum(CASE WHEN above_scale THEN 1 ELSE 0 END) AS above_scale, "
    "sum(revenue_12m_wan_yuan) AS revenue, sum(output_12m_wan_yuan) AS output "
    f"FROM {PROFILE} WHERE {{where}} GROUP BY {CODE}"
)


def area(code: str) -> Area:
    """Return 全国 or a GB/T 2260 region as a map area, or raise NotFoundError."""
    if code == COUNTRY:
        return Area(code=COUNTRY, name="全国", level="country")
    region = get_region(code)
    if region is None or region.code != code:
        raise NotFoundError(f"行政区划代码“{code}”不存在（GB/T 2260）")
    return _area(region)


def _area(region: Region) -> Area:
    return Area(
        code=region.code,
        name=region.name,
        level=region.level,
        longitude=region.longitude,
        latitude=region.latitude,
    )


def area_path(code: str) -> list[Area]:
    """Return the areas from 全国 down to ``code`` (a 直辖市's one city left out)."""
    path: list[Area] = []
    region = get_region(code) if code != COUNTRY else None
    while region is not None:
        if region.code == code or not _is_municipality_city(region):
            path.insert(0, _area(region))
        region = get_region(region.parent) if region.parent else None
    return [area(COUNTRY), *path]


def _is_municipality_city(region: Region) -> bool:
    parent = get_region(region.parent) if region.parent else None
    return parent is not None and region.level == "city" and _municipality_city(parent) is region


def _municipality_city(province: Region) -> Region | None:
    """Return the one city of a 直辖市 (its only child), or None for other provinces."""
    kids = children(province.code)
    return kids[0] if len(kids) == 1 and kids[0].level == "city" else None


def child_regions(code: str) -> list[Region]:
    """Return the regions the map shows under ``code`` (a county has none)."""
    if code == COUNTRY:
        return provinces()
    region = get_region(code)
    if region is None or region.level == "county":
        return []
    city = _municipality_city(region) if region.level == "province" else None
    return children(city.code if city else code)


def default_region(db: Session) -> str:
    """Return the cluster's region, where the map opens, or 全国 when none is set."""
    cluster = get_cluster(db)
    return cluster.region_code if cluster else COUNTRY


def list_query(filters: dict[str, str], code: str) -> str:
    """Return the /enterprises query listing a region's enterprises with these filters."""
    query = {key: value for key, value in filters.items() if key != "region" and value}
    return urlencode({**query, "region": code} if code != COUNTRY else query)


def region_filter(spec: DirectoryFilter, code: str) -> DirectoryFilter:
    """Return the list filter restricted to a region (全国: no restriction)."""
    return replace(spec, region=None if code == COUNTRY else code)


def latest_period(db: Session) -> str | None:
    """Return the last month of the published 12-month figures (YYYY-MM)."""
    if not is_published(db, "ads_enterprise_month"):
        return None
    found = db.execute(text("SELECT max(period) FROM ads_enterprise_month")).scalar()
    return str(found)[:7] if found is not None else None


def _grouped(db: Session, spec: DirectoryFilter) -> list[dict[str, Any]]:
    where, params = where_clause(spec)
    statement = bind_statement(FIGURES_SQL.format(where=where), params)
    return [dict(row) for row in db.execute(statement, params).mappings()]


def _add(figures: Figures, row: dict[str, Any]) -> None:
    figures.enterprises += int(row["enterprises"])
    figures.above_scale += int(row["above_scale"] or 0)
    for field, column in (("revenue_12m_wan_yuan", "revenue"), ("output_12m_wan_yuan", "output")):
        if row[column] is not None:
            current = getattr(figures, field) or 0.0
            setattr(figures, field, round(current + float(row[column]), 4))


def _child_of(code: str | None, prefixes: dict[str, str]) -> str | None:
    if code is None:
        return None
    return next((prefixes[code[:n]] for n in (2, 4, 6) if code[:n] in prefixes), None)


def heat_value(figures: Figures, heat: Heat) -> float:
    """Return the figure a region is shaded by."""
    if heat == "count":
        return float(figures.enterprises)
    value = figures.output_12m_wan_yuan if heat == "output" else figures.revenue_12m_wan_yuan
    return value or 0.0


def _tally(
    db: Session, spec: DirectoryFilter, code: str, kids: list[Region]
) -> tuple[dict[str, Figures], Figures, Figures]:
    """Return each child's figures, the region's total and what no child holds."""
    rows = {kid.code: Figures() for kid in kids}
    total, unlocated = Figures(), Figures()
    prefixes = {region_prefix(kid.code): kid.code for kid in kids}
    for row in _grouped(db, region_filter(spec, code)):
        _add(total, row)
        child = _child_of(row["code"], prefixes)
        if child or kids:
            _add(rows[child] if child else unlocated, row)
    return rows, total, unlocated


def regions(
    db: Session, *, code: str, spec: DirectoryFilter, heat: Heat, filters: dict[str, str]
) -> RegionsOut:
    """Return the child regions of ``code`` with their figures, largest heat first."""
    region, kids = area(code), child_regions(code)
    ready = is_published(db, PROFILE)
    rows, total, unlocated = _tally(db, spec, code, kids) if ready else ({}, Figures(), Figures())
    children_out = [
        RegionRow(
            **_area(kid).model_dump(),
            **rows.get(kid.code, Figures()).model_dump(),
            list_query=list_query(filters, kid.code),
        )
        for kid in kids
    ]
    children_out.sort(key=lambda row: (-heat_value(row, heat), row.code))
    return RegionsOut(
        ready=ready,
        region=region,
        path=area_path(code),
        heat=heat,
        heat_label=HEAT_LABELS[heat],
        children=children_out,
        total=total,
        unlocated=unlocated,
        list_query=list_query(filters, code),
        period=latest_period(db) if ready else None,
        source=SOURCE,
    )


def filter_options(db: Session) -> tuple[list[str], list[str]]:
    """Return the tags and the registration statuses found in the published profiles."""
    if not is_published(db, PROFILE):
        return [], []
    tags: set[str] = set()
    for (value,) in db.execute(text(f"SELECT DISTINCT tags FROM {PROFILE} WHERE tags <> ''")):
        tags.update(tag for tag in str(value).split("、") if tag)
    statuses = db.execute(
        text(f"SELECT DISTINCT status FROM {PROFILE} WHERE status IS NOT NULL ORDER BY status")
    ).scalars()
    return sorted(tags), [str(status) for status in statuses]
