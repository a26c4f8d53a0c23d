"""Registers the rules domain: the built-in enterprise facts (``ib_facts``, the same way a
plugin adds its own) and the pipeline step that computes them (order 50)."""

from __future__ import annotations

from industry_brain.hookspecs import PipelineStep, hookimpl
from industry_brain.rules.facts import Fact, builtin_facts


@hookimpl
def ib_facts() -> list[Fact]:
    """The built-in facts over the warehouse."""
    return builtin_facts()


@hookimpl
def ib_pipeline_steps() -> list[PipelineStep]:
    """Compute ``rules.enterprise_facts`` and publish ``ads_enterprise_facts`` on every run."""
    from industry_brain.rules.step import STEP_NAME, STEP_ORDER, facts_step

    return [PipelineStep(name=STEP_NAME, run=facts_step, order=STEP_ORDER)]
