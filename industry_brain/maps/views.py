"""The 产业地图 page: the map with its filters and legend, and the regions' figures as a table
(the table is also the map's accessible alternative)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.chain.template import all_templates
from industry_brain.enterprise.api import DirectoryQuery
from industry_brain.maps import points, service
from industry_brain.maps.api import ColourQuery, HeatQuery, TemplateQuery, list_filters
from industry_brain.maps.schemas import PointsOut, RegionsOut
from industry_brain.web.deps import DbDep, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
PALETTE = (
    "#1557b0", "#d9480f", "#2b8a3e", "#ae3ec9", "#e67700", "#0c8599",
    "#c2255c", "#5f3dc4", "#74b816", "#495057", "#1098ad", "#f08c00",
)  # fmt: skip
NO_KEY_COLOUR = "#9aa5b1"
LEVEL_LABELS = {"province": "省份", "city": "市（州）", "county": "区县"}
PRECISIONS = {
    "address": "地址坐标",
    "county": "区县中心",
    "city": "城市中心",
    "province": "省份中心",
}


def colours(drawn: PointsOut) -> dict[str, str]:
    """Return the colour of each legend key, in legend order."""
    keys = [entry.key for entry in drawn.legend if entry.key]
    found = {key: PALETTE[index % len(PALETTE)] for index, key in enumerate(keys)}
    return {**found, "": NO_KEY_COLOUR}


def _context(
    db: Session, request: Request, principal: Principal, found: RegionsOut, drawn: PointsOut
) -> dict[str, Any]:
    query = {k: v for k, v in request.query_params.items() if k != "region" and v}
    tags, statuses = service.filter_options(db)
    templates = all_templates()
    chosen = templates.get(drawn.template or request.query_params.get("template") or "")
    palette = colours(drawn)
    return {
        "regions": found,
        "drawn": drawn,
        "query": query,
        "map_base": urlencode(query),
        "templates": list(templates.values()),
        "chosen": chosen,
        "tags": tags,
        "statuses": statuses,
        "palette": palette,
        "child_level": LEVEL_LABELS[found.children[0].level] if found.children else "",
        "precisions": PRECISIONS,
        "can_list": is_allowed(principal, "enterprise.directory", "read"),
        "config": {
            "regions": found.model_dump(mode="json"),
            "points": drawn.model_dump(mode="json"),
            "colours": palette,
            "mapBase": urlencode(query),
        },
    }


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    db: DbDep,
    principal: PageUser,
    spec: DirectoryQuery,
    heat: HeatQuery = "count",
    colour: ColourQuery = "node",
    template: TemplateQuery = None,
) -> Response:
    """Show a region's enterprises on the map (default: the cluster's region), filtered."""
    require(principal, "cockpit", "read")
    code = spec.region or service.default_region(db)
    filters = list_filters(request)
    found = service.regions(db, code=code, spec=spec, heat=heat, filters=filters)
    drawn = points.points(db, code=code, spec=spec, colour=colour, template_id=template)
    context = _context(db, request, principal, found, drawn)
    return render(request, "maps/index.html", context, principal=principal)
