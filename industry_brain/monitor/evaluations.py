"""Backtests of the platform's models and their recorded results.

A domain registers a ``Backtest`` through the ``ib_backtests`` hook; ``ib monitor backtest``
runs every one and records each result with ``do_record_evaluation`` (one audited row). Pages
show a model's latest result next to what the model produces, and say plainly when the data
behind it is synthetic (the demo's).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.monitor.models import ModelEvaluation

if TYPE_CHECKING:
    from industry_brain.db import Database
    from industry_brain.settings import Settings


@dataclass
class BacktestResult:
    """What one backtest measured: headline figures, details, and the data it ran on."""

    model: str
    title: str
    figures: dict[str, float | int | None]
    synthetic: bool
    data_note: str
    details: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # what the command line prints


@dataclass(frozen=True)
class Backtest:
    """A model's backtest: ``run(settings=, database=, months=)`` replays ``months`` months."""

    model: str
    title: str
    run: Callable[..., BacktestResult]
    order: int = 100


def all_backtests() -> list[Backtest]:
    """Return every registered backtest, in order."""
    from industry_brain.plugins import plugin_manager

    found = [test for group in plugin_manager().hook.ib_backtests() for test in group]
    return sorted(found, key=lambda test: (test.order, test.model))


def run_backtests(
    *, settings: Settings, database: Database, actor: Principal, months: int
) -> list[BacktestResult]:
    """Run every backtest over the warehouse and record each result."""
    results = []
    for test in all_backtests():
        result = test.run(settings=settings, database=database, months=months)
        with database.writer() as db:
            do_record_evaluation(db, actor=actor, result=result)
        results.append(result)
    return results


def do_record_evaluation(db: Session, *, actor: Principal, result: BacktestResult) -> int:
    """Store a backtest's result (audited); return its id."""
    row = ModelEvaluation(
        model=result.model,
        title=result.title,
        synthetic=result.synthetic,
        data_note=result.data_note,
        figures=json.dumps(result.figures, ensure_ascii=False),
        details=json.dumps(result.details, ensure_ascii=False, default=str),
        created_by=actor.username,
    )
    db.add(row)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="model.evaluate",
        object_type="model",
        object_id=result.model,
        detail={"figures": result.figures, "synthetic": result.synthetic},
    )
    db.commit()
    return row.id


def demo_data_loaded(db: Session) -> bool:
    """Tell whether the warehouse holds the demo's batches: a backtest on it measures
    synthetic data, and the pages and the command line must say so."""
    from industry_brain.warehouse.models import ImportBatch

    found = select(ImportBatch.id).where(
        ImportBatch.source == "demo", ImportBatch.status == "loaded"
    )
    return db.scalar(found.limit(1)) is not None


def latest_evaluation(db: Session, *, model: str) -> dict[str, Any] | None:
    """Return the latest recorded result of a model, or None before its first backtest."""
    row = db.scalar(
        select(ModelEvaluation)
        .where(ModelEvaluation.model == model)
        .order_by(ModelEvaluation.evaluated_at.desc(), ModelEvaluation.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    return {
        "model": row.model,
        "title": row.title,
        "evaluated_at": row.evaluated_at,
        "synthetic": row.synthetic,
        "data_note": row.data_note,
        "figures": json.loads(row.figures),
        "details": json.loads(row.details),
    }
