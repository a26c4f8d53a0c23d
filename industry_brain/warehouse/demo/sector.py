"""The sectors the demo population is drawn from: chain nodes and a few unrelated trades.

A sector carries everything the generator needs to make a plausible enterprise of that
kind: GB/T 4754-2017 industry codes, words for its name, main products, 经营范围 items,
IPC classes for its patents and the economic ratios its monthly figures follow. The chain
sectors use the node ids of the 新能源汽车 chain template (issue 4); the others have
``stage`` ``None`` and belong to no node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

Stage = str  # 上游 / 中游 / 下游


@dataclass(frozen=True)
class Sector:
    """One kind of enterprise: a chain node or an unrelated trade."""

    key: str
    name: str
    stage: Stage | None
    industry_codes: tuple[str, ...]
    name_words: tuple[str, ...]
    products: tuple[tuple[str, str], ...]
    scope_items: tuple[str, ...]
    ipc: tuple[str, ...]
    local_weight: float
    outside_weight: float
    size_factor: float = 1.0
    kwh_per_wan_yuan: float = 150.0
    rd_ratio: float = 0.03
    export_probability: float = 0.2
    revenue_per_employee_wan_yuan: float = 90.0
    licensed_items: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()

    @property
    def in_chain(self) -> bool:
        """Whether the sector is a node of the 新能源汽车 chain."""
        return self.stage is not None


# Supplier node → buyer nodes: the direction goods flow along the chain.
SUPPLY_EDGES: dict[str, tuple[str, ...]] = {
    "lithium_resources": ("cathode", "electrolyte"),
    "cathode": ("battery_cells",),
    "anode": ("battery_cells",),
    "electrolyte": ("battery_cells",),
    "separator": ("battery_cells",),
    "copper_aluminum_foil": ("battery_cells",),
    "rare_earth_magnets": ("drive_motors",),
    "power_semiconductors": ("motor_controllers", "charging_swapping", "bms"),
    "auto_chips": ("bms", "motor_controllers", "smart_cockpit", "autonomous_driving"),
    "battery_cells": ("vehicle_manufacturing", "charging_swapping"),
    "bms": ("battery_cells", "vehicle_manufacturing"),
    "drive_motors": ("vehicle_manufacturing",),
    "motor_controllers": ("vehicle_manufacturing",),
    "thermal_management": ("vehicle_manufacturing", "battery_cells"),
    "body_chassis": ("vehicle_manufacturing",),
    "interior_exterior": ("vehicle_manufacturing",),
    "smart_cockpit": ("vehicle_manufacturing",),
    "autonomous_driving": ("vehicle_manufacturing",),
    "connectors_wiring": ("vehicle_manufacturing", "battery_cells", "charging_swapping"),
    "tires_wheels": ("vehicle_manufacturing",),
    "vehicle_manufacturing": ("aftermarket",),
    "aftermarket": ("battery_recycling",),
    "battery_recycling": ("cathode", "lithium_resources"),
    "machinery_parts": ("body_chassis", "drive_motors", "thermal_management"),
    "fasteners": ("body_chassis", "vehicle_manufacturing", "interior_exterior"),
    "bearings": ("drive_motors", "tires_wheels"),
    "surface_treatment": ("body_chassis", "tires_wheels"),
}


@lru_cache(maxsize=1)
def all_sectors() -> tuple[Sector, ...]:
    """Return every sector, chain nodes first (upstream to downstream), then the others."""
    from industry_brain.warehouse.demo.sectors_down import DOWNSTREAM
    from industry_brain.warehouse.demo.sectors_mid import MIDSTREAM
    from industry_brain.warehouse.demo.sectors_other import OTHER
    from industry_brain.warehouse.demo.sectors_up import UPSTREAM

    return UPSTREAM + MIDSTREAM + DOWNSTREAM + OTHER


def is_industrial(industry_code: str) -> bool:
    """Whether GB/T 4754 places the code in 采矿业, 制造业 or utilities (工业, 06–46)."""
    return "06" <= industry_code[:2] <= "46"


def sector_by_key(key: str) -> Sector:
    """Return the sector with this key."""
    return next(sector for sector in all_sectors() if sector.key == key)


def buyers_of(key: str) -> tuple[str, ...]:
    """Return the sector keys that buy from this sector."""
    return SUPPLY_EDGES.get(key, ())


def suppliers_of(key: str) -> tuple[str, ...]:
    """Return the sector keys that supply this sector, in a stable order."""
    return tuple(source for source, targets in SUPPLY_EDGES.items() if key in targets)
