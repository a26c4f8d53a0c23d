"""Enterprises of a region as points at their coordinates, coloured by chain node or by tag.

The points are the rows the enterprise list shows for the same region and filters, those
with coordinates, largest 近12个月营收 first, at most ``limit`` (the rest are counted). An
enterprise whose ``location_precision`` is not ``address`` sits at its region's centre.

Colours: ``node`` is the rank-1 node of the latest run of a chain template (the first
template with a run when none is chosen); ``tag`` is the enterprise's rarest honour among the
points returned (the one fewest of them hold; 规上 only for those without an honour).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.chain.service import latest_run, template_or_404
from industry_brain.chain.template import ChainTemplate, all_templates
from industry_brain.enterprise.directory import DirectoryFilter, bind_statement, where_clause
from industry_brain.maps.schemas import Colour, LegendEntry, Point, PointsOut
from industry_brain.maps.service import PROFILE, SOURCE, area, region_filter
from industry_brain.warehouse.pipeline.publish import is_published

POINT_LIMIT = 2000
NO_KEY = ""
SIZE_TAG = "规上"
LOCATED = "longitude IS NOT NULL AND latitude IS NOT NULL"
COUNT_SQL = (
    f"SELECT count(*) AS matching, sum(CASE WHEN {LOCATED} THEN 1 ELSE 0 END) AS located "
    f"FROM {PROFILE} WHERE {{where}}"
)
POINTS_SQL = (
    "SELECT uscc, name, longitude, latitude, location_precision, tags, "
    "(SELECT a.node_id FROM chain_assignments a WHERE a.run_id = :map_run "
    f"AND a.uscc = {PROFILE}.uscc AND a.rank = 1 ORDER BY a.node_id LIMIT 1) AS node_id "
    f"FROM {PROFILE} WHERE {{where}} AND {LOCATED} "
    "ORDER BY revenue_12m_wan_yuan DESC NULLS LAST, uscc LIMIT :map_limit"
)


def colour_template(db: Session, template_id: str | None) -> ChainTemplate | None:
    """Return the chosen template, else the first one with a classification run."""
    if template_id:
        return template_or_404(template_id)
    return next((t for t in all_templates().values() if latest_run(db, t.id)), None)


def _tag_keys(rows: list[dict[str, Any]]) -> list[str]:
    tags = [[tag for tag in (row["tags"] or "").split("、") if tag] for row in rows]
    held = Counter(tag for found in tags for tag in found)
    # An honour says more than 规上, so 规上 is a point's key only when it has no honour.
    return [
        min(found, key=lambda tag: (tag == SIZE_TAG, held[tag], tag)) if found else NO_KEY
        for found in tags
    ]


def _legend(keys: list[str], labels: dict[str, str], none_label: str) -> list[LegendEntry]:
    counts = Counter(keys)
    order = [key for key in labels if counts[key]]
    order += sorted((k for k in counts if k not in labels and k), key=lambda k: (-counts[k], k))
    entries = [LegendEntry(key=key, label=labels.get(key, key), count=counts[key]) for key in order]
    if counts[NO_KEY]:
        entries.append(LegendEntry(key=NO_KEY, label=none_label, count=counts[NO_KEY]))
    return entries


def _colours(
    rows: list[dict[str, Any]], colour: Colour, template: ChainTemplate | None
) -> tuple[list[str], list[LegendEntry]]:
    """Return each row's colour key and the legend."""
    if colour == "tag":
        keys = _tag_keys(rows)
        return keys, _legend(keys, {}, "无标签")
    keys = [row["node_id"] or NO_KEY for row in rows]
    labels = {node.id: node.name for node in template.nodes} if template else {}
    return keys, _legend(keys, labels, "未归入本链" if template else "尚无产业链分类")


def points(
    db: Session,
    *,
    code: str,
    spec: DirectoryFilter,
    colour: Colour,
    template_id: str | None,
    limit: int = POINT_LIMIT,
) -> PointsOut:
    """Return the region's enterprises with coordinates, largest first, at most ``limit``."""
    region = area(code)
    template = colour_template(db, template_id) if colour == "node" else None
    empty = PointsOut(
        ready=False, region=region, colour=colour, template=template.id if template else None,
        matching=0, located=0, returned=0, omitted=0, limit=limit, legend=[], points=[],
        source=SOURCE,
    )  # fmt: skip
    if not is_published(db, PROFILE):
        return empty
    run = latest_run(db, template.id) if template else None
    where, params = where_clause(region_filter(spec, code))
    counts = db.execute(bind_statement(COUNT_SQL.format(where=where), params), params).one()
    extra = {**params, "map_run": run.id if run else "", "map_limit": limit}
    statement = bind_statement(POINTS_SQL.format(where=where), params)
    rows = [dict(row) for row in db.execute(statement, extra).mappings()]
    keys, legend = _colours(rows, colour, template)
    located = int(counts.located or 0)
    return empty.model_copy(
        update={
            "ready": True,
            "matching": int(counts.matching),
            "located": located,
            "returned": len(rows),
            "omitted": located - len(rows),
            "legend": legend,
            "points": [_point(row, key) for row, key in zip(rows, keys, strict=True)],
        }
    )


def _point(row: dict[str, Any], key: str) -> Point:
    return Point(
        uscc=row["uscc"],
        name=row["name"],
        longitude=float(row["longitude"]),
        latitude=float(row["latitude"]),
        precision=row["location_precision"] or "",
        key=key,
    )
