"""The candidate score: a weighted sum of the known factors, ranked without Python loops.

Invariants:

- A candidate's score is the sum of its factors' contributions. A factor the warehouse does
  not know (NULL) is marked missing and contributes nothing; the weights of the known factors
  are renormalised to sum to 1 (a missing factor's weight is shared among them in proportion),
  so a candidate is scored on what is known, never as if an unknown were 0.
- Contributions are rounded to 4 decimals and the score is their sum, both in the vectorised
  ranking and on the page, so the order and the shown figures agree exactly.
- Ties are broken by 统一社会信用代码 (the pool is loaded sorted by it and sorts are stable);
  a candidate whose every weighted factor is unknown has no score and is listed last.
- Only the page's rows are turned into objects with sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from industry_brain.invest.engine_schemas import (
    FactorScore,
    RankedPage,
    RankFilters,
    ScoredCandidate,
)
from industry_brain.invest.factors import FACTOR_IDS, FACTOR_LABELS
from industry_brain.invest.sentences import factor_sentence

DECIMALS = 4


@dataclass(frozen=True)
class PoolArrays:
    """A gap's candidates as arrays, sorted by code: ``values`` is (n, factors), NaN unknown."""

    template_id: str
    node_id: str
    uscc: np.ndarray[Any, Any]  # bytes (S18)
    province: np.ndarray[Any, Any]  # bytes (S6), b"" when unknown
    values: np.ndarray[Any, Any]  # float64 (n, len(FACTOR_IDS))

    def __len__(self) -> int:
        return int(self.uscc.shape[0])


def weight_vector(weights: Mapping[str, float]) -> np.ndarray[Any, Any]:
    """Return the weights in factor order (a factor not given weighs 0)."""
    return np.array([float(weights.get(factor, 0.0)) for factor in FACTOR_IDS], dtype=np.float64)


