"""Supply relations (供需关系) along the chain, quarter by quarter.

Each local chain enterprise buys from a few suppliers in the sectors that supply its node
(materials → cells → packs → vehicles …). Suppliers are local when the cluster has them;
the fewer local firms a node has, the more its buyers depend on outside suppliers, which is
what the weak-link analysis is meant to find. Some local suppliers also sell to outside
buyers. A quarter's amount is a share of the buyer's revenue capped by a share of the
supplier's, and a relation stops when either side leaves the region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from industry_brain.warehouse.demo.months import period_text
from industry_brain.warehouse.demo.operations import Panel
from industry_brain.warehouse.demo.population import Context, Enterprise
from industry_brain.warehouse.demo.sector import buyers_of, suppliers_of
from industry_brain.warehouse.demo.tables import Row

_SOURCES = ("增值税发票", "企业自报", "第三方数据")
_ACTIVE = ("存续", "在业")


@dataclass(frozen=True)
class _Quarters:
    """Quarter-end months of the window and the local enterprises' quarterly revenue."""

    ends: list[int]
    revenue: np.ndarray
    reported: np.ndarray


def _quarters(months: list[date], panel: Panel) -> _Quarters:
    ends = [index for index, month in enumerate(months) if month.month % 3 == 0]
    starts = [max(0, end - 2) for end in ends]
    revenue = np.stack(
        [panel.revenue[:, s : e + 1].sum(axis=1) for s, e in zip(starts, ends, strict=True)],
        axis=1,
    )
    reported = np.stack([panel.reported[:, e] for e in ends], axis=1)
    return _Quarters(ends, revenue, reported)


class _Pools:
    """Enterprises by sector, local and outside, with their quarterly revenue."""

    def __init__(self, local: list[Enterprise], outside: list[Enterprise], q: _Quarters) -> None:
        self.row = {e.uscc: row for row, e in enumerate(local)}
        self.q = q
        self.local: dict[str, list[Enterprise]] = {}
        self.outside: dict[str, list[Enterprise]] = {}
        for enterprise in local:
            self.local.setdefault(enterprise.sector.key, []).append(enterprise)
        for enterprise in outside:
            if enterprise.status in _ACTIVE:
                self.outside.setdefault(enterprise.sector.key, []).append(enterprise)

    def quarterly(self, enterprise: Enterprise) -> np.ndarray:
        """Return the enterprise's revenue per quarter (zero when it no longer reports)."""
        if enterprise.uscc in self.row:
            row = self.row[enterprise.uscc]
            result: np.ndarray = self.q.revenue[row] * self.q.reported[row]
            return result
        return np.full(len(self.q.ends), enterprise.revenue_wan_yuan / 4.0)

    def pick(self, ctx: Context, sector: str) -> Enterprise | None:
        """Pick a supplier of this sector, local or outside, larger firms more often."""
        local, outside = self.local.get(sector, []), self.outside.get(sector, [])
        p_local = len(local) / (len(local) + 0.15 * len(outside) + 10.0)
        pool = local if local and (not outside or ctx.rng.random() < p_local) else outside
        if not pool:
            return None
        weights = [math.sqrt(e.revenue_wan_yuan) for e in pool]
        return ctx.rng.choices(pool, weights=weights)[0]


def relation_rows(
    ctx: Context,
    local: list[Enterprise],
    outside: list[Enterprise],
    months: list[date],
    panel: Panel,
) -> list[Row]:
    """Return the supply relations, grouped by pair and ordered by quarter."""
    pools = _Pools(local, outside, _quarters(months, panel))
    periods = [period_text(months[end]) for end in pools.q.ends]
    pairs: dict[tuple[str, str], tuple[Enterprise, Enterprise]] = {}
    for buyer in local:
        sources = suppliers_of(buyer.sector.key)
        if not sources:
            continue
        wanted = int(0.8 * math.log10(max(buyer.revenue_wan_yuan, 10.0)) + ctx.rng.random() * 2)
        for _ in range(min(max(wanted, 1), 14)):
            supplier = pools.pick(ctx, ctx.rng.choice(sources))
            if supplier is not None and supplier.uscc != buyer.uscc:
                pairs.setdefault((supplier.uscc, buyer.uscc), (supplier, buyer))
    for supplier in local:
        targets = buyers_of(supplier.sector.key)
        if targets and ctx.rng.random() < 0.06:
            candidates = pools.outside.get(ctx.rng.choice(targets), [])
            if candidates:
                buyer = ctx.rng.choice(candidates)
                pairs.setdefault((supplier.uscc, buyer.uscc), (supplier, buyer))
    rows: list[Row] = []
    for supplier, buyer in pairs.values():
        rows.extend(_pair_rows(ctx, pools, supplier, buyer, periods))
    return rows


def _pair_rows(
    ctx: Context, pools: _Pools, supplier: Enterprise, buyer: Enterprise, periods: list[str]
) -> list[Row]:
    rng = ctx.rng
    count = len(periods)
    first = 0 if rng.random() < 0.7 else rng.randrange(count)
    last = count - 1 if rng.random() < 0.8 else rng.randrange(first, count)
    buyer_share, supplier_share = rng.uniform(0.01, 0.12), rng.uniform(0.05, 0.5)
    product = supplier.products[0][0] if rng.random() < 0.7 else rng.choice(supplier.products)[0]
    source = rng.choices(_SOURCES, weights=(7, 2, 1))[0]
    spend, sales = pools.quarterly(buyer), pools.quarterly(supplier)
    rows: list[Row] = []
    for quarter in range(first, last + 1):
        amount = min(spend[quarter] * buyer_share, sales[quarter] * supplier_share)
        amount *= float(ctx.np_rng.lognormal(0.0, 0.15))
        if amount < 0.5:
            continue
        rows.append(
            {
                "supplier_uscc": supplier.uscc,
                "buyer_uscc": buyer.uscc,
                "product_name": product,
                "amount_wan_yuan": round(amount, 2),
                "period": periods[quarter],
                "source": source,
            }
        )
    return rows
