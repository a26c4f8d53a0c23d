"""Registers 运行监测: built-in indicators, the pipeline's monitor step, the page and API, the
navigation entry, the 荣枯指数 cockpit panel and the forecasts' backtest."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import CockpitPanel, NavItem, PipelineStep, hookimpl
from industry_brain.monitor.evaluations import Backtest
from industry_brain.monitor.indicators import BUILT_IN, Indicator


@hookimpl
def ib_indicators() -> list[Indicator]:
    """The built-in indicators (营业收入, 用电量, 同比增速, 集聚度, 荣枯指数 …)."""
    return list(BUILT_IN)


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Compute, forecast and publish every indicator on every pipeline run."""
    from industry_brain.monitor.pipeline import monitor_step

    return [PipelineStep(name="运行监测指标计算与预测", run=monitor_step, order=20)]


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the 运行监测 API and page."""
    from industry_brain.monitor import api, views

    return [api.router, views.router]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the 运行监测 templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link 运行监测 for those who may read it."""
    return [
        NavItem(
            label="运行监测",
            group="产业分析",
            href="/monitor",
            order=30,
            visible=lambda p: is_allowed(p, "monitor", "read"),
            description="按月的规模、增速、集聚度、规上企业、税收、用电与荣枯指数，"
            "分区县、产业链环节和企业规模排名对比，并给出带回测误差的预测",
        )
    ]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 荣枯指数 panel."""
    from industry_brain.monitor.panel import prosperity_panel_data

    return [
        CockpitPanel(
            id="prosperity",
            title="荣枯指数",
            data=prosperity_panel_data,
            template="monitor/panel.html",
            visible=lambda p: is_allowed(p, "monitor", "read"),
            order=30,
        )
    ]


@hookimpl
def ib_backtests() -> list[Backtest]:
    """The forecasts' backtest: MAPE per main indicator at cluster level."""
    from industry_brain.monitor.backtest import MODEL, TITLE, run_backtest

    return [Backtest(model=MODEL, title=TITLE, run=run_backtest, order=10)]
