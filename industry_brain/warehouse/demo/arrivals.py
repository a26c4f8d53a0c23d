"""Arrivals (招商落地): outside enterprises that set up a branch in 常州 during the window.

They are the truth a 招商 ranking is backtested against. About 1.2% of the outside pool
(60 of 5,000; none of an empty pool) each leave one registry event, a ``设立分支机构`` whose
branch is named after a place in 常州 (``<name>常州分公司``, ``<name>武进分公司``), dated in the
last ``ARRIVAL_MONTHS`` months of the window. Their registered address and registry row stay
where they were, so they remain outside enterprises (``is_local`` false): the relocation
population and the warnings never see them.

Who arrives is drawn, without replacement, with a weight that rises with what a good 招商
model would look at, plus noise, so a good ranking finds many of them but not all:

    weight = exp(4.0·gap + 1.0·ln(1 + partners) + 0.6·size + 0.4·ln(1 + patents)
                 + 0.3·min(honors, 2) + proximity + N(0, 0.5²))

- ``gap`` (0–1) of the enterprise's chain node: ½·scarcity + ½·dependence, where scarcity is
  1 / (1 + n / 20) for the node's n local enterprises and dependence is the share of local
  buyers' purchases from the node that came from outside suppliers (``relations``; 1 for a
  node with no local enterprise, 0 when nothing was bought).
- ``partners``: distinct local enterprises it supplies or buys from (``relations``).
- ``size``: the mean of log10(capital / the candidates' median) and log10(employees /
  their median), clipped to [-1.5, 2.5], plus 0.5 when it is 规上.
- ``patents``, ``honors``: its rows in patents and honors.
- ``proximity``: 1.0 for 江苏, 0.7 for 上海, 浙江 and 安徽, 0 elsewhere.

Only active (存续/在业) enterprises of a chain node, founded before the arrival span, can
arrive. The draw uses a stream of its own (``random.Random(f"arrivals:{seed}")``), so the
other files of a demo are the same with or without arrivals, and one seed gives one answer.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from industry_brain.warehouse.demo import places
from industry_brain.warehouse.demo.population import Enterprise
from industry_brain.warehouse.demo.tables import Row

ARRIVAL_MONTHS = 18
RATE = 0.012
PROXIMITY = {"320000": 1.0, "310000": 0.7, "330000": 0.7, "340000": 0.7}
_ACTIVE = ("存续", "在业")
_CITY_NAMED_SHARE = 0.4


@dataclass(frozen=True)
class Arrival:
    """One outside enterprise that opened a branch in the cluster's region."""

    enterprise: Enterprise
    arrived_on: date
    branch_name: str
    district_code: str

    def event(self) -> Row:
        """Return its ``设立分支机构`` registry event."""
        return {"uscc": self.enterprise.uscc, "event_type": "设立分支机构",
                "event_date": self.arrived_on, "before_value": None,
                "after_value": self.branch_name}  # fmt: skip

    def truth(self) -> dict[str, str | None]:
        """Return its entry in ``ground_truth.json``."""
        e = self.enterprise
        return {
            "uscc": e.uscc,
            "name": e.name,
            "node_id": e.sector.key if e.sector.in_chain else None,
            "arrived_on": self.arrived_on.isoformat(),
            "branch_name": self.branch_name,
            "district_code": self.district_code,
        }


def node_gaps(
    local: list[Enterprise], pool: list[Enterprise], relations: list[Row]
) -> dict[str, float]:
    """Return each sector's gap (0–1): ½·scarcity + ½·outside dependence (module docstring)."""
    sector = {e.uscc: (e.sector.key, 0) for e in local}
    sector.update({e.uscc: (e.sector.key, 1) for e in pool})
    counts = Counter(e.sector.key for e in local)
    bought: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # node → [local, outside]
    for row in relations:
        buyer, supplier = sector.get(str(row["buyer_uscc"])), sector.get(str(row["supplier_uscc"]))
        if buyer is not None and buyer[1] == 0 and supplier is not None:
            amount = row["amount_wan_yuan"]
            bought[supplier[0]][supplier[1]] += float(amount) if isinstance(amount, float) else 0.0
    gaps: dict[str, float] = {}
    for key in sorted({*counts, *bought}):
        scarcity = 1.0 / (1.0 + counts[key] / 20.0)
        local_spend, outside_spend = bought.get(key, (0.0, 0.0))
        total = local_spend + outside_spend
        dependence = outside_spend / total if total > 0 else (0.0 if counts[key] else 1.0)
        gaps[key] = 0.5 * scarcity + 0.5 * dependence
    return gaps


