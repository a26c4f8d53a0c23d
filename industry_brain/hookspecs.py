"""Plugin hooks. Built-in domains register through them exactly as a third party would.

A plugin is a module or object with ``@hookimpl`` functions, registered by entry point
group ``industry_brain`` or as a default plugin in ``plugins.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from fastapi import APIRouter

    from industry_brain.accounts.principal import Principal
    from industry_brain.evaluation.model import Binding
    from industry_brain.monitor.evaluations import Backtest
    from industry_brain.monitor.indicators import Indicator
    from industry_brain.rules.facts import Fact

hookspec = pluggy.HookspecMarker("industry_brain")
hookimpl = pluggy.HookimplMarker("industry_brain")


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation, shown only to principals for whom ``visible`` holds.

    ``group`` (产业分析, 招商, 企业服务, 数据, 管理, 更多 …) gathers entries under one menu when
    a principal sees more entries than fit on one line; "" keeps it on the bar itself.
    """

    label: str
    href: str
    visible: Callable[[Principal], bool]
    order: int = 100
    description: str = ""
    group: str = ""


@dataclass(frozen=True)
class PipelineStep:
    """A step the pipeline runs after publishing ADS, with the lake open.

    ``run(con, database, actor)`` returns a one-line summary for the job log; ``order``
    places it among other steps (smaller first).
    """

    name: str
    run: Callable[[Any, Any, Principal], str]
    order: int = 100


@dataclass(frozen=True)
class CockpitPanel:
    """A panel of the cockpit (驾驶舱).

    ``data(db, params)`` returns the panel's figures (also served as JSON under
    ``/api/v1/cockpit/panels/<id>``); ``template`` is the Jinja2 file that draws them;
    ``visible`` decides who sees it; ``span`` is its width in grid columns (1 or 2).
    """

    id: str
    title: str
    data: Callable[[Any, dict[str, str]], dict[str, Any]]
    template: str
    visible: Callable[[Principal], bool]
    order: int = 100
    span: int = 1


@dataclass(frozen=True)
class DemoSeed:
    """Demo data a plugin adds once the demo cluster is built (marked 演示 wherever shown).

    ``run(database)`` adds it (once: a second run adds nothing) and returns how many records it
    added; ``order`` places it among other seeds (smaller first).
    """

    name: str
    run: Callable[[Any], int]
    order: int = 100


class IndustryBrainSpec:
    """The hooks a plugin may implement."""

    @hookspec
    def ib_routers(self) -> list[APIRouter]:  # type: ignore[empty-body]
        """Return the routers (API and pages) this plugin serves."""

    @hookspec
    def ib_nav_items(self) -> list[NavItem]:  # type: ignore[empty-body]
        """Return the navigation entries this plugin contributes."""

    @hookspec
    def ib_template_dirs(self) -> list[Path]:  # type: ignore[empty-body]
        """Return folders of Jinja2 templates this plugin renders."""

    @hookspec
    def ib_data_standards(self) -> list[Path]:  # type: ignore[empty-body]
        """Return YAML files of data standards (templates of incoming data)."""

    @hookspec
    def ib_chain_templates(self) -> list[Path]:  # type: ignore[empty-body]
        """Return YAML files of industry chain templates (产业链模板)."""

    @hookspec
    def ib_pipeline_steps(self) -> list[PipelineStep]:  # type: ignore[empty-body]
        """Return steps to run at the end of every pipeline run (e.g. chain classification)."""

    @hookspec
    def ib_cockpit_panels(self) -> list[CockpitPanel]:  # type: ignore[empty-body]
        """Return panels for the cockpit (产业概况, 产业图谱 …)."""

    @hookspec
    def ib_indicators(self) -> list[Indicator]:  # type: ignore[empty-body]
        """Return indicators of 运行监测 (see ``industry_brain.monitor.indicators``)."""

    @hookspec
    def ib_backtests(self) -> list[Backtest]:  # type: ignore[empty-body]
        """Return backtests of models whose accuracy the platform measures and shows."""

    @hookspec
    def ib_facts(self) -> list[Fact]:  # type: ignore[empty-body]
        """Return enterprise facts that policy rules may name (see ``industry_brain.rules``).

        A fact other than the built-ins carries ``query``: ``SELECT uscc, value`` over the
        lake, which the rules step joins into ``rules.enterprise_facts`` as column ``id``.
        """

    @hookspec
    def ib_indicator_systems(self) -> list[Path]:  # type: ignore[empty-body]
        """Return YAML files of official indicator systems (see ``industry_brain.evaluation``)."""

    @hookspec
    def ib_evaluation_bindings(self) -> list[Binding]:  # type: ignore[empty-body]
        """Return computations that bind indicators to the platform's data, by id."""

    @hookspec
    def ib_demo_seeds(self) -> list[DemoSeed]:  # type: ignore[empty-body]
        """Return the demo data this plugin adds to ``ib demo`` (providers, policies …)."""
