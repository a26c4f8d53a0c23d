"""Checks a rule before it is saved: a known kind, a scope it allows, an indicator of the
registry that fits the scope, parameters of the right types and ordered thresholds.

Every refusal is a ``ValidationFailedError`` naming the field and saying what is wrong, so the
form and the API show the same message and nothing is saved.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from industry_brain.alerts.kinds import (
    LEVEL_NAMES,
    LEVELS,
    SCOPE_LABELS,
    Kind,
    Param,
    direction_of,
    get_kind,
)
from industry_brain.errors import ValidationFailedError

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class CleanRule:
    """A rule's definition after validation, ready to store."""

    name: str
    kind: str
    scope: str
    indicator: str | None
    params: dict[str, Any]
    thresholds: dict[str, float]


def _fail(message: str, field: str) -> ValidationFailedError:
    return ValidationFailedError(message, field=field)


def validate_rule(
    *,
    name: str,
    kind: str,
    scope: str,
    indicator: str | None,
    params: dict[str, Any],
    thresholds: dict[str, Any],
) -> CleanRule:
    """Return the rule's clean definition, or raise ValidationFailedError naming the field."""
    name = name.strip()
    if not name:
        raise _fail("请填写规则名称", "name")
    found = get_kind(kind)
    if found is None:
        raise _fail(f"未知的规则类型“{kind}”", "kind")
    if scope not in found.scopes:
        allowed = "、".join(SCOPE_LABELS[s] for s in found.scopes)
        raise _fail(f"“{found.label}”规则只能用于：{allowed}", "scope")
    clean_indicator = _check_indicator(found, scope, indicator or None)
    clean_params = check_params(found, params)
    clean_thresholds = _check_thresholds(found, clean_params, thresholds)
    return CleanRule(name, kind, scope, clean_indicator, clean_params, clean_thresholds)


def _check_indicator(kind: Kind, scope: str, indicator: str | None) -> str | None:
    from industry_brain.monitor.indicators import DIMENSION_LABELS, get_indicator

    if not kind.needs_indicator:
        if indicator:
            raise _fail(f"“{kind.label}”规则不使用指标", "indicator")
        return None
    if not indicator:
        raise _fail("请选择指标", "indicator")
    found = get_indicator(indicator) if IDENTIFIER.match(indicator) else None
    if found is None:
        raise _fail(f"未知指标“{indicator}”：指标须在运行监测的指标库中登记", "indicator")
    if scope == "enterprise":
        if not found.enterprise_field or not IDENTIFIER.match(found.enterprise_field):
            raise _fail(
                f"指标“{found.name}”不是企业级指标（没有单个企业的月度数值），不能用于企业规则",
                "indicator",
            )
    elif scope not in found.dimensions:
        raise _fail(
            f"指标“{found.name}”不按“{DIMENSION_LABELS.get(scope, scope)}”计算", "indicator"
        )
    return found.id


def check_params(kind: Kind, params: dict[str, Any]) -> dict[str, Any]:
    """Return the kind's parameters with defaults filled in; refuse unknown or mistyped ones."""
    unknown = sorted(set(params) - {p.name for p in kind.params})
    if unknown:
        raise _fail(f"“{kind.label}”规则没有参数“{unknown[0]}”", f"params.{unknown[0]}")
    return {
        p.name: _check_value(p, params[p.name]) if p.name in params else p.default
        for p in kind.params
    }


def _check_value(param: Param, value: Any) -> Any:
    field = f"params.{param.name}"
    if param.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(f"参数“{param.label}”应为整数，收到“{value}”", field)
    elif param.type == "float":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise _fail(f"参数“{param.label}”应为数值，收到“{value}”", field)
        value = float(value)
    elif param.type == "bool":
        if not isinstance(value, bool):
            raise _fail(f"参数“{param.label}”应为是或否（true/false），收到“{value}”", field)
        return value
    elif param.type == "choice":
        if value not in param.choices:
            raise _fail(f"参数“{param.label}”应为 {'、'.join(param.choices)} 之一", field)
        return value
    else:
        return _check_choices(param, value)
    if param.minimum is not None and value < param.minimum:
        raise _fail(f"参数“{param.label}”不能小于 {param.minimum:g}", field)
    if param.maximum is not None and value > param.maximum:
        raise _fail(f"参数“{param.label}”不能大于 {param.maximum:g}", field)
    return value


def _check_choices(param: Param, value: Any) -> list[str]:
    field = f"params.{param.name}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(f'参数“{param.label}”应为列表，如 ["{param.choices[0]}"]', field)
    bad = [v for v in value if v not in param.choices]
    if bad or not value:
        raise _fail(f"参数“{param.label}”只能从 {'、'.join(param.choices)} 中选择", field)
    return [choice for choice in param.choices if choice in value]


def _check_thresholds(
    kind: Kind, params: dict[str, Any], thresholds: dict[str, Any]
) -> dict[str, float]:
    unknown = sorted(set(thresholds) - set(LEVELS))
    if unknown:
        raise _fail(f"没有“{unknown[0]}”这种预警颜色（红、橙、黄、蓝）", "thresholds")
    given = {level: value for level, value in thresholds.items() if value is not None}
    if kind.direction == "none":
        if given:
            raise _fail(f"“{kind.label}”规则的颜色由参数“预警颜色”决定，不设阈值", "thresholds")
        return {}
    if not given:
        raise _fail("至少设置一个颜色的阈值", "thresholds")
    clean: dict[str, float] = {}
    for level in LEVELS:
        if level not in given:
            continue
        value = given[level]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise _fail(f"{LEVEL_NAMES[level]}阈值应为数值，收到“{value}”", f"thresholds.{level}")
        low, high = kind.bounds
        if (low is not None and value < low) or (high is not None and value > high):
            lower = "-∞" if low is None else f"{low:g}"
            upper = "∞" if high is None else f"{high:g}"
            raise _fail(
                f"{LEVEL_NAMES[level]}阈值应在 {lower} 到 {upper} 之间", f"thresholds.{level}"
            )
        clean[level] = float(value)
    _check_order(kind, params, clean)
    return clean


def _check_order(kind: Kind, params: dict[str, Any], thresholds: dict[str, float]) -> None:
    """More severe colours need stricter thresholds (larger when larger is worse)."""
    lower_worse = direction_of(kind, params) == "lower"
    ordered = [(level, thresholds[level]) for level in LEVELS if level in thresholds]
    for (severe, strict), (mild, loose) in zip(ordered, ordered[1:], strict=False):
        if (strict >= loose) if lower_worse else (strict <= loose):
            word = "低于" if lower_worse else "高于"
            raise _fail(
                f"{LEVEL_NAMES[severe]}阈值（{strict:g}）应{word}{LEVEL_NAMES[mild]}阈值（{loose:g}）",
                f"thresholds.{severe}",
            )
