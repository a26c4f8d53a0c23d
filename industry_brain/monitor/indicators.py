"""The indicators of 运行监测 as data: what each measures, in what unit, computed how.

An indicator is an SQL aggregate over the monthly rows of enterprises (the lake's
``dws.enterprise_month``, every numeric column as DOUBLE, extended with the same enterprise's
figures twelve months before under ``*_prev`` names, so growth rates compare like with like),
evaluated for every month and for every member of each of its dimensions: the whole cluster,
each district, each chain node (rank-1 assignment of the latest run) and each size class
(规上/规下). Built-in indicators are registered through the ``ib_indicators`` hook like a
plugin's, and the pipeline computes them all alike (``industry_brain.monitor.compute``).

``enterprise_field`` names the column of an enterprise's own month that an indicator adds up,
so that rules about single enterprises (e.g. 营业收入同比降幅) can refer to the indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from industry_brain.monitor.prosperity import MEASURES, composite_formula, diffusion_formula

Dimension = Literal["cluster", "region", "node", "size"]
ALL_DIMENSIONS: tuple[Dimension, ...] = ("cluster", "region", "node", "size")
DIMENSION_LABELS: dict[str, str] = {
    "cluster": "全集群",
    "region": "区县",
    "node": "产业链环节",
    "size": "企业规模",
}
DEFAULT_SOURCE = "dws.enterprise_month（企业经营月报，统计、税务、供电部门或企业直报）"


@dataclass(frozen=True)
class Indicator:
    """One indicator: its official name, unit and definition, and how to compute it.

    ``forecast``: the pipeline forecasts it and backtests the forecast (the main indicators).
    """

    id: str
    name: str
    unit: str
    definition: str
    formula: str
    enterprise_field: str | None = None
    dimensions: tuple[Dimension, ...] = ALL_DIMENSIONS
    higher_is_better: bool = True
    source: str = DEFAULT_SOURCE
    frequency: Literal["month"] = "month"
    forecast: bool = False


def growth_formula(field: str) -> str:
    """Return the like-for-like growth (%) of a field: enterprises with the field in both
    months only; no figure when last year's total is not positive (no division by zero)."""
    both = f"FILTER (WHERE {field} IS NOT NULL AND {field}_prev IS NOT NULL)"
    return (
        f"CASE WHEN sum({field}_prev) {both} > 0 "
        f"THEN 100 * (sum({field}) {both} / sum({field}_prev) {both} - 1) END"
    )


def _growth(field: str, name: str) -> Indicator:
    return Indicator(
        id=f"{field.split('_')[0]}_yoy",
        name=f"{name}同比增速",
        unit="%",
        definition=(
            f"本月报送{name}的企业，本月{name}合计比这些企业上年同月合计增长的百分比"
            "（同口径：只计两个月都报送的企业；上年同月合计不为正时不计算）"
        ),
        formula=growth_formula(field),
    )


def _sum(id_: str, field: str, name: str, unit: str, *, forecast: bool = False) -> Indicator:
    return Indicator(
        id_, name, unit, f"本月报送企业的{name}合计", f"sum({field})",
        enterprise_field=field, forecast=forecast,
    )  # fmt: skip


def _diffusion(measure: str, name: str) -> Indicator:
    return Indicator(
        id=f"prosperity_{measure.split('_')[0]}",
        name=f"{name}扩散指数",
        unit="指数",
        definition=(
            f"{name}比上年同月增长的企业占比加持平企业占比的一半，乘以100（同口径：只计两个月"
            f"都报送{name}的企业；变化不超过上年值的1%为持平）；50为荣枯线"
        ),
        formula=diffusion_formula(measure),
    )


CR10 = (
    "100 * list_sum(max(revenue_wan_yuan, 10) FILTER (WHERE revenue_wan_yuan > 0)) "
    "/ nullif(sum(revenue_wan_yuan) FILTER (WHERE revenue_wan_yuan > 0), 0)"
)

BUILT_IN: tuple[Indicator, ...] = (
    _sum("revenue", "revenue_wan_yuan", "营业收入", "万元", forecast=True),
    _sum("output", "output_value_wan_yuan", "工业总产值", "万元", forecast=True),
    _sum("tax", "tax_wan_yuan", "税收", "万元", forecast=True),
    _sum("electricity", "electricity_kwh", "用电量", "千瓦时", forecast=True),
    _sum("employees", "employees", "从业人数", "人"),
    Indicator("reporting", "报送企业数", "家", "本月报送经营数据的企业数", "count(*)"),
    Indicator("above_scale", "规上企业数", "家", "本月报送经营数据的规上企业数",
              "count(*) FILTER (WHERE above_scale)"),
    _growth("revenue_wan_yuan", "营业收入"),
    _growth("output_value_wan_yuan", "工业总产值"),
    _growth("tax_wan_yuan", "税收"),
    _growth("electricity_kwh", "用电量"),
    Indicator("concentration", "集聚度（CR10）", "%",
              "营业收入最大的10家企业占本组营业收入的百分比（只计营业收入为正的企业；"
              "不足10家时为100）", CR10, higher_is_better=False),
    Indicator("prosperity", "荣枯指数", "指数",
              "用电量、税收、营业收入三个扩散指数按 40%、30%、30% 加权平均（某项无同口径企业时"
              "按其余两项的权重重新归一）；50为荣枯线，高于50表示改善的企业多于恶化的企业",
              composite_formula(), forecast=True),
    *[_diffusion(measure, name) for measure, name, _ in MEASURES],
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
