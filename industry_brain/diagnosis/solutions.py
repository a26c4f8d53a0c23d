"""Matched solutions: offerings of the 服务目录 for a report's gaps.

The catalogue is another domain and may be absent (not installed, or its tables not yet
created); the import is guarded and a report then says so instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from industry_brain.diagnosis.questionnaire import Questionnaire
from industry_brain.diagnosis.schemas import Solution
from industry_brain.diagnosis.scoring import DimensionScore

PER_CATEGORY = 5


def _search() -> Any | None:
    """Return the catalogue's ``search_offerings``, or None when the catalogue is absent."""
    try:
        from industry_brain.catalogue.service import search_offerings
    except ImportError:
        return None
    return search_offerings


def _solution(card: Any, dimension: str) -> Solution:
    return Solution(
        id=int(card.id), title=str(card.title), provider=str(getattr(card, "provider_name", "")),
        category=str(card.category), price=str(getattr(card, "price_label", "") or "面议"),
        link=str(getattr(card, "link", "") or f"/services/catalogue?category={card.category}"),
        for_dimension=dimension,
    )  # fmt: skip


def matched_solutions(
    db: Session, questionnaire: Questionnaire, dimensions: Sequence[DimensionScore]
) -> tuple[list[Solution], bool]:
    """Return offerings of the categories helping each gap (weakest dimension first; a
    middling dimension when there is no gap), and whether the catalogue could be asked."""
    search = _search()
    if search is None:
        return [], False
    wanted = [d for d in dimensions if d.standing == "gap"] or [
        d for d in dimensions if d.standing == "middle"
    ]
    categories = {d.id: d.solution_categories for d in questionnaire.dimensions}
    found: dict[int, Solution] = {}
    try:
        for dimension in sorted(wanted, key=lambda d: d.pct):
            for category in categories.get(dimension.id, ()):
                for card in search(db, category=category, limit=PER_CATEGORY):
                    found.setdefault(int(card.id), _solution(card, dimension.name))
    except SQLAlchemyError:
        db.rollback()
        return [], False
    return list(found.values()), True
