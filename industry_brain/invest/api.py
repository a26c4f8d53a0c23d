"""JSON API of 精准招商: the chain's gaps, a gap's ranked candidates with every factor
explained, one candidate with its evidence, and the weights of the score.

Readers need ``invest`` read (government users, the data admin); changing the weights needs
``invest.weights`` update. The pages build on the same functions (``candidate_page``,
``candidate_detail``), so a figure on a page and in the API are the same figure.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.chain.service import HEALTH_LABELS, template_or_404
from industry_brain.errors import NotFoundError, ValidationFailedError
from industry_brain.invest import service
from industry_brain.invest.engine_schemas import Gap, ScoredCandidate
from industry_brain.invest.evidence_view import evidence_items, lead_of
from industry_brain.invest.schemas import (
    CandidateDetail,
    CandidateOut,
    CandidatePage,
    Evaluation,
    FactorOut,
    FactorWeight,
    GapOut,
    WeightsIn,
    WeightsOut,
)
from industry_brain.invest.weights_actions import do_update_weights
from industry_brain.monitor.evaluations import latest_evaluation
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/invest", tags=["invest"])
MODEL = "invest.ranking"
TemplateId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
NodeId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Uscc = Annotated[str, Path(pattern=r"^[0-9A-Z]{18}$")]
Province = Annotated[str | None, Query(pattern=r"^\d{6}$", description="省份代码，如 440000")]
MinScore = Annotated[float | None, Query(ge=0, le=100, description="最低得分")]
# The pages' filter forms send empty fields for "all"; parsed by ``page_filters``.
PageProvince = Annotated[str, Query(pattern=r"^(\d{6})?$")]
PageMinScore = Annotated[str, Query(pattern=r"^(\d{1,3}(\.\d+)?)?$", max_length=12)]


def page_filters(province: str, min_score: str) -> tuple[str | None, float | None]:
    """Return a page's filters (empty: none), or raise naming a minimum score above 100."""
    score = float(min_score) if min_score else None
    if score is not None and score > 100:
        raise ValidationFailedError("最低得分须在 0–100 之间", field="min_score")
    return province or None, score


def gap_href(template_id: str, node_id: str) -> str:
    """Return the page of a gap's candidates."""
    return f"/invest/gaps/{template_id}/{node_id}"


def gap_out(gap: Gap) -> GapOut:
    """Return a gap as the API shows it."""
    fields = {key: value for key, value in asdict(gap).items() if key in GapOut.model_fields}
    return GapOut(
        **fields,
        health_label=HEALTH_LABELS.get(gap.health, gap.health),
        href=gap_href(gap.template_id, gap.node_id),
    )


def candidate_out(found: ScoredCandidate) -> CandidateOut:
    """Return a scored candidate as the API shows it."""
    fields = {
        key: value for key, value in asdict(found).items() if key in CandidateOut.model_fields
    }
    fields["factors"] = [FactorOut(**asdict(factor)) for factor in found.factors]
    href = f"{gap_href(found.template_id, found.node_id)}/candidates/{found.uscc}"
    return CandidateOut(**fields, href=href)


def evaluation(db: Session) -> Evaluation | None:
    """Return the latest backtest of the ranking, or None before the first one."""
    found = latest_evaluation(db, model=MODEL)
    if found is None:
        return None
    cutoff = found["details"].get("cutoff") if isinstance(found["details"], dict) else None
    return Evaluation.model_validate({**found, "cutoff": cutoff})


def node_names(template_id: str, node_id: str) -> tuple[str, str]:
    """Return the template's and node's names, or raise NotFoundError."""
    template = template_or_404(template_id)
    try:
        return template.name, template.node(node_id).name
    except KeyError as exc:
        raise NotFoundError(f"产业链“{template.name}”没有环节“{node_id}”") from exc


