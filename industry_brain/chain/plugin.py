"""Registers the chain domain: pages, API, navigation and the pipeline's chain step."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.chain import api, views
from industry_brain.hookspecs import CockpitPanel, NavItem, PipelineStep, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the chain API and pages."""
    return [api.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the chain graph for those who may read it."""
    return [
        NavItem(
            label="产业链图谱",
            group="产业分析",
            href="/chain",
            order=20,
            visible=lambda p: is_allowed(p, "chain", "read"),
            description="上中下游环节、本地企业分布、链主、薄弱环节与补链延链强链建议",
        )
    ]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the chain page templates."""
    return [Path(__file__).parent / "templates_html"]


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Classify and analyse the warehouse's enterprises on every pipeline run."""
    from industry_brain.chain.pipeline import chain_step

    return [PipelineStep(name="产业链分类与分析", run=chain_step, order=10)]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 产业图谱 panel of the cockpit."""
    from industry_brain.chain.panel import chain_panel_data

    return [
        CockpitPanel(
            id="chain",
            title="产业图谱",
            data=chain_panel_data,
            template="chain/panel.html",
            visible=lambda p: is_allowed(p, "chain", "read"),
            order=20,
            span=2,
        )
    ]
