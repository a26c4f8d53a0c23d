"""The 招商 engine's hooks: the pipeline step that builds the candidate pool (order 40) and
the backtest of the ranking (``invest.ranking``). The lead registers this module in
``DEFAULT_PLUGINS``."""

from __future__ import annotations

from industry_brain.hookspecs import PipelineStep, hookimpl
from industry_brain.monitor.evaluations import Backtest


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Build and publish the 招商 candidate pool on every pipeline run."""
    from industry_brain.invest.pool_step import STEP_NAME, STEP_ORDER, invest_pool_step

    return [PipelineStep(name=STEP_NAME, run=invest_pool_step, order=STEP_ORDER)]


@hookimpl
def ib_backtests() -> list[Backtest]:
    """The backtest of the candidate ranking (hit-rate@k, median rank)."""
    from industry_brain.invest.backtest import MODEL, TITLE, run_backtest

    return [Backtest(model=MODEL, title=TITLE, run=run_backtest, order=40)]
