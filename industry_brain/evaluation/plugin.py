"""Registers the 指标体系评估: the built-in indicator systems and bindings, the pages and API
(and the report downloads), the navigation entry 评估 for those who may read it, and the
templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.evaluation.model import Binding
from industry_brain.hookspecs import NavItem, hookimpl

SYSTEMS_DIR = Path(__file__).parent / "systems"
DESCRIPTION = "按国家、山东、浙江、河北指标体系年度评估：指标值、分级条件、得分与自评报告"


def _reader(principal: Principal) -> bool:
    return is_allowed(principal, "evaluation", "read")


@hookimpl
def ib_indicator_systems() -> list[Path]:
    """Provide the transcribed national, Shandong, Zhejiang and Hebei systems."""
    return sorted(SYSTEMS_DIR.glob("*.yaml"))


@hookimpl
def ib_evaluation_bindings() -> list[Binding]:
    """Provide the built-in computations over the platform's data."""
    from industry_brain.evaluation.bindings import BUILTIN

    return list(BUILTIN)


@hookimpl
def ib_routers() -> list[APIRouter]:
    """Serve the evaluation API, its pages and the report downloads."""
    from industry_brain.evaluation import api, views
    from industry_brain.evaluation.reports import views as report_views

    return [api.router, report_views.router, views.router]


@hookimpl
def ib_nav_items() -> list[NavItem]:
    """Link the evaluation for the operator's data admins and government readers."""
    return [
        NavItem(label="评估", group="管理", href="/evaluation", order=70, visible=_reader,
                description=DESCRIPTION),
    ]  # fmt: skip


@hookimpl
def ib_template_dirs() -> list[Path]:
    """Provide the evaluation page templates."""
    return [Path(__file__).parent / "templates"]