def candidate_page(
    db: Session,
    template_id: str,
    node_id: str,
    *,
    limit: int,
    offset: int,
    province: str | None = None,
    min_score: float | None = None,
) -> CandidatePage:
    """Return a page of a node's ranked candidates with the gap and the latest backtest."""
    template_name, node_name = node_names(template_id, node_id)
    gap = service.get_gap(db, template_id, node_id)
    ranked = service.rank_candidates(
        db, template_id, node_id, limit=limit, offset=offset, province=province,
        min_score=min_score,
    )  # fmt: skip
    return CandidatePage(
        template_id=template_id,
        template_name=template_name,
        node_id=node_id,
        node_name=node_name,
        gap=gap_out(gap) if gap else None,
        total=ranked.total,
        limit=ranked.limit,
        offset=ranked.offset,
        province=province,
        min_score=min_score,
        weights=ranked.weights or service.current_weights(db),
        items=[candidate_out(item) for item in ranked.items],
        evaluation=evaluation(db),
    )


def candidate_detail(db: Session, template_id: str, node_id: str, uscc: str) -> CandidateDetail:
    """Return one candidate with its factors, raw evidence and lead, or raise NotFoundError."""
    template_name, node_name = node_names(template_id, node_id)
    found = service.candidate(db, template_id, node_id, uscc)
    if found is None:
        raise NotFoundError(f"企业 {uscc} 不是“{node_name}”环节的候选企业")
    gap = service.get_gap(db, template_id, node_id)
    lead_id = lead_of(db, uscc, template_id, node_id)
    return CandidateDetail(
        **candidate_out(found).model_dump(),
        template_id=template_id,
        template_name=template_name,
        node_id=node_id,
        node_name=node_name,
        gap=gap_out(gap) if gap else None,
        evidence=evidence_items(db, template_id, node_id, uscc),
        lead_id=lead_id,
        lead_href=f"/invest/leads/{lead_id}" if lead_id is not None else None,
    )


def weights_out(db: Session) -> WeightsOut:
    """Return the current weights with each factor's definition."""
    weights = service.current_weights(db)
    factors = [
        FactorWeight(
            id=f.id,
            label=f.label,
            definition=f.definition,
            default_weight=f.default_weight,
            weight=weights.get(f.id, 0.0),
        )
        for f in service.factor_definitions()
    ]
    return WeightsOut(weights=weights, factors=factors)


@router.get("/gaps", response_model=list[GapOut])
def list_gaps(db: DbDep, principal: ApiUser) -> list[GapOut]:
    """List the chains' gaps (missing and weak nodes, 补链/强链/延链 suggestions) by priority
    (0–100, highest first), each with its reason in words and its number of candidates."""
    require(principal, "invest", "read")
    return [gap_out(gap) for gap in service.list_gaps(db)]


@router.get("/gaps/{template_id}/{node_id}/candidates", response_model=CandidatePage)
def list_candidates(
    db: DbDep,
    principal: ApiUser,
    template_id: TemplateId,
    node_id: NodeId,
    province: Province = None,
    min_score: MinScore = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CandidatePage:
    """Rank a node's outside candidates by score (the sum of the factors' contributions;
    missing factors are marked and their weight shared among the known ones), with each
    factor's value, weight, contribution and sentence, and the latest backtest."""
    require(principal, "invest", "read")
    return candidate_page(
        db, template_id, node_id, limit=limit, offset=offset, province=province,
        min_score=min_score,
    )  # fmt: skip


@router.get("/gaps/{template_id}/{node_id}/candidates/{uscc}", response_model=CandidateDetail)
def get_candidate(
    db: DbDep, principal: ApiUser, template_id: TemplateId, node_id: NodeId, uscc: Uscc
) -> CandidateDetail:
    """Return one candidate: its rank, factors with one sentence each, the raw evidence
    behind them, and its 招商线索 when it already is one."""
    require(principal, "invest", "read")
    return candidate_detail(db, template_id, node_id, uscc)


@router.get("/weights", response_model=WeightsOut)
def get_weights(db: DbDep, principal: ApiUser) -> WeightsOut:
    """Return the weight of each factor of the score, its default and its definition."""
    require(principal, "invest", "read")
    return weights_out(db)


@router.put("/weights", response_model=WeightsOut)
def put_weights(db: DbDep, principal: ApiUser, body: WeightsIn) -> WeightsOut:
    """Set the weight of every factor (audited). Refused with a message naming the factor:
    a factor left out or unknown, a negative weight, or all weights zero."""
    do_update_weights(db, actor=principal, weights=body.weights)
    return weights_out(db)
