"""The indicators of 运行监测 as data: what each measures, in what unit, computed how.

An indicator is an SQL aggregate over the monthly rows of enterprises (the lake's
``dws.enterprise_month``, extended with the same enterprise's figures twelve months before
under ``*_prev`` names, so growth rates compare like with like), evaluated for every month
and for every member of each of its dimensions: the whole cluster, each district, each chain
node (rank-1 assignment of the latest run) and each size class (规上/规下). Built-in
indicators are registered through the ``ib_indicators`` hook like a plugin's.

``enterprise_field`` names the column of an enterprise's own month that an indicator adds up,
so that rules about single enterprises (e.g. 营业收入同比降幅) can refer to the indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Dimension = Literal["cluster", "region", "node", "size"]
ALL_DIMENSIONS: tuple[Dimension, ...] = ("cluster", "region", "node", "size")
DIMENSION_LABELS: dict[str, str] = {
    "cluster": "全集群",
    "region": "区县",
    "node": "产业链环节",
    "size": "企业规模",
}


@dataclass(frozen=True)
class Indicator:
    """One indicator: its official name, unit and definition, and how to compute it."""

    id: str
    name: str
    unit: str
    definition: str
    formula: str
    enterprise_field: str | None = None
    dimensions: tuple[Dimension, ...] = ALL_DIMENSIONS
    higher_is_better: bool = True
    source: str = "dws.enterprise_month（企业经营月报，统计、税务、供电部门或企业直报）"
    frequency: Literal["month"] = "month"


def _growth(field: str, name: str) -> Indicator:
    return Indicator(
        id=f"{field.split('_')[0]}_yoy",
        name=f"{name}同比增速",
        unit="%",
        definition=(
            f"本月报送{name}的企业，本月{name}合计比这些企业上年同月合计增长的百分比"
            "（同口径：只计两个月都报送的企业）"
        ),
        formula=(
            f"100 * (sum({field}) FILTER (WHERE {field}_prev IS NOT NULL) "
            f"/ nullif(sum({field}_prev), 0) - 1)"
        ),
    )


BUILT_IN: tuple[Indicator, ...] = (
    Indicator("revenue", "营业收入", "万元", "本月营业收入合计", "sum(revenue_wan_yuan)",
              enterprise_field="revenue_wan_yuan"),
    Indicator("output", "工业总产值", "万元", "本月工业总产值合计", "sum(output_value_wan_yuan)",
              enterprise_field="output_value_wan_yuan"),
    Indicator("tax", "税收", "万元", "本月税收合计", "sum(tax_wan_yuan)",
              enterprise_field="tax_wan_yuan"),
    Indicator("electricity", "用电量", "千瓦时", "本月用电量合计", "sum(electricity_kwh)",
              enterprise_field="electricity_kwh"),
    Indicator("employees", "从业人数", "人", "本月从业人数合计", "sum(employees)",
              enterprise_field="employees"),
    Indicator("reporting", "报送企业数", "家", "本月报送经营数据的企业数", "count(*)"),
    Indicator("above_scale", "规上企业数", "家", "本月报送经营数据的规上企业数",
              "count(*) FILTER (WHERE above_scale)"),
    _growth("revenue_wan_yuan", "营业收入"),
    _growth("output_value_wan_yuan", "工业总产值"),
    _growth("tax_wan_yuan", "税收"),
    _growth("electricity_kwh", "用电量"),
)  # fmt: skip


@lru_cache(maxsize=1)
def all_indicators() -> dict[str, Indicator]:
    """Return every registered indicator by id (built-in ones first, then plugins')."""
    from industry_brain.plugins import plugin_manager

    found: dict[str, Indicator] = {}
    for group in plugin_manager().hook.ib_indicators():
        for indicator in group:
            if indicator.id in found:
                raise ValueError(f"indicator {indicator.id} is registered twice")
            found[indicator.id] = indicator
    return found


def get_indicator(indicator_id: str) -> Indicator | None:
    """Return the indicator with this id, or None when no plugin registers it."""
    return all_indicators().get(indicator_id)
