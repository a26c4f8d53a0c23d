"""Registers 惠企政策: the API and pages, the navigation entries, the templates, the pipeline
step that evaluates published policies (order 55) and the 惠企 cockpit panel."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.db import Database
from industry_brain.hookspecs import CockpitPanel, DemoSeed, NavItem, PipelineStep, hookimpl


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the policies API and pages."""
    from industry_brain.policies import api, application_views, views

    return [api.router, views.router, application_views.router]


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Evaluate every published policy after the enterprise facts are built (order 50)."""
    from industry_brain.policies.pipeline import policies_step

    return [PipelineStep(name="惠企政策匹配", run=policies_step, order=55)]


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the policy, application and panel templates."""
    return [Path(__file__).parent / "templates"]


def _is_enterprise(p: object) -> bool:
    return str(getattr(p, "org_type", "")) == "enterprise"


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the policy library (government, operator) and the enterprise's policies."""
    return [
        NavItem(
            label="惠企政策",
            group="企业服务",
            href="/policies",
            order=40,
            visible=lambda p: is_allowed(p, "policy.match", "read") and not _is_enterprise(p),
            description="惠企政策库：申报条件（规则）、符合条件的企业、免申即享、申报办理",
        ),
        NavItem(
            label="政策匹配",
            group="企业服务",
            href="/services/policies",
            order=40,
            visible=lambda p: (
                _is_enterprise(p) and is_allowed(p, "policy.match", "read", target_org_id=p.org_id)
            ),
            description="本企业符合的惠企政策、理由与在线申报进度",
        ),
    ]


@hookimpl
def ib_cockpit_panels() -> list[CockpitPanel]:
    """The 惠企 panel: policies, eligible enterprises, applications by status, amounts."""
    from industry_brain.policies.panel import policies_panel_data

    return [
        CockpitPanel(
            id="policies",
            title="惠企政策",
            data=policies_panel_data,
            template="policies/_panel.html",
            visible=lambda p: is_allowed(p, "policy.match", "read") and not _is_enterprise(p),
            order=45,
        )
    ]


def _seed_demo(database: Database) -> int:
    from industry_brain.policies.demo import seed_demo_policies

    return seed_demo_policies(database)


@hookimpl
def ib_demo_seeds() -> list[DemoSeed]:
    """Enter the demo's policies (演示), evaluated over the demo's published facts."""
    return [DemoSeed(name="演示惠企政策", run=_seed_demo, order=20)]
