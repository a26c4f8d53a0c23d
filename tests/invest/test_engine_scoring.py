"""The score: weighted sum of the known factors, missing ones marked and their weight shared;
ranking order, ties, filters and paging on arrays (no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from industry_brain.invest.engine_schemas import RankFilters
from industry_brain.invest.factors import DEFAULT_WEIGHTS, FACTOR_IDS
from industry_brain.invest.scoring import PoolArrays, contributions, position, rank, score_row

NAN = math.nan
# fit, scale, growth, innovation, network, relatedness, distance
FULL = [80.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0]


def pool(rows: dict[str, list[float]], provinces: dict[str, str] | None = None) -> PoolArrays:
    codes = sorted(rows)
    return PoolArrays(
        "t",
        "n",
        np.array(codes, dtype="S18"),
        np.array([(provinces or {}).get(c, "") for c in codes], dtype="S6"),
        np.array([rows[c] for c in codes], dtype=np.float64),
    )


def test_every_factor_known_is_the_weighted_mean() -> None:
    parts, effective, scores = contributions(np.array([FULL]), DEFAULT_WEIGHTS)
    # weights 25, 15, 10, 10, 20, 10, 10 (sum 100)
    assert parts[0].tolist() == [20.0, 9.0, 5.0, 4.0, 6.0, 2.0, 1.0]
    assert effective[0].tolist() == [0.25, 0.15, 0.1, 0.1, 0.2, 0.1, 0.1]
    assert scores[0] == 47.0


def test_a_missing_factor_is_marked_and_its_weight_shared_among_the_known() -> None:
    values = dict(zip(FACTOR_IDS, FULL, strict=True)) | {"growth": None, "distance": None}
    score, factors = score_row(values, DEFAULT_WEIGHTS, {})
    by_id = {f.id: f for f in factors}
    # known weights 25 + 15 + 10 + 20 + 10 = 80
    assert by_id["growth"].missing and by_id["growth"].contribution is None
    assert by_id["growth"].value is None and by_id["growth"].effective_weight == 0.0
    assert by_id["growth"].weight == 10.0
    assert by_id["fit"].effective_weight == 0.3125 and by_id["fit"].contribution == 25.0
    assert by_id["scale"].contribution == 11.25
    assert by_id["innovation"].contribution == 5.0
    assert by_id["network"].contribution == 7.5
    assert by_id["relatedness"].contribution == 2.5
    assert score == 51.25
    assert score == sum(f.contribution for f in factors if f.contribution is not None)
    assert "成长性未知" in by_id["growth"].sentence


def test_a_missing_value_is_not_a_zero() -> None:
    with_zero = dict(zip(FACTOR_IDS, FULL, strict=True)) | {"growth": 0.0}
    missing = dict(zip(FACTOR_IDS, FULL, strict=True)) | {"growth": None}
    zero_score, _ = score_row(with_zero, DEFAULT_WEIGHTS, {})
    missing_score, _ = score_row(missing, DEFAULT_WEIGHTS, {})
    assert zero_score == 42.0
    assert missing_score == pytest.approx(46.6667, abs=1e-4)


def test_contributions_sum_to_the_score_with_odd_weights() -> None:
    weights = dict(zip(FACTOR_IDS, [3.0, 7.0, 0.0, 1.5, 2.0, 9.0, 0.25], strict=True))
    values = dict(zip(FACTOR_IDS, [91.3, None, 17.0, 33.3, 66.6, None, 12.1], strict=True))
    score, factors = score_row(values, weights, {})
    total = sum(f.contribution for f in factors if f.contribution is not None)
    assert score == round(total, 4)
    assert sum(f.effective_weight for f in factors) == pytest.approx(1.0, abs=1e-3)


def test_no_known_weighted_factor_gives_no_score_and_is_listed_last() -> None:
    weights = dict.fromkeys(FACTOR_IDS, 0.0) | {"growth": 1.0}
    arrays = pool({"B": [50, 50, NAN, 50, 50, 50, 50], "A": [10, 10, 5.0, 10, 10, 10, 10]})
    page = rank(arrays, "t", "n", weights)
    assert [c.uscc for c in page.items] == ["A", "B"]
    assert page.items[0].score == 5.0
    assert page.items[1].score is None and "growth" in page.items[1].missing


def test_ranking_orders_by_score_then_code_and_pages() -> None:
    arrays = pool(
        {
            "C": [90, 90, 90, 90, 90, 90, 90],
            "A": [50, 50, 50, 50, 50, 50, 50],
            "B": [50, 50, 50, 50, 50, 50, 50],
            "D": [20, NAN, NAN, NAN, NAN, NAN, NAN],
        }
    )
    page = rank(arrays, "t", "n", DEFAULT_WEIGHTS, limit=2)
    assert page.total == 4 and [c.uscc for c in page.items] == ["C", "A"]
    assert [c.position for c in page.items] == [1, 2]
    second = rank(arrays, "t", "n", DEFAULT_WEIGHTS, limit=2, offset=2)
    assert [(c.uscc, c.position, c.score) for c in second.items] == [("B", 3, 50.0), ("D", 4, 20.0)]
    assert second.items[1].missing == [f for f in FACTOR_IDS if f != "fit"]


def test_filters_by_province_and_minimum_score() -> None:
    arrays = pool(
        {"A": [80] * 7, "B": [60] * 7, "C": [40] * 7},
        provinces={"A": "310000", "B": "440000", "C": "440000"},
    )
    south = rank(arrays, "t", "n", DEFAULT_WEIGHTS, filters=RankFilters(province="440000"))
    assert south.total == 2 and [c.uscc for c in south.items] == ["B", "C"]
    strong = rank(arrays, "t", "n", DEFAULT_WEIGHTS, filters=RankFilters(min_score=60))
    assert strong.total == 2 and [c.uscc for c in strong.items] == ["A", "B"]


def test_a_gap_without_candidates_ranks_nothing() -> None:
    empty = PoolArrays("t", "n", np.array([], dtype="S18"), np.array([], dtype="S6"),
                       np.zeros((0, len(FACTOR_IDS))))  # fmt: skip
    page = rank(empty, "t", "n", DEFAULT_WEIGHTS)
    assert page.total == 0 and page.items == []


def test_ties_across_the_page_boundary_keep_the_code_order() -> None:
    arrays = pool({code: [50.0] * 7 for code in "EDCBA"} | {"F": [70.0] * 7, "G": [10.0] * 7})
    page = rank(arrays, "t", "n", DEFAULT_WEIGHTS, limit=2, offset=2)
    assert [(c.uscc, c.position) for c in page.items] == [("B", 3), ("C", 4)]
    assert position(arrays, DEFAULT_WEIGHTS, "D") == 5
    assert position(arrays, DEFAULT_WEIGHTS, "G") == 7
    assert position(arrays, DEFAULT_WEIGHTS, "Z") is None
