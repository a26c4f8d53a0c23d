"""Response and request models of the 招商 API (also what the pages render)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class GapOut(BaseModel):
    """A node of a chain worth 招商 (missing, weak, or with a 补链/强链/延链 suggestion)."""

    template_id: str
    template_name: str
    node_id: str
    node_name: str
    stage: str = Field(description="上游/中游/下游")
    health: str = Field(description="missing/weak/medium/strong")
    health_label: str = Field(description="缺失/弱/中/强")
    suggestion: str | None = Field(description="补链/强链/延链，无建议时为空")
    importance: float = Field(description="环节重要度 0–1（模板）")
    local_enterprises: int
    dependence_pct: float | None = Field(description="本地采购该环节产品来自区外的比例（%）")
    priority: float = Field(description="招商优先级 0–100（docs/invest.md）")
    reason: str
    candidates: int = Field(description="候选企业数（区外、存续、归入该环节）")
    href: str = Field(description="候选企业页")


class FactorOut(BaseModel):
    """One factor of a candidate's score; a missing factor has no value and no contribution."""

    id: str
    label: str
    value: float | None = Field(description="因子值 0–100；未知时为空")
    weight: float = Field(description="运营人员设定的权重")
    effective_weight: float = Field(description="缺失因子的权重按比例分给已知因子后的份额 0–1")
    contribution: float | None = Field(description="对得分的贡献 = 份额 × 因子值")
    missing: bool
    sentence: str


class CandidateOut(BaseModel):
    """An outside enterprise proposed for a gap; ``score`` is the sum of the contributions."""

    uscc: str
    name: str
    position: int = Field(description="在该缺口候选企业中的排名（1 为第一）")
    score: float | None = Field(description="0–100；所有有权重的因子都未知时为空")
    province_code: str | None
    province_name: str | None
    city_name: str | None
    county_name: str | None
    industry_code: str | None
    industry_name: str | None
    longitude: float | None
    latitude: float | None
    distance_km: float | None = Field(description="到集群区域中心的距离（公里）")
    chain_rank: int = Field(description="该环节在企业分类结果中的名次（1 为主环节）")
    missing: list[str] = Field(description="未知的因子")
    factors: list[FactorOut]
    href: str


class Evaluation(BaseModel):
    """The latest backtest of the ranking (model ``invest.ranking``)."""

    evaluated_at: datetime
    synthetic: bool
    data_note: str
    cutoff: str | None = Field(description="回测截止月（YYYY-MM）")
    figures: dict[str, float | int | str | None] = Field(
        description="hit_rate_at_k、random_hit_rate_at_k、median_rank、arrivals 等"
    )


class CandidatePage(BaseModel):
    """One page of a gap's ranked candidates and what it is restricted to."""

    template_id: str
    template_name: str
    node_id: str
    node_name: str
    gap: GapOut | None = Field(description="该环节当前不是缺口时为空")
    total: int = Field(description="符合筛选条件的候选企业数")
    limit: int
    offset: int
    province: str | None
    min_score: float | None
    weights: dict[str, float]
    items: list[CandidateOut]
    evaluation: Evaluation | None


class EvidenceItem(BaseModel):
    """A raw feature behind the factors, as recorded in the candidate pool."""

    factor: str | None = Field(description="所属因子；空为基本信息")
    label: str
    value: str


class CandidateDetail(CandidateOut):
    """A candidate with its raw evidence and, if it is already a 招商线索, the lead."""

    template_id: str
    template_name: str
    node_id: str
    node_name: str
    gap: GapOut | None
    evidence: list[EvidenceItem]
    lead_id: int | None = Field(description="已加入招商线索时为线索编号")
    lead_href: str | None


class FactorWeight(BaseModel):
    """A factor of the score, its definition, default and current weight."""

    id: str
    label: str
    definition: str
    default_weight: float
    weight: float


class WeightsOut(BaseModel):
    """The weights of the score (a factor's share is its weight over the known factors')."""

    weights: dict[str, float]
    factors: list[FactorWeight]


class WeightsIn(BaseModel):
    """New weights of every factor: non-negative numbers, not all zero."""

    weights: dict[str, float] = Field(
        description="每个因子的权重（非负数，不能全部为零）",
        examples=[
            {
                "fit": 25,
                "scale": 15,
                "growth": 10,
                "innovation": 10,
                "network": 20,
                "relatedness": 10,
                "distance": 10,
            }
        ],
    )


class MapPoint(BaseModel):
    """A candidate drawn on the map."""

    uscc: str
    name: str
    position: int
    score: float | None
    longitude: float
    latitude: float
    place: str = Field(description="省、市")
    href: str


class ClusterPlace(BaseModel):
    """The cluster's region and its centre."""

    name: str
    region_code: str
    region_name: str
    longitude: float
    latitude: float


class MapOut(BaseModel):
    """A gap's candidates as points (best first), with the cluster's position."""

    template_id: str
    template_name: str
    node_id: str
    node_name: str
    gap_href: str
    province: str | None
    min_score: float | None
    total: int = Field(description="符合条件的候选企业数")
    drawn: int
    without_coordinates: int = Field(description="排名在画出范围内但没有坐标的企业数")
    omitted: int = Field(description="超出画出上限、未画出的企业数")
    points: list[MapPoint]
    cluster: ClusterPlace | None
    geo_url: str