def contributions(
    values: np.ndarray[Any, Any], weights: Mapping[str, float]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return (contributions, effective weights, scores) of rows of factor values.

    Missing values (NaN) get no weight and no contribution (NaN); a row with no known
    weighted factor has a NaN score.
    """
    known = ~np.isnan(values)
    weighted = known * weight_vector(weights)
    total = weighted.sum(axis=1, keepdims=True)
    effective = np.divide(weighted, total, out=np.zeros_like(weighted), where=total > 0)
    parts = np.round(effective * np.where(known, values, 0.0), DECIMALS)
    scores = np.round(parts.sum(axis=1), DECIMALS)
    scores[total[:, 0] <= 0] = np.nan
    return np.where(known, parts, np.nan), effective, scores


def _keys(
    pool: PoolArrays, weights: Mapping[str, float], filters: RankFilters | None
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return (rows kept by the filters, their sort keys: the score, -inf when none)."""
    _, _, scores = contributions(pool.values, weights)
    keep = np.ones(len(pool), dtype=bool)
    if filters is not None and filters.province:
        keep &= pool.province == filters.province.encode()
    if filters is not None and filters.min_score is not None:
        keep &= np.nan_to_num(scores, nan=-1.0) >= filters.min_score
    rows = np.flatnonzero(keep)
    return rows, np.nan_to_num(scores[rows], nan=-np.inf)


def top(
    pool: PoolArrays, weights: Mapping[str, float], *, limit: int, offset: int,
    filters: RankFilters | None = None,
) -> tuple[int, np.ndarray[Any, Any]]:  # fmt: skip
    """Return (candidates after filters, positions of the page's rows in ranked order).

    Only the rows that can reach the page are sorted: those at least as high as the
    (offset + limit)-th score, ties included, so the order is exact.
    """
    rows, keys = _keys(pool, weights, filters)
    wanted = offset + limit
    chosen = np.arange(rows.shape[0])
    if 0 < wanted < rows.shape[0]:
        threshold = np.partition(keys, rows.shape[0] - wanted)[rows.shape[0] - wanted]
        chosen = np.flatnonzero(keys >= threshold)
    ranked = chosen[np.argsort(-keys[chosen], kind="stable")]
    return int(rows.shape[0]), rows[ranked[offset:wanted]]


def position(pool: PoolArrays, weights: Mapping[str, float], uscc: str) -> int | None:
    """Return a candidate's place in the gap's ranking (1 first), or None if not in it."""
    found = np.flatnonzero(pool.uscc == uscc.encode())
    if found.size == 0:
        return None
    _, keys = _keys(pool, weights, None)
    mine = keys[found[0]]
    ahead = np.count_nonzero(keys > mine) + np.count_nonzero(keys[: found[0]] == mine)
    return int(ahead) + 1


def score_row(
    values: Mapping[str, float | None], weights: Mapping[str, float], details: Mapping[str, Any]
) -> tuple[float | None, list[FactorScore]]:
    """Return the score and factors of one candidate, with a sentence per factor."""
    row = np.array([[np.nan if values.get(f) is None else values[f] for f in FACTOR_IDS]])
    parts, effective, scores = contributions(row.astype(np.float64), weights)
    factors = []
    for index, factor in enumerate(FACTOR_IDS):
        value = values.get(factor)
        factors.append(
            FactorScore(
                id=factor,
                label=FACTOR_LABELS[factor],
                value=None if value is None else round(float(value), 2),
                weight=float(weights.get(factor, 0.0)),
                contribution=None if value is None else float(parts[0, index]),
                missing=value is None,
                sentence=factor_sentence(factor, details),
                effective_weight=round(float(effective[0, index]), DECIMALS),
            )
        )
    score = None if np.isnan(scores[0]) else float(scores[0])
    return score, factors


def scored_candidate(
    row: Mapping[str, Any], weights: Mapping[str, float], *, position: int = 0
) -> ScoredCandidate:
    """Build a candidate from its pool row (a mapping of the ``ads_invest_pool`` columns)."""
    values = {f: None if row.get(f) is None else float(row[f]) for f in FACTOR_IDS}
    score, factors = score_row(values, weights, row)

    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value is None else str(value)

    def number(key: str) -> float | None:
        value = row.get(key)
        return None if value is None else float(value)

    return ScoredCandidate(
        uscc=str(row["uscc"]),
        name=str(row.get("name") or row["uscc"]),
        template_id=str(row["template_id"]),
        node_id=str(row["node_id"]),
        score=score,
        factors=factors,
        position=position,
        chain_rank=int(row.get("assign_rank") or 1),
        province_code=text("province_code"),
        province_name=text("province_name"),
        city_code=text("city_code"),
        city_name=text("city_name"),
        county_code=text("county_code"),
        county_name=text("county_name"),
        longitude=number("longitude"),
        latitude=number("latitude"),
        industry_code=text("industry_code"),
        industry_name=text("industry_name"),
        distance_km=number("distance_km"),
        missing=[factor.id for factor in factors if factor.missing],
    )


def rank(
    db_or_pool: Session | PoolArrays,
    template_id: str,
    node_id: str,
    weights: Mapping[str, float],
    *,
    limit: int = 50,
    offset: int = 0,
    filters: RankFilters | None = None,
    db: Session | None = None,
) -> RankedPage:
    """Rank a gap's candidates and return one page of them with their factors explained.

    Given a session, the gap's pool is loaded from ``ads_invest_pool`` (kept in memory until
    the next pipeline run) and the page's rows read back for their details; given loaded
    arrays, ``db`` (optional) supplies the details, otherwise the page carries codes only.
    """
    from industry_brain.invest import pool_store

    session = db_or_pool if isinstance(db_or_pool, Session) else db
    pool = (
        pool_store.load_pool(db_or_pool, template_id, node_id)
        if isinstance(db_or_pool, Session)
        else db_or_pool
    )
    total, page = top(pool, weights, limit=limit, offset=offset, filters=filters)
    codes = [code.decode() for code in pool.uscc[page]]
    rows = pool_store.fetch_rows(session, template_id, node_id, codes) if session else {}
    items = []
    for place, (index, code) in enumerate(zip(page, codes, strict=True), start=offset + 1):
        row = rows.get(code) or _bare_row(pool, int(index), code)
        items.append(scored_candidate(row, weights, position=place))
    return RankedPage(total, items, limit=limit, offset=offset, weights=dict(weights))


def _bare_row(pool: PoolArrays, index: int, code: str) -> dict[str, Any]:
    """The row of a candidate known only by its arrays (no serving DB at hand)."""
    values = pool.values[index]
    row: dict[str, Any] = {"uscc": code, "template_id": pool.template_id, "node_id": pool.node_id}
    for position, factor in enumerate(FACTOR_IDS):
        row[factor] = None if np.isnan(values[position]) else float(values[position])
    return row
