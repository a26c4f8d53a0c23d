"""Monthly operations (企业经营月报) of the local enterprises, with planted shocks and moves.

The figures hang together the way the statistics, tax and grid systems see them: activity
follows the season, a per-firm trend and autocorrelated noise; revenue and output follow
activity; tax is a few per cent of revenue, heavier in the months income tax is prepaid;
electricity follows output plus a base load; energy converts electricity (0.1229 kgce/kWh)
plus a per-firm share of other fuels. A shock cuts revenue and electricity from one month
on; a relocation drains electricity, tax and employees over several months, after which the
enterprise leaves the region and reports no more (its rows stop before ``moved``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from industry_brain.warehouse.demo.months import seasonal_weight
from industry_brain.warehouse.demo.population import Context, Enterprise
from industry_brain.warehouse.demo.sector import is_industrial

KGCE_PER_KWH = 0.1229
_TAX_PREPAY_MONTHS = (1, 4, 7, 10)


@dataclass(frozen=True)
class Shock:
    """A sudden fall from month ``start`` on; drops are fractions (0.6 = fell by 60%)."""

    enterprise: Enterprise
    start: int
    revenue_drop: float
    electricity_drop: float


@dataclass(frozen=True)
class Relocation:
    """Signals from month ``signal``; rows stop before month ``moved`` (the 迁出 month)."""

    enterprise: Enterprise
    signal: int
    moved: int
    electricity_floor: float
    employee_floor: float
    revenue_floor: float


@dataclass(frozen=True)
class Panel:
    """The monthly figures, one row per enterprise and one column per month."""

    revenue: np.ndarray
    output: np.ndarray
    tax: np.ndarray
    electricity: np.ndarray
    employees: np.ndarray
    rd: np.ndarray
    export: np.ndarray
    energy: np.ndarray
    reported: np.ndarray

    def last_reported(self, row: int) -> int:
        """Return the index of the enterprise's last reported month."""
        return int(np.flatnonzero(self.reported[row])[-1])


def plan_stories(
    ctx: Context, enterprises: list[Enterprise], months: int
) -> tuple[list[Shock], list[Relocation]]:
    """Draw when and how hard each marked enterprise is hit or moves away."""
    rng = ctx.rng
    shocks: list[Shock] = []
    moves: list[Relocation] = []
    for enterprise in enterprises:
        if enterprise.fate == "shock":
            revenue_drop = rng.uniform(0.35, 0.7)
            electricity = min(0.9, revenue_drop + rng.uniform(0.05, 0.15))
            start = rng.randint(12, months - 4)
            shocks.append(Shock(enterprise, start, round(revenue_drop, 3), round(electricity, 3)))
        elif enterprise.fate == "relocation":
            duration = rng.randint(5, 9)
            signal = rng.randint(14, months - 1 - duration)
            moves.append(
                Relocation(
                    enterprise,
                    signal,
                    signal + duration,
                    round(rng.uniform(0.02, 0.12), 3),
                    round(rng.uniform(0.1, 0.3), 3),
                    round(rng.uniform(0.3, 0.5), 3),
                )
            )
    return shocks, moves


def _activity(ctx: Context, enterprises: list[Enterprise], months: list[date]) -> np.ndarray:
    rng = ctx.np_rng
    count, length = len(enterprises), len(months)
    base = np.array([e.revenue_wan_yuan for e in enterprises]) / 12.0
    chain = np.array([e.sector.in_chain for e in enterprises])
    growth = np.where(chain, rng.normal(0.10, 0.15, count), rng.normal(0.03, 0.10, count))
    growth[[e.fate == "anchor" for e in enterprises]] = rng.uniform(0.12, 0.25)
    # Firms that end up leaving have mostly stopped growing here before the move.
    growth[[e.fate == "relocation" for e in enterprises]] = rng.uniform(-0.05, 0.08)
    growth = np.clip(growth, -0.3, 0.8)
    trend = (1.0 + growth)[:, None] ** (np.arange(length)[None, :] / 12.0)
    season = np.array([seasonal_weight(month) for month in months])
    sigma = np.clip(0.2 - 0.03 * np.log10(base * 12.0), 0.03, 0.2)
    noise = np.empty((count, length))
    state = rng.normal(0.0, 1.0, count) * sigma
    for column in range(length):
        state = 0.5 * state + rng.normal(0.0, 1.0, count) * sigma
        noise[:, column] = state
    result: np.ndarray = base[:, None] * season[None, :] * trend * np.exp(noise)
    return result


