"""JSON API of the 产业地图: child regions with figures, enterprise points, map geometry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.enterprise.api import DirectoryQuery
from industry_brain.errors import AuthenticationError
from industry_brain.maps import geometry, points, service
from industry_brain.maps.schemas import Colour, Heat, PointsOut, RegionsOut
from industry_brain.web.deps import (
    SESSION_COOKIE,
    ApiUser,
    DbDep,
    SettingsDep,
    api_principal,
    page_principal,
)

router = APIRouter(prefix="/api/v1/map", tags=["map"])
# Query parameters of the map itself; every other one is a filter of the enterprise list.
MAP_PARAMETERS = frozenset({"region", "heat", "colour"})
# Base maps change with a deployment, not with the data: a week, revalidated by ETag.
GEO_CACHE = "private, max-age=604800"
RegionCode = Annotated[str | None, Query(pattern=r"^\d{6}$")]
HeatQuery = Annotated[Heat, Query(description="Shade regions by count, output or revenue.")]
ColourQuery = Annotated[Colour, Query(description="Colour points by chain node or tag.")]
TemplateQuery = Annotated[str | None, Query(max_length=64)]


def list_filters(request: Request) -> dict[str, str]:
    """Return the request's enterprise-list filters (what a drill-down link carries)."""
    return {k: v for k, v in request.query_params.items() if k not in MAP_PARAMETERS and v}


def map_reader(request: Request) -> Principal:
    """Return the user behind a bearer token, or the session of the page drawing the map."""
    if request.headers.get("authorization"):
        return api_principal(request)
    if not request.cookies.get(SESSION_COOKIE):
        raise AuthenticationError("需要 Bearer 令牌或登录会话")
    return page_principal(request)


@router.get("/regions", response_model=RegionsOut)
def get_regions(
    request: Request, db: DbDep, principal: ApiUser, spec: DirectoryQuery, heat: HeatQuery = "count"
) -> RegionsOut:
    """List the regions under ``region`` (default: the cluster's; 100000: 全国) with their
    enterprises, 规上, 近12个月营收 and 产值, filtered as the enterprise list is; each row's
    ``list_query`` opens /enterprises on exactly the enterprises it counts."""
    require(principal, "cockpit", "read")
    code = spec.region or service.default_region(db)
    filters = list_filters(request)
    return service.regions(db, code=code, spec=spec, heat=heat, filters=filters)


@router.get("/points", response_model=PointsOut)
def get_points(
    db: DbDep,
    principal: ApiUser,
    spec: DirectoryQuery,
    colour: ColourQuery = "node",
    template: TemplateQuery = None,
) -> PointsOut:
    """List the enterprises of ``region`` with coordinates (largest first, at most 2,000; the
    rest counted in ``omitted``), each with its colour key (chain node or tag)."""
    require(principal, "cockpit", "read")
    code = spec.region or service.default_region(db)
    return points.points(db, code=code, spec=spec, colour=colour, template_id=template)


@router.get(
    "/geo/{adcode}",
    responses={200: {"content": {"application/json": {}}, "description": "GeoJSON"}},
)
def get_geometry(
    request: Request,
    settings: SettingsDep,
    principal: Annotated[Principal, Depends(map_reader)],
    adcode: Annotated[str, Path(pattern=r"^\d{6}$")],
    nearest: bool = False,
) -> Response:
    """Return a region's GeoJSON (operator's ``IB_MAP_DIR/<adcode>.json``, else echarts@4.9.0);
    ``nearest``: the nearest enclosing region's map when the region has none of its own."""
    require(principal, "cockpit", "read")
    code = adcode
    if nearest:
        service.area(adcode)
        code = geometry.geometry_code(code=adcode, map_dir=settings.map_dir)
    found = geometry.geometry(code=code, map_dir=settings.map_dir)
    headers = {"Cache-Control": GEO_CACHE, "ETag": f'"{found.etag}"', "X-Map-Adcode": found.code}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type="application/json", headers=headers)
