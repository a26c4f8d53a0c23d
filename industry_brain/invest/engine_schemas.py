"""What the 招商 engine gives the pages: gaps, scored candidates and their factors.

Plain frozen dataclasses (``dataclasses.asdict`` turns them into JSON-ready dicts). A score is
always the sum of its factors' contributions; a missing factor has ``value`` None,
``missing`` True, no contribution, and its weight shared among the known factors.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FactorDefinition:
    """A factor of the score: its id, Chinese label, default weight and definition."""

    id: str
    label: str
    default_weight: float
    definition: str


@dataclass(frozen=True)
class Gap:
    """A node of a chain worth 招商: missing, weak or with a 补链/延链/强链 suggestion.

    ``priority`` is 0–100 (see ``invest.gaps``); ``reason`` says why in words;
    ``candidates`` counts the outside enterprises in the pool for this node.
    """

    template_id: str
    template_name: str
    node_id: str
    node_name: str
    stage: str
    health: str
    suggestion: str | None
    importance: float
    local_enterprises: int
    dependence_pct: float | None
    priority: float
    reason: str
    candidates: int = 0
    run_id: str = ""


@dataclass(frozen=True)
class FactorScore:
    """One factor of a candidate's score.

    ``weight`` is the operator's weight; ``effective_weight`` the share of the score it
    carries after the weights of missing factors are shared among the known ones (0 when
    missing); ``contribution`` = effective_weight × value (None when missing).
    """

    id: str
    label: str
    value: float | None
    weight: float
    contribution: float | None
    missing: bool
    sentence: str
    effective_weight: float = 0.0


@dataclass(frozen=True)
class ScoredCandidate:
    """An outside enterprise proposed for a gap, with its score broken into factors.

    ``score`` is None only when every factor with a weight is unknown (then listed last).
    ``position`` is its place in the ranking (1 first) among the gap's candidates after
    filters; ``chain_rank`` the rank of its assignment to the node (1: its main node).
    """

    uscc: str
    name: str
    template_id: str
    node_id: str
    score: float | None
    factors: list[FactorScore]
    position: int = 0
    chain_rank: int = 1
    province_code: str | None = None
    province_name: str | None = None
    city_code: str | None = None
    city_name: str | None = None
    county_code: str | None = None
    county_name: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    industry_code: str | None = None
    industry_name: str | None = None
    distance_km: float | None = None
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RankedPage:
    """A page of a gap's ranked candidates; ``total`` counts all of them after filters."""

    total: int
    items: list[ScoredCandidate]
    limit: int = 50
    offset: int = 0
    weights: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RankFilters:
    """Filters of a ranking: a province (GB/T 2260 code, e.g. 440000) and a minimum score."""

    province: str | None = None
    min_score: float | None = None
