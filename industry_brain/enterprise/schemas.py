"""Response models of the enterprise profile (企业画像) and the enterprise search."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EnterpriseFacts(BaseModel):
    """Registry facts and 12-month figures of ``ads_enterprise_profile`` (personal fields
    masked except for data admins)."""

    model_config = ConfigDict(extra="ignore")

    uscc: str
    name: str
    industry_code: str | None = None
    industry_name: str | None = None
    county_code: str | None = None
    city_code: str | None = None
    province_code: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    location_precision: str | None = None
    status: str | None = None
    above_scale: bool | None = None
    employees: int | None = None
    legal_representative: str | None = None
    contact_phone: str | None = None
    is_local: bool | None = None
    last_period: date | None = None
    revenue_12m_wan_yuan: float | None = None
    tax_12m_wan_yuan: float | None = None
    output_12m_wan_yuan: float | None = None
    revenue_12m_yoy_pct: float | None = None
    honors: str | None = None
    tags: str | None = None
    patents: int = 0
    invention_patents: int = 0


class NameRecord(BaseModel):
    """A current or former name, when it was seen and where it comes from."""

    name: str
    is_current: bool
    first_seen_on: date | None = None
    last_seen_on: date | None = None
    sources: list[str] = Field(default_factory=list)


class MonthlySeries(BaseModel):
    """36 months of operations ending at the latest published month; ``None`` where the
    enterprise reported nothing (a gap, not a zero)."""

    periods: list[str] = Field(description="YYYY-MM, oldest first")
    revenue_wan_yuan: list[float | None]
    output_value_wan_yuan: list[float | None]
    tax_wan_yuan: list[float | None]
    electricity_kwh: list[float | None]
    employees: list[int | None]
    reported_months: int = Field(description="months with a report in the window")


class Tag(BaseModel):
    """A label of the enterprise and the list (or chain page) it leads to."""

    label: str
    kind: Literal["scale", "honor", "leader", "locality", "status"]
    href: str
    title: str | None = None


class ScoreComponent(BaseModel):
    """One input of a score: its value and what it contributes (points or a factor)."""

    label: str
    value: str = Field(description="the input as shown, with its unit")
    points: float | None = Field(default=None, description="points added to the score")
    factor: float | None = Field(default=None, description="factor the score is multiplied by")
    rule: str = Field(description="how the input turns into points or a factor")


class Score(BaseModel):
    """A score (0–100) with its inputs, or ``None`` and the reason when data is missing."""

    key: Literal["growth", "innovation", "stability"]
    label: str
    score: int | None
    reason: str | None = None
    formula: str
    components: list[ScoreComponent]


class Relation(BaseModel):
    """A supplier or customer of the enterprise for one product."""

    uscc: str = Field(description="the counterparty's code")
    name: str | None = Field(description="the counterparty's name when it is in the warehouse")
    in_warehouse: bool
    product_name: str
    amount_12m_wan_yuan: float | None = None
    amount_total_wan_yuan: float | None = None
    first_period: date | None = None
    last_period: date | None = None
    sources: str | None = None


class Relations(BaseModel):
    """Suppliers and customers, largest 12-month amount first (at most ``limit`` each)."""

    suppliers: list[Relation]
    customers: list[Relation]
    suppliers_total: int
    customers_total: int
    limit: int


class Event(BaseModel):
    """A change of registry (登记变更) or an honour recognised (资质荣誉)."""

    category: str
    event_type: str
    event_date: date | None = None
    before_value: str | None = None
    after_value: str | None = None


class ChainNode(BaseModel):
    """The enterprise on a chain node, with the classifier's evidence."""

    node_id: str
    node_name: str
    stage: str
    rank: int
    confidence: float
    evidence: list[str]
    source: str


class ChainLabelRef(BaseModel):
    """An operator's confirmed decision on the enterprise's node."""

    node_id: str | None
    by: str


class ChainPosition(BaseModel):
    """The enterprise's nodes in the latest run of one chain template."""

    template_id: str
    template_name: str
    run_id: str
    nodes: list[ChainNode]
    label: ChainLabelRef | None = None


class EnterpriseProfile(BaseModel):
    """Everything the profile page shows (企业画像)."""

    profile: EnterpriseFacts
    region_name: str | None = Field(description="full name of the county (or city) code")
    names: list[NameRecord]
    months: MonthlySeries
    tags: list[Tag]
    scores_as_of: date | None = None
    scores: list[Score]
    relations: Relations
    events: list[Event] = Field(description="newest first")
    chains: list[ChainPosition]


class SearchHit(BaseModel):
    """An enterprise found by the search and the name or code that matched."""

    uscc: str
    name: str = Field(description="current name")
    matched_name: str = Field(description="the name (or code) that matched the query")
    field: Literal["code", "name", "former_name"]
    match: Literal["exact", "prefix", "substring", "fuzzy"]
    score: float = Field(description="1 for exact, prefix and substring matches; similarity")
    industry_name: str | None = None
    status: str | None = None
    is_local: bool | None = None


class SearchResult(BaseModel):
    """The best matches of a query, best first."""

    query: str
    hits: list[SearchHit]
