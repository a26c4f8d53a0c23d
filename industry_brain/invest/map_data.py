"""What the 招商 map draws: a gap's best candidates as points coloured by score, and the
cluster's region centre. The base map is the 产业地图's (``/api/v1/map/geo/100000``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from industry_brain.codes.regions import get_region
from industry_brain.invest import service
from industry_brain.invest.api import gap_href, node_names
from industry_brain.invest.engine_schemas import ScoredCandidate
from industry_brain.invest.schemas import ClusterPlace, MapOut, MapPoint
from industry_brain.warehouse.cluster import get_cluster

MAX_POINTS = 2000
BATCH = 500  # the most the ranking service returns at once
GEO_URL = "/api/v1/map/geo/100000"


def cluster_place(db: Session) -> ClusterPlace | None:
    """Return the cluster's name and region centre, or None when no cluster is set."""
    cluster = get_cluster(db)
    region = get_region(cluster.region_code) if cluster else None
    if cluster is None or region is None:
        return None
    return ClusterPlace(
        name=cluster.name,
        region_code=region.code,
        region_name=region.full_name,
        longitude=region.longitude,
        latitude=region.latitude,
    )


def _point(found: ScoredCandidate) -> MapPoint | None:
    if found.longitude is None or found.latitude is None:
        return None
    place = "".join(dict.fromkeys(n for n in (found.province_name, found.city_name) if n))
    return MapPoint(
        uscc=found.uscc,
        name=found.name,
        position=found.position,
        score=found.score,
        longitude=found.longitude,
        latitude=found.latitude,
        place=place,
        href=f"{gap_href(found.template_id, found.node_id)}/candidates/{found.uscc}",
    )


def ranked(
    db: Session,
    template_id: str,
    node_id: str,
    *,
    province: str | None,
    min_score: float | None,
    limit: int,
) -> tuple[int, list[ScoredCandidate]]:
    """Return the number of candidates and the best ``limit`` of them, in order."""
    found: list[ScoredCandidate] = []
    total = 0
    while len(found) < limit:
        page = service.rank_candidates(
            db, template_id, node_id, limit=min(BATCH, limit - len(found)), offset=len(found),
            province=province, min_score=min_score,
        )  # fmt: skip
        total = page.total
        found += page.items
        if not page.items or len(found) >= total:
            break
    return total, found[:limit]


def map_config(
    db: Session,
    template_id: str,
    node_id: str,
    *,
    province: str | None = None,
    min_score: float | None = None,
) -> MapOut:
    """Return the map of a gap's candidates (or raise NotFoundError for an unknown node)."""
    template_name, node_name = node_names(template_id, node_id)
    total, best = ranked(
        db, template_id, node_id, province=province, min_score=min_score, limit=MAX_POINTS
    )
    points = [point for point in map(_point, best) if point is not None]
    return MapOut(
        template_id=template_id,
        template_name=template_name,
        node_id=node_id,
        node_name=node_name,
        gap_href=gap_href(template_id, node_id),
        province=province,
        min_score=min_score,
        total=total,
        drawn=len(points),
        without_coordinates=len(best) - len(points),
        omitted=total - len(best),
        points=points,
        cluster=cluster_place(db),
        geo_url=GEO_URL,
    )
