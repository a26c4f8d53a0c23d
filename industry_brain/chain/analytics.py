"""Chain analytics over one classification run: node figures, 链主, 健全度, weak links, advice.

Pure functions over plain data (no database), so every definition is tested directly; the
definitions are written out in ``docs/chain.md``. An enterprise counts in its main node (rank
1) only, so that no revenue is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from industry_brain.chain.template import ChainTemplate

WEAK_FIRMS = 3
WEAK_DEPENDENCE_PCT = 60.0
STRONG_FIRMS = 5
STRONG_DEPENDENCE_PCT = 30.0
STRENGTHEN_IMPORTANCE = 0.7
FILL_IMPORTANCE = 0.8
LEADER_SCALE_WEIGHT = 0.6
LEADERS_PER_NODE = 3
CHAIN_LEADERS = 5


@dataclass(frozen=True)
class Firm:
    """What the analytics need of an enterprise."""

    uscc: str
    name: str
    is_local: bool
    above_scale: bool
    revenue_12m: float
    revenue_prev_12m: float | None


@dataclass(frozen=True)
class Leader:
    """A candidate 链主: its score and the two parts of it (percentiles in 0–1)."""

    uscc: str
    name: str
    node_id: str
    score: float
    scale: float
    network: float
    partners: int


@dataclass
class NodeStat:
    """The figures of one node (see docs/chain.md for each definition)."""

    node_id: str
    enterprises: int = 0
    local_enterprises: int = 0
    above_scale: int = 0
    revenue_12m: float = 0.0
    revenue_prev_12m: float = 0.0
    revenue_comparable: float = 0.0
    revenue_share_pct: float | None = None
    revenue_yoy_pct: float | None = None
    local_purchases: float = 0.0
    outside_purchases: float = 0.0
    outside_dependence_pct: float | None = None
    health: str = "missing"
    suggestion: str | None = None
    leaders: list[Leader] = field(default_factory=list)


@dataclass(frozen=True)
class ChainAnalysis:
    """Every figure of a run."""

    nodes: dict[str, NodeStat]
    completeness_pct: float
    leaders: list[Leader]


def analyse(
    template: ChainTemplate,
    *,
    main_node: Mapping[str, str],
    firms: Mapping[str, Firm],
    relations: Sequence[tuple[str, str, float]],
) -> ChainAnalysis:
    """Compute the node figures, leaders, completeness and suggestions of a run."""
    stats = {node.id: NodeStat(node.id) for node in template.nodes}
    for uscc, node_id in main_node.items():
        firm = firms.get(uscc)
        if firm is None or node_id not in stats:
            continue
        _count(stats[node_id], firm)
    _shares(stats)
    _purchases(stats, main_node=main_node, firms=firms, relations=relations)
    for stat in stats.values():
        stat.health = _health(stat)
    leaders = _leaders(stats, main_node=main_node, firms=firms, relations=relations)
    _suggest(template, stats)
    return ChainAnalysis(stats, completeness(template, stats), leaders)


def _count(stat: NodeStat, firm: Firm) -> None:
    stat.enterprises += 1
    if not firm.is_local:
        return
    stat.local_enterprises += 1
    stat.above_scale += int(firm.above_scale)
    stat.revenue_12m += firm.revenue_12m
    if firm.revenue_prev_12m is not None:
        # Growth compares like with like: firms without last year's figure are left out.
        stat.revenue_prev_12m += firm.revenue_prev_12m
        stat.revenue_comparable += firm.revenue_12m


def _shares(stats: dict[str, NodeStat]) -> None:
    total = sum(stat.revenue_12m for stat in stats.values())
    for stat in stats.values():
        if total > 0:
            stat.revenue_share_pct = round(100 * stat.revenue_12m / total, 2)
        if stat.revenue_prev_12m > 0:
            growth = stat.revenue_comparable / stat.revenue_prev_12m - 1
            stat.revenue_yoy_pct = round(100 * growth, 2)


def _purchases(
    stats: dict[str, NodeStat],
    *,
    main_node: Mapping[str, str],
    firms: Mapping[str, Firm],
    relations: Sequence[tuple[str, str, float]],
) -> None:
    """Local buyers' purchases of each node's goods, from local and from outside suppliers."""
    for supplier, buyer, amount in relations:
        node_id = main_node.get(supplier)
        buyer_firm, supplier_firm = firms.get(buyer), firms.get(supplier)
        if node_id not in stats or buyer_firm is None or not buyer_firm.is_local:
            continue
        stat = stats[node_id]
        if supplier_firm is not None and supplier_firm.is_local:
            stat.local_purchases += amount
        else:
            stat.outside_purchases += amount
    for stat in stats.values():
        bought = stat.local_purchases + stat.outside_purchases
        if bought > 0:
            stat.outside_dependence_pct = round(100 * stat.outside_purchases / bought, 2)


def _health(stat: NodeStat) -> str:
    dependence = stat.outside_dependence_pct
    if stat.local_enterprises == 0:
        return "missing"
    if stat.local_enterprises < WEAK_FIRMS or (dependence or 0) >= WEAK_DEPENDENCE_PCT:
        return "weak"
    if (
        stat.local_enterprises >= STRONG_FIRMS
        and stat.above_scale > 0
        and (dependence is None or dependence < STRONG_DEPENDENCE_PCT)
    ):
        return "strong"
    return "medium"


def completeness(template: ChainTemplate, stats: Mapping[str, NodeStat]) -> float:
    """产业链健全度: importance-weighted share of nodes with at least one local enterprise."""
    total = sum(node.importance for node in template.nodes)
    present = sum(
        node.importance for node in template.nodes if stats[node.id].local_enterprises > 0
    )
    return round(100 * present / total, 2) if total else 0.0


def _percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """Rank percentile in 0–1 (the largest value 1; ties share the higher rank)."""
    ordered = sorted(values.values())
    count = len(ordered)
    position: dict[float, int] = {}
    for index, value in enumerate(ordered):
        position[value] = index + 1
    return {key: position[value] / count for key, value in values.items()} if count else {}


def _leaders(
    stats: dict[str, NodeStat],
    *,
    main_node: Mapping[str, str],
    firms: Mapping[str, Firm],
    relations: Sequence[tuple[str, str, float]],
) -> list[Leader]:
    """Score local chain firms by scale and by their place in the local supply network."""
    local = {u: firms[u] for u in main_node if u in firms and firms[u].is_local}
    partners: dict[str, set[str]] = defaultdict(set)
    for supplier, buyer, _ in relations:
        if supplier in local and buyer in main_node:
            partners[supplier].add(buyer)
        if buyer in local and supplier in main_node:
            partners[buyer].add(supplier)
    scale = _percentiles({u: f.revenue_12m for u, f in local.items()})
    network = _percentiles({u: float(len(partners[u])) for u in local})
    leaders = [
        Leader(
            uscc=u,
            name=f.name,
            node_id=main_node[u],
            score=round(LEADER_SCALE_WEIGHT * scale[u] + (1 - LEADER_SCALE_WEIGHT) * network[u], 4),
            scale=round(scale[u], 4),
            network=round(network[u], 4),
            partners=len(partners[u]),
        )
        for u, f in local.items()
    ]
    leaders.sort(key=lambda leader: (-leader.score, leader.uscc))
    for leader in leaders:
        node = stats[leader.node_id]
        if len(node.leaders) < LEADERS_PER_NODE:
            node.leaders.append(leader)
    return [leader for leader in leaders if firms[leader.uscc].above_scale][:CHAIN_LEADERS]


def _suggest(template: ChainTemplate, stats: dict[str, NodeStat]) -> None:
    """补链, 延链 and 强链 (see docs/chain.md)."""
    suppliers: dict[str, set[str]] = defaultdict(set)
    buyers: dict[str, set[str]] = defaultdict(set)
    for supplier, buyer in template.edges():
        suppliers[buyer].add(supplier)
        buyers[supplier].add(buyer)
    present = {node_id for node_id, stat in stats.items() if stat.local_enterprises > 0}
    for node in template.nodes:
        stat = stats[node.id]
        upstream, downstream = suppliers[node.id] & present, buyers[node.id] & present
        if stat.health == "missing":
            if (upstream and downstream) or node.importance >= FILL_IMPORTANCE:
                stat.suggestion = "补链"
            elif upstream or downstream:
                stat.suggestion = "延链"
        elif stat.health == "weak" and node.importance >= STRENGTHEN_IMPORTANCE:
            stat.suggestion = "强链"
