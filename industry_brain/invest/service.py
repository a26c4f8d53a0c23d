"""Reads of the 招商 engine for pages and API: gaps, ranked candidates, weights, factors."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from industry_brain.invest import pool_store
from industry_brain.invest.engine_schemas import (
    FactorDefinition,
    Gap,
    RankedPage,
    RankFilters,
    ScoredCandidate,
)
from industry_brain.invest.factors import FACTORS
from industry_brain.invest.gaps import all_gaps
from industry_brain.invest.scoring import position, rank, scored_candidate
from industry_brain.invest.weights import current_weights as _current_weights

MAX_LIMIT = 500


def list_gaps(db: Session) -> list[Gap]:
    """Return the chain's gaps of every template, highest priority first."""
    return all_gaps(db)


def get_gap(db: Session, template_id: str, node_id: str) -> Gap | None:
    """Return one gap, or None when the node is not a gap (or unknown)."""
    return next(
        (g for g in all_gaps(db) if g.template_id == template_id and g.node_id == node_id), None
    )


def rank_candidates(
    db: Session,
    template_id: str,
    node_id: str,
    *,
    limit: int = 50,
    offset: int = 0,
    province: str | None = None,
    min_score: float | None = None,
) -> RankedPage:
    """Return a page of a node's outside candidates ranked by the current weights.

    An empty page with ``total`` 0 means the node has no candidate (the pages say so).
    """
    filters = RankFilters(province=province or None, min_score=min_score)
    return rank(
        db,
        template_id,
        node_id,
        _current_weights(db),
        limit=max(1, min(limit, MAX_LIMIT)),
        offset=max(0, offset),
        filters=filters,
    )


def candidate(db: Session, template_id: str, node_id: str, uscc: str) -> ScoredCandidate | None:
    """Return one candidate of a node with its score broken into factors, or None."""
    rows = pool_store.fetch_rows(db, template_id, node_id, [uscc])
    if uscc not in rows:
        return None
    weights = _current_weights(db)
    found = scored_candidate(rows[uscc], weights)
    return _with_position(db, found, weights)


def _with_position(
    db: Session, found: ScoredCandidate, weights: dict[str, float]
) -> ScoredCandidate:
    """Return the candidate with its place in the node's ranking (1 first)."""
    pool = pool_store.load_pool(db, found.template_id, found.node_id)
    place = position(pool, weights, found.uscc)
    return replace(found, position=place) if place else found


def current_weights(db: Session) -> dict[str, float]:
    """Return the weight of every factor (saved by an operator, else the default)."""
    return _current_weights(db)


def factor_definitions() -> list[FactorDefinition]:
    """Return the factors of the score with their labels, default weights and definitions."""
    return list(FACTORS)
