"""Tables of the monitor domain: measured accuracy of the platform's models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from industry_brain.db import Base, UTCDateTime, utcnow


class ModelEvaluation(Base):
    """One backtest of a model (warnings, relocation risk, forecasts): its figures and on
    what data they were measured, shown on the page where the model is used."""

    __tablename__ = "model_evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(100))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    synthetic: Mapped[bool] = mapped_column(Boolean)
    data_note: Mapped[str] = mapped_column(String(500))
    figures: Mapped[str] = mapped_column(Text)  # JSON: name → number (or null)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: per-month, per-rule …
    created_by: Mapped[str] = mapped_column(String(64))
