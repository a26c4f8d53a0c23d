"""The demo population: local enterprises of the cluster and the outside 招商 pool.

Sizes are lognormal (times a per-sector factor) plus a few 链主-scale anchors, so that a
handful of firms dominate output as in a real cluster. Every local enterprise exists before
the first month of the operations window, so each has a full monthly series unless it
relocates. ``fate`` marks the planted stories: ``anchor``, ``shock``, ``relocation``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from industry_brain.codes.regions import Region
from industry_brain.warehouse.demo import places
from industry_brain.warehouse.demo.identities import CodeBook, local_prefix
from industry_brain.warehouse.demo.scope import business_scope
from industry_brain.warehouse.demo.sector import Sector, all_sectors, is_industrial, sector_by_key

_ANCHORS: tuple[tuple[str, float], ...] = (
    ("vehicle_manufacturing", 5_200_000.0),
    ("battery_cells", 3_600_000.0),
    ("battery_cells", 1_500_000.0),
    ("drive_motors", 600_000.0),
    ("cathode", 450_000.0),
)
_CAPITALS = (10, 30, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000,
             20000, 30000, 50000, 100000, 200000, 500000)  # fmt: skip
_MEDIAN_REVENUE_WAN_YUAN = 230.0
_SIGMA = 1.45


@dataclass(slots=True)
class Enterprise:
    """One generated enterprise; revenue and employees are the levels at the window start."""

    uscc: str
    name: str
    trade: str
    prefix: str
    sector: Sector
    local: bool
    region: Region
    address: str
    established_on: date
    industry_code: str
    business_scope: str
    capital_wan_yuan: float
    revenue_wan_yuan: float
    employees: int
    status: str
    products: list[tuple[str, str]] = field(default_factory=list)
    fate: str = "normal"
    above_scale: bool = False
    former_name: str | None = None


@dataclass(frozen=True)
class Context:
    """What every part of the generator shares: seeds, the window and the code book."""

    rng: random.Random
    np_rng: np.random.Generator
    codes: CodeBook
    window_start: date
    window_end: date


def _pick_sectors(rng: random.Random, count: int, *, local: bool) -> list[Sector]:
    sectors = all_sectors()
    weights = [s.local_weight if local else s.outside_weight for s in sectors]
    return rng.choices(sectors, weights=weights, k=count)


def _established(ctx: Context, revenue: float, latest: date) -> date:
    extra = 2.0 * max(0.0, float(np.log10(revenue / _MEDIAN_REVENUE_WAN_YUAN)))
    age_years = min(ctx.rng.expovariate(1 / 9.0) + 0.2 + extra, 34.0)
    founded = latest - timedelta(days=int(age_years * 365.25))
    return max(founded, date(1990, 3, 1))


def _capital(ctx: Context, revenue: float) -> float:
    target = revenue * float(ctx.np_rng.lognormal(-0.9, 0.9))
    return float(min(_CAPITALS, key=lambda value: abs(np.log(value) - np.log(max(target, 1.0)))))


def _employees(ctx: Context, sector: Sector, revenue: float) -> int:
    # Labour productivity rises with scale: a workshop earns far less per head than a plant.
    scale = min(2.0, max(0.3, float((revenue / 5000.0) ** 0.25)))
    productivity = sector.revenue_per_employee_wan_yuan * scale
    productivity *= float(ctx.np_rng.lognormal(0.0, 0.35))
    return max(3, round(revenue / productivity))


def _industry_code(rng: random.Random, sector: Sector) -> str:
    weights = (6, 3, 1, 1)[: len(sector.industry_codes)]
    return rng.choices(sector.industry_codes, weights=weights)[0]


def _products(rng: random.Random, sector: Sector) -> list[tuple[str, str]]:
    count = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
    return rng.sample(sector.products, min(count, len(sector.products)))


def _make(
    ctx: Context,
    sector: Sector,
    revenue: float,
    place: places.Place,
    *,
    status: str,
    local: bool = True,
    fate: str = "normal",
) -> Enterprise:
    rng = ctx.rng
    latest = ctx.window_start - timedelta(days=31) if local else ctx.window_end
    established = _established(ctx, revenue, latest)
    if local:
        prefix = local_prefix(rng, place.region.code, provincial=revenue >= 3000)
    else:
        prefix = places.city_short_name(place.region) + ("市" if rng.random() < 0.3 else "")
    big = revenue >= 50_000 and rng.random() < 0.7
    words = sector.name_words[:1] if fate == "anchor" else sector.name_words
    name, trade = ctx.codes.name(prefix, words, "股份有限公司" if big else "有限公司")
    products = list(sector.products[:3]) if fate == "anchor" else _products(rng, sector)
    return Enterprise(
        uscc=ctx.codes.uscc(place.region.code, established),
        name=name,
        trade=trade,
        prefix=prefix,
        sector=sector,
        local=local,
        region=place.region,
        address=place.address,
        established_on=established,
        industry_code=_industry_code(rng, sector),
        business_scope=business_scope(rng, sector, products, established),
        capital_wan_yuan=_capital(ctx, revenue),
        revenue_wan_yuan=revenue,
        employees=_employees(ctx, sector, revenue),
        status=status,
        products=products,
        fate=fate,
    )


def local_enterprises(ctx: Context, count: int) -> list[Enterprise]:
    """Return the cluster's enterprises, anchors first, then ordered as drawn."""
    anchors = _ANCHORS[: max(2, min(len(_ANCHORS), round(count / 700)))]
    sectors = [sector_by_key(key) for key, _ in anchors]
    sectors += _pick_sectors(ctx.rng, count - len(anchors), local=True)
    sizes = ctx.np_rng.lognormal(np.log(_MEDIAN_REVENUE_WAN_YUAN), _SIGMA, size=count)
    codes, shares = places.district_weights()
    result: list[Enterprise] = []
    for index, sector in enumerate(sectors):
        if index < len(anchors):
            revenue = anchors[index][1] * float(ctx.np_rng.uniform(0.9, 1.1))
        else:
            revenue = float(sizes[index]) * sector.size_factor
        district = ctx.rng.choices(codes, weights=shares)[0]
        place = places.local_place(ctx.rng, district)
        status = ctx.rng.choices(("存续", "在业"), weights=(7, 3))[0]
        fate = "anchor" if index < len(anchors) else "normal"
        result.append(_make(ctx, sector, revenue, place, status=status, fate=fate))
    return result


