"""Response models of the map API (also what the pages and the cockpit panel render)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["country", "province", "city", "county"]
Heat = Literal["count", "output", "revenue"]
Colour = Literal["node", "tag"]


class Area(BaseModel):
    """A region of the map: 全国 (100000) or a GB/T 2260 province, city or county."""

    code: str
    name: str
    level: Level
    longitude: float | None = Field(default=None, description="Centre (county seat) if known.")
    latitude: float | None = None


class Figures(BaseModel):
    """Published enterprise profiles of a region that pass the filters."""

    enterprises: int = 0
    above_scale: int = Field(default=0, description="Of them 规上.")
    revenue_12m_wan_yuan: float | None = Field(
        default=None, description="Sum of 近12个月营业收入 (万元); null when none reported."
    )
    output_12m_wan_yuan: float | None = Field(
        default=None, description="Sum of 近12个月工业总产值 (万元); null when none reported."
    )


class RegionRow(Area, Figures):
    """A child region with its figures and the enterprise list that counts the same rows."""

    list_query: str = Field(description="Query string of /enterprises listing these enterprises.")


class RegionsOut(BaseModel):
    """The child regions of a region with their figures (产业地图)."""

    ready: bool = Field(description="False until a pipeline run has published the profiles.")
    region: Area
    path: list[Area] = Field(description="From 全国 down to the region.")
    heat: Heat
    heat_label: str
    children: list[RegionRow]
    total: Figures
    unlocated: Figures = Field(
        description="Enterprises of the region whose registered address is known only to the "
        "region itself, not to one of its children."
    )
    list_query: str
    period: str | None = Field(description="Last month (YYYY-MM) of the 12 months summed.")
    source: str


class Point(BaseModel):
    """An enterprise at its coordinates."""

    uscc: str
    name: str
    longitude: float
    latitude: float
    precision: str = Field(description="address, or county/city/province: the region's centre.")
    key: str = Field(description="Colour key: node id, or tag; empty when it has none.")


class LegendEntry(BaseModel):
    """A colour of the points: its key, label and how many returned points have it."""

    key: str
    label: str
    count: int


class PointsOut(BaseModel):
    """Enterprises of a region drawn as points, largest revenue first, at most ``limit``."""

    ready: bool
    region: Area
    colour: Colour
    template: str | None = Field(description="Chain template whose latest run colours by node.")
    matching: int = Field(description="Enterprises passing the filters in the region.")
    located: int = Field(description="Of them with coordinates.")
    returned: int
    omitted: int = Field(description="Located enterprises left out by the limit.")
    limit: int
    legend: list[LegendEntry]
    points: list[Point]
    source: str
