"""The pool step, ranking, weights and backtest with the serving DB on PostgreSQL: the same
figures as on SQLite (engine_dataset.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.invest import pool_store
from industry_brain.invest.backtest import backtest_at
from industry_brain.invest.factors import DEFAULT_WEIGHTS
from industry_brain.invest.pool_step import invest_pool_step
from industry_brain.invest.service import candidate, current_weights, list_gaps, rank_candidates
from industry_brain.invest.weights_actions import do_update_weights
from industry_brain.settings import Settings
from tests.invest.engine_dataset import NODE, TEMPLATE, A, B, C, F, build_lake, seed_chain
from tests.pg_serving import database, settings

__all__ = ["database", "settings"]
pytestmark = pytest.mark.postgres


def test_pool_ranking_and_weights_on_postgres(
    settings: Settings, database: Database, db: Session
) -> None:
    pool_store.clear_cache()
    seed_chain(database)
    con = build_lake(settings.resolved_lake_path)
    invest_pool_step(con, database, Principal.system("test"))
    con.close()
    db.rollback()
    assert "ads_invest_pool" in inspect(database.engine).get_table_names()
    assert [(g.node_id, g.priority, g.candidates) for g in list_gaps(db)][0] == (NODE, 89.4, 4)
    page = rank_candidates(db, TEMPLATE, NODE)
    assert [(c.uscc, c.score) for c in page.items] == [
        (A, 61.0234), (F, 45.8506), (B, 44.1406), (C, 32.4255)
    ]  # fmt: skip
    found = candidate(db, TEMPLATE, NODE, B)
    assert found is not None and found.position == 3 and found.factors[2].value == 75.0
    with database.writer() as session:
        do_update_weights(session, actor=Principal.system("test"),
                          weights=DEFAULT_WEIGHTS | {"fit": 0.0})  # fmt: skip
    db.rollback()
    assert current_weights(db)["fit"] == 0.0
    result = backtest_at(settings=settings, database=database, cutoff=date(2024, 3, 1))
    assert result.figures["arrivals"] == 2 and result.figures["candidates"] == 5