def outside_enterprises(ctx: Context, count: int) -> list[Enterprise]:
    """Return the 招商 candidate pool registered in other provinces."""
    sectors = _pick_sectors(ctx.rng, count, local=False)
    sizes = ctx.np_rng.lognormal(np.log(_MEDIAN_REVENUE_WAN_YUAN * 2), _SIGMA, size=count)
    result: list[Enterprise] = []
    for index, sector in enumerate(sectors):
        place = places.outside_place(ctx.rng, sector.provinces)
        status = ctx.rng.choices(("存续", "在业", "注销", "吊销"), weights=(68, 28, 2.5, 1.5))[0]
        revenue = float(sizes[index]) * sector.size_factor
        result.append(_make(ctx, sector, revenue, place, local=False, status=status))
    return result


def plant_fates(ctx: Context, enterprises: list[Enterprise]) -> None:
    """Mark about 2% of local manufacturers for a shock and about 1% for relocation."""
    candidates = [
        e
        for e in enterprises
        if e.fate == "normal"
        and is_industrial(e.industry_code)
        and 300 <= e.revenue_wan_yuan <= 200_000
    ]
    shocks = max(1, round(len(enterprises) * 0.02))
    moves = max(1, round(len(enterprises) * 0.01))
    chosen = ctx.rng.sample(candidates, min(len(candidates), shocks + moves))
    for position, enterprise in enumerate(chosen):
        enterprise.fate = "shock" if position < shocks else "relocation"
