"""Registers the 运行监测 domain: its built-in indicators."""

from __future__ import annotations

from industry_brain.hookspecs import hookimpl
from industry_brain.monitor.indicators import BUILT_IN, Indicator


@hookimpl
def ib_indicators() -> list[Indicator]:
    """The built-in indicators (营业收入, 用电量, 同比增速 …)."""
    return list(BUILT_IN)