def _partners(local: list[Enterprise], relations: list[Row]) -> Counter[str]:
    """Return, per enterprise, how many distinct local enterprises it trades with."""
    local_codes = {e.uscc for e in local}
    pairs = {(str(row["supplier_uscc"]), str(row["buyer_uscc"])) for row in relations}
    found: Counter[str] = Counter()
    for supplier, buyer in pairs:
        if supplier in local_codes and buyer not in local_codes:
            found[buyer] += 1
        elif buyer in local_codes and supplier not in local_codes:
            found[supplier] += 1
    return found


def _size(e: Enterprise, capital: float, employees: float) -> float:
    both = math.log10(max(e.capital_wan_yuan, 1.0) / capital)
    both += math.log10(max(e.employees, 1) / employees)
    return min(2.5, max(-1.5, both / 2.0)) + (0.5 if e.above_scale else 0.0)


def log_weights(
    rng: random.Random,
    candidates: list[Enterprise],
    gaps: dict[str, float],
    partners: Counter[str],
    credentials: tuple[Counter[str], Counter[str]],
) -> list[float]:
    """Return each candidate's log-weight (module docstring), noise included."""
    patents, honors = credentials
    capital = statistics.median(max(e.capital_wan_yuan, 1.0) for e in candidates)
    employees = statistics.median(max(e.employees, 1) for e in candidates)
    weights: list[float] = []
    for e in candidates:
        z = 4.0 * gaps.get(e.sector.key, 1.0) + 1.0 * math.log1p(partners[e.uscc])
        z += 0.6 * _size(e, capital, employees)
        z += 0.4 * math.log1p(patents[e.uscc]) + 0.3 * min(honors[e.uscc], 2)
        z += PROXIMITY.get(e.region.code[:2] + "0000", 0.0)
        weights.append(z + rng.gauss(0.0, 0.5))
    return weights


def _branch(rng: random.Random, e: Enterprise) -> tuple[str, str]:
    codes, shares = places.district_weights()
    district = rng.choices(codes, weights=shares)[0]
    if rng.random() < _CITY_NAMED_SHARE:
        return f"{e.name}常州分公司", district
    return f"{e.name}{places.district_short_name(district)}分公司", district


def plant_arrivals(
    seed: int,
    local: list[Enterprise],
    pool: list[Enterprise],
    relations: list[Row],
    credentials: tuple[list[Row], list[Row]],
    span: tuple[date, date],
) -> list[Arrival]:
    """Draw the arrivals among the pool, dated within ``span`` (first and last day), ordered
    by date and code. ``credentials`` are the patent and honor rows."""
    rng = random.Random(f"arrivals:{seed}")
    first, last = span
    candidates = [
        e for e in pool if e.status in _ACTIVE and e.sector.in_chain and e.established_on < first
    ]
    count = min(len(candidates), round(len(pool) * RATE))
    if count == 0:
        return []
    patents, honors = (Counter(str(row["uscc"]) for row in rows) for rows in credentials)
    z = log_weights(rng, candidates, node_gaps(local, pool, relations),
                    _partners(local, relations), (patents, honors))  # fmt: skip
    # Weighted draw without replacement (Efraimidis–Spirakis): the largest u^(1/w) win.
    keys = [math.log(1.0 - rng.random()) * math.exp(-w) for w in z]
    chosen = sorted(range(len(candidates)), key=lambda i: -keys[i])[:count]
    days = (last - first).days + 1
    arrivals = []
    for index in sorted(chosen):
        e = candidates[index]
        branch, district = _branch(rng, e)
        arrivals.append(Arrival(e, first + timedelta(days=rng.randrange(days)), branch, district))
    arrivals.sort(key=lambda a: (a.arrived_on, a.enterprise.uscc))
    return arrivals
