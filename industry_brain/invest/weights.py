"""The operator's weights of the candidate score (``invest_weights``), defaults when unset.

One row per factor once an operator has saved weights; until then the defaults of
``invest.factors`` apply. Changes go through ``weights_actions.do_update_weights``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow
from industry_brain.invest.factors import DEFAULT_WEIGHTS, FACTOR_IDS


class InvestWeight(Base):
    """The weight of one factor of the 招商 score, as last set by an operator."""

    __tablename__ = "invest_weights"

    factor_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def stored_weights(db: Session) -> dict[str, InvestWeight]:
    """Return the saved weight rows by factor (none before the first edit)."""
    return {row.factor_id: row for row in db.scalars(select(InvestWeight))}


def current_weights(db: Session) -> dict[str, float]:
    """Return the weight of every factor, in factor order: saved, else the default."""
    saved = stored_weights(db)
    return {
        factor: saved[factor].weight if factor in saved else DEFAULT_WEIGHTS[factor]
        for factor in FACTOR_IDS
    }
