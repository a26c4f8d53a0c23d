"""Registers 企业迁移监测: pages and API, navigation, the pipeline's scoring step (order 25),
the cockpit panel and the backtest of the score."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.hookspecs import CockpitPanel, NavItem, PipelineStep, hookimpl
from industry_brain.monitor.evaluations import Backtest


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the relocation API and pages."""
    from industry_brain.relocation import api, views

    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link 迁移监测 for those who may read it."""
    return [
        NavItem(
            label="迁移监测",
            group="产业分析",
            href="/relocation",
            order=32,
            visible=lambda p: is_allowed(p, "relocation", "read"),
            description="按迁移风险排列本地企业，列出每个信号的得分，维护关注名单",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the relocation templates."""
    return [Path(__file__).parent / "templates"]


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Score every local enterprise's relocation risk on each pipeline run."""
    from industry_brain.relocation.pipeline import relocation_step

    return [PipelineStep(name="企业迁移风险评分", run=relocation_step, order=25)]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 迁移监测 panel of the cockpit."""
    from industry_brain.relocation.panel import relocation_panel_data

    return [
        CockpitPanel(
            id="relocation",
            title="迁移监测",
            data=relocation_panel_data,
            template="relocation/panel.html",
            visible=lambda p: is_allowed(p, "relocation", "read"),
            order=32,
        )
    ]


@hookimpl
def ib_backtests() -> list[Backtest]:
    """The backtest of the relocation-risk score (precision@k, lead time)."""
    from industry_brain.relocation.backtest import MODEL, TITLE, run_backtest

    return [Backtest(model=MODEL, title=TITLE, run=run_backtest, order=30)]
