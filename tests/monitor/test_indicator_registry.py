"""The indicator registry: built-in indicators by id, plugins may add, ids are unique."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from industry_brain.hookspecs import hookimpl
from industry_brain.monitor.indicators import Indicator, all_indicators, get_indicator
from industry_brain.plugins import plugin_manager


def test_built_in_indicators_with_enterprise_fields() -> None:
    found = all_indicators()
    assert {"revenue", "electricity", "tax", "revenue_yoy", "reporting"} <= set(found)
    assert found["revenue"].enterprise_field == "revenue_wan_yuan"
    assert found["revenue_yoy"].unit == "%" and found["revenue_yoy"].enterprise_field is None
    assert get_indicator("nonexistent") is None


def test_a_plugin_adds_an_indicator_and_may_not_reuse_an_id() -> None:
    extra = Indicator("export", "出口额", "万元", "本月出口额合计", "sum(export_wan_yuan)")

    @hookimpl
    def ib_indicators() -> list[Indicator]:
        return [extra]

    manager = plugin_manager()
    manager.register(SimpleNamespace(ib_indicators=ib_indicators), name="test-indicators")
    all_indicators.cache_clear()
    try:
        assert get_indicator("export") == extra
        clash = SimpleNamespace(ib_indicators=lambda: [extra])
        clash.ib_indicators = hookimpl(clash.ib_indicators)
        manager.register(clash, name="test-clash")
        all_indicators.cache_clear()
        with pytest.raises(ValueError, match="export is registered twice"):
            all_indicators()
    finally:
        for name in ("test-indicators", "test-clash"):
            if manager.get_plugin(name) is not None:
                manager.unregister(name=name)
        all_indicators.cache_clear()
