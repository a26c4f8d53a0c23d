"""The kinds of warning rule: what each looks at, its parameters and what its thresholds mean.

A rule is data (``alert_rules``): a kind, a scope, an indicator of the monitor's registry, typed
parameters and colour thresholds. This module says which combinations are valid; the SQL of
each kind is in ``kinds_sql``. docs/warnings.md documents every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

LEVELS = ("红", "橙", "黄", "蓝")  # most severe first
LEVEL_RANK = {"红": 4, "橙": 3, "黄": 2, "蓝": 1}
LEVEL_NAMES = {"红": "红色", "橙": "橙色", "黄": "黄色", "蓝": "蓝色"}
SCOPE_LABELS = {"enterprise": "企业", "node": "产业链环节", "region": "区县", "cluster": "全集群"}
STATUSES = ("迁出", "注销", "吊销")
DIRECTIONS = {"below": "低于或等于阈值", "above": "高于或等于阈值"}
ParamType = Literal["int", "float", "bool", "choice", "choices"]


@dataclass(frozen=True)
class Param:
    """A typed parameter of a rule kind, with its bounds or choices."""

    name: str
    label: str
    type: ParamType
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of rule. ``direction`` says which way thresholds point: ``higher`` (a larger
    measure is worse), ``param`` (the rule's ``direction`` parameter decides) or ``none`` (the
    colour is the ``level`` parameter); ``backtested`` kinds are replayed against shocks."""

    id: str
    label: str
    scopes: tuple[str, ...]
    needs_indicator: bool
    params: tuple[Param, ...]
    measure: str
    direction: Literal["higher", "param", "none"]
    bounds: tuple[float | None, float | None]
    summary: str
    why: str
    backtested: bool = False

    def param(self, name: str) -> Param | None:
        """Return the parameter of this name, if the kind has it."""
        return next((p for p in self.params if p.name == name), None)


_DROP = (0.0, 100.0)
KINDS: dict[str, Kind] = {
    kind.id: kind
    for kind in (
        Kind(
            "yoy_drop", "同比降幅", ("enterprise",), True,
            (
                Param("min_months", "持续月数", "int", 1, 1, 12,
                      help="降幅连续达到最低一级阈值的月数，达到才预警"),
                Param("min_base", "上年同月最低值", "float", 0.0, 0, None,
                      help="上年同月数值低于此值（指标单位）时不评估，避免小基数"),
            ),
            "比上年同月下降（%）", "higher", _DROP,
            "本月比上年同月下降的百分比达到阈值",
            "同比大幅下滑往往是订单流失、停产减产的先兆，需及时了解原因。",
            backtested=True,
        ),
        Kind(
            "consecutive_decline", "连续下降", ("enterprise",), True,
            (Param("months", "连续下降月数", "int", 3, 2, 12, help="逐月环比下降的月数"),),
            "累计降幅（%）", "higher", _DROP,
            "连续 N 个月逐月环比下降，颜色按 N 个月的累计降幅",
            "持续走低说明经营在恶化而不是偶然波动，越早介入越容易扭转。",
            backtested=True,
        ),
        Kind(
            "cliff", "断崖", ("enterprise",), True,
            (
                Param("months", "对比前几个月", "int", 3, 1, 12, help="与前 k 个月的平均值比较"),
                Param("seasonal", "按上年同期季节调整", "bool", True,
                      help="预期值乘以上年同月相对其前 k 个月的比例（春节等季节性不报警）"),
                Param("min_base", "预期值最低值", "float", 0.0, 0, None,
                      help="预期值低于此值（指标单位）时不评估"),
            ),
            "低于预期（%）", "higher", _DROP,
            "本月低于前 k 个月平均值（可按季节调整）的百分比达到阈值",
            "断崖式下跌常见于停产、欠税、失去大客户，需要立即核实。",
            backtested=True,
        ),
        Kind(
            "status_change", "登记状态变更", ("enterprise",), False,
            (
                Param("statuses", "变更为", "choices", ["迁出"], choices=STATUSES),
                Param("months", "回看月数", "int", 12, 1, 36, help="只看这么多个月内的变更"),
                Param("level", "预警颜色", "choice", "红", choices=LEVELS),
            ),
            "登记状态", "none", (None, None),
            "登记状态变更为所选状态（迁出、注销、吊销）",
            "企业迁出或注销意味着产值、税收和就业离开本地，需核实原因、评估影响。",
        ),
        Kind(
            "leader_decline", "链主下滑", ("enterprise",), True,
            (Param("months", "近几个月合计", "int", 3, 1, 12),),
            "比上年同期下降（%）", "higher", _DROP,
            "最新一次产业链分析的链主，近 N 个月合计比上年同期下降的百分比达到阈值",
            "链主带动上下游配套企业，链主下滑会传导到整条产业链。",
            backtested=True,
        ),
        Kind(
            "indicator_threshold", "指标阈值", ("node", "region", "cluster"), True,
            (Param("direction", "触发方向", "choice", "below", choices=tuple(DIRECTIONS)),),
            "指标值", "param", (None, None),
            "运行监测指标（产业链环节、区县或全集群）低于或高于阈值",
            "环节、区县或全集群的整体走弱，说明问题不只出在个别企业。",
        ),
        Kind(
            "relocation_risk", "迁移风险", ("enterprise",), False, (),
            "迁移风险分（0–100）", "higher", (0.0, 100.0),
            "迁移监测的风险分达到阈值",
            "迁移风险高的企业可能把产能、税收转移到外地，应尽早走访、了解诉求。",
        ),
        Kind(
            "seasonal_anomaly", "统计异常（季节调整）", ("enterprise",), True,
            (
                Param("min_history", "最少历史月数", "int", 12, 6, 24,
                      help="可比较的同比变化少于此数的企业不评估"),
                Param("min_drop_pct", "最小同比降幅（%）", "float", 20.0, 0, 100,
                      help="同比降幅小于此值时即使偏离大也不预警"),
            ),
            "稳健 Z 分数", "higher", (0.0, None),
            "本月同比对数变化偏离企业自身近 24 个月同比变化的中位数，以中位数绝对偏差衡量",
            "与企业自己的历史相比异常的下滑，比统一阈值更早发现问题，又不因季节波动误报。",
            backtested=True,
        ),
    )
}  # fmt: skip


def get_kind(kind_id: str) -> Kind | None:
    """Return the kind with this id, or None."""
    return KINDS.get(kind_id)


def direction_of(kind: Kind, params: dict[str, Any]) -> Literal["higher", "lower", "none"]:
    """Return whether larger (``higher``) or smaller (``lower``) measures are worse."""
    if kind.direction == "param":
        return "lower" if params.get("direction", "below") == "below" else "higher"
    return kind.direction


def level_of(
    measure: float | None, thresholds: dict[str, float], direction: str
) -> tuple[str, float] | None:
    """Return the most severe level whose threshold the measure reaches, with that threshold."""
    if measure is None:
        return None
    for level in LEVELS:
        threshold = thresholds.get(level)
        if threshold is None:
            continue
        if (direction == "higher" and measure >= threshold) or (
            direction == "lower" and measure <= threshold
        ):
            return level, threshold
    return None


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the evaluation sees it (read from ``alert_rules``, or built by a test)."""

    id: int
    name: str
    kind: str
    scope: str
    indicator: str | None
    params: dict[str, Any]
    thresholds: dict[str, float]

    @property
    def definition(self) -> Kind:
        """The rule's kind."""
        return KINDS[self.kind]
