"""Registers the warnings domain: pages, API, navigation, the pipeline step, cockpit panels
and the warning rules' backtest."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.alerts import api, rule_views, views
from industry_brain.hookspecs import CockpitPanel, NavItem, PipelineStep, hookimpl
from industry_brain.monitor.evaluations import Backtest


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the warnings API and pages (the rules' pages before /alerts/{id})."""
    return [api.router, rule_views.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the warnings for those who may read them."""
    return [
        NavItem(
            label="预警",
            group="产业分析",
            href="/alerts",
            order=31,
            visible=lambda p: is_allowed(p, "alerts", "read"),
            description="经济风险预警：按颜色列出预警、说明原因，指派、办理并记录结果",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the warnings templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Evaluate the warning rules on every pipeline run, after monitor and relocation."""
    from industry_brain.alerts.pipeline import alerts_step

    return [PipelineStep(name="经济风险预警评估", run=alerts_step, order=30)]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """Open warnings by colour, with the monthly raised/handled/outcomes."""
    from industry_brain.alerts.panel import alerts_panel_data

    return [
        CockpitPanel(
            id="alerts",
            title="经济风险预警",
            data=alerts_panel_data,
            template="alerts/panel.html",
            visible=lambda p: is_allowed(p, "alerts", "read"),
            order=40,
        )
    ]


@hookimpl
def ib_backtests() -> list[Backtest]:
    """The warning rules replayed against the shocks that followed."""
    from industry_brain.alerts.backtest import run_backtest

    return [Backtest(model="alerts.rules", title="经济风险预警规则", run=run_backtest, order=20)]