def _story_factors(
    count: int, length: int, shocks: list[Shock], moves: list[Relocation], index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return multipliers for revenue, electricity, tax, employees and the reported mask."""
    revenue = np.ones((count, length))
    tax = np.ones((count, length))
    electricity = np.ones((count, length))
    employees = np.ones((count, length))
    reported = np.ones((count, length), dtype=bool)
    for shock in shocks:
        row = index[shock.enterprise.uscc]
        revenue[row, shock.start :] = 1.0 - shock.revenue_drop
        electricity[row, shock.start :] = 1.0 - shock.electricity_drop
        later = min(length, shock.start + 2)
        employees[row, later:] = 1.0 - shock.revenue_drop / 3.0
    for move in moves:
        row = index[move.enterprise.uscc]
        duration = move.moved - move.signal
        progress = (np.arange(1, duration + 1) / duration) ** 0.5
        span = slice(move.signal, move.moved)
        electricity[row, span] = 1.0 - (1.0 - move.electricity_floor) * progress
        employees[row, span] = 1.0 - (1.0 - move.employee_floor) * progress
        revenue[row, span] = 1.0 - (1.0 - move.revenue_floor) * progress
        tax[row, span] = electricity[row, span] / revenue[row, span]
        reported[row, move.moved :] = False
    return revenue, electricity, tax, employees, reported


def simulate(
    ctx: Context,
    enterprises: list[Enterprise],
    months: list[date],
    shocks: list[Shock],
    moves: list[Relocation],
) -> Panel:
    """Return the monthly figures of these enterprises over these months."""
    rng = ctx.np_rng
    count, length = len(enterprises), len(months)
    shape = (count, length)
    index = {e.uscc: row for row, e in enumerate(enterprises)}
    activity = _activity(ctx, enterprises, months)
    f_revenue, f_electricity, f_tax, f_employees, reported = _story_factors(
        count, length, shocks, moves, index
    )
    revenue = activity * f_revenue
    industrial = np.array([is_industrial(e.industry_code) for e in enterprises])
    output_ratio = rng.uniform(0.92, 1.08, count)[:, None] * np.exp(rng.normal(0, 0.03, shape))
    output = np.where(industrial[:, None], revenue * output_ratio, np.nan)
    month_numbers = np.array([month.month for month in months])
    prepay = np.where(np.isin(month_numbers, _TAX_PREPAY_MONTHS), 1.35, 0.83)
    tax_rate = np.where(industrial, rng.uniform(0.015, 0.06, count), rng.uniform(0.03, 0.07, count))
    tax = revenue * f_tax * tax_rate[:, None] * prepay[None, :]
    tax = tax * np.exp(rng.normal(0, 0.15, shape))
    intensity = np.array([e.sector.kwh_per_wan_yuan for e in enterprises])
    intensity = intensity * rng.lognormal(0.0, 0.3, count)
    load = 0.85 * activity + 0.15 * activity.mean(axis=1, keepdims=True)
    electricity = load * intensity[:, None] * f_electricity * np.exp(rng.normal(0, 0.05, shape))
    fuel = np.where(industrial, rng.uniform(0.05, 0.8, count), 0.02)
    energy = electricity * KGCE_PER_KWH / 1000.0 * (1.0 + fuel[:, None])
    energy = energy * np.exp(rng.normal(0, 0.03, shape))
    return Panel(
        revenue=revenue,
        output=output,
        tax=tax,
        electricity=electricity,
        employees=_employees(ctx, enterprises, length, f_employees),
        rd=_rd(ctx, enterprises, revenue, month_numbers),
        export=_export(ctx, enterprises, revenue),
        energy=energy,
        reported=reported,
    )


def _employees(
    ctx: Context, enterprises: list[Enterprise], length: int, factor: np.ndarray
) -> np.ndarray:
    rng = ctx.np_rng
    base = np.array([e.employees for e in enterprises], dtype=float)
    growth = rng.normal(0.03, 0.05, len(enterprises))
    trend = (1.0 + growth)[:, None] ** (np.arange(length)[None, :] / 12.0)
    noise = np.exp(rng.normal(0, 0.01, (len(enterprises), length)))
    result: np.ndarray = np.maximum(1, np.rint(base[:, None] * trend * noise * factor))
    return result


def _rd(
    ctx: Context, enterprises: list[Enterprise], revenue: np.ndarray, month_numbers: np.ndarray
) -> np.ndarray:
    rng = ctx.np_rng
    count = len(enterprises)
    ratio = np.array([e.sector.rd_ratio for e in enterprises]) * rng.lognormal(0, 0.5, count)
    small = np.array([e.revenue_wan_yuan < 1000 for e in enterprises])
    ratio = np.where(small & (rng.random(count) < 0.35), 0.0, ratio)
    year_end = np.where(month_numbers == 12, 1.5, 1.0)
    lumps = rng.gamma(2.0, 0.5, revenue.shape)
    result: np.ndarray = revenue * ratio[:, None] * year_end[None, :] * lumps
    return result


def _export(ctx: Context, enterprises: list[Enterprise], revenue: np.ndarray) -> np.ndarray:
    rng = ctx.np_rng
    count = len(enterprises)
    probability = np.array([e.sector.export_probability for e in enterprises])
    share = np.where(rng.random(count) < probability, rng.uniform(0.05, 0.6, count), 0.0)
    noisy = share[:, None] * np.exp(rng.normal(0, 0.2, revenue.shape))
    result: np.ndarray = revenue * np.minimum(noisy, 0.95)
    return result
