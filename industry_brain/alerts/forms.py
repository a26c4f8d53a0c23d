"""The rule form: what it shows (values by field) and what it posts (typed rule fields).

Each kind's parameters have their own inputs (``param_<kind>_<name>``); only the chosen
kind's are read. Text that is not a number where a number is due is refused with the same
kind of message as the API's type check.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import FormData

from industry_brain.alerts.kinds import KINDS, LEVEL_NAMES, LEVELS, Param
from industry_brain.alerts.models import AlertRule
from industry_brain.errors import ValidationFailedError


def field_name(kind: str, param: str) -> str:
    """Return the input name of a kind's parameter."""
    return f"param_{kind}_{param}"


def _shown(param: Param, value: Any) -> Any:
    if param.type == "bool":
        return "true" if value else "false"
    if param.type == "choices":
        return list(value)
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def form_values(rule: AlertRule | None) -> dict[str, Any]:
    """Return the form's values for a rule (a new rule: every kind's defaults)."""
    params = json.loads(rule.params) if rule else {}
    thresholds = json.loads(rule.thresholds) if rule else {}
    return {
        "name": rule.name if rule else "",
        "kind": rule.kind if rule else "yoy_drop",
        "scope": rule.scope if rule else "enterprise",
        "indicator": (rule.indicator or "") if rule else "revenue",
        "why": rule.why if rule else "",
        "enabled": rule.enabled if rule else True,
        "params": {
            field_name(kind.id, p.name): _shown(
                p, params.get(p.name, p.default) if rule and rule.kind == kind.id else p.default
            )
            for kind in KINDS.values()
            for p in kind.params
        },
        "thresholds": {
            level: f"{thresholds[level]:g}" if level in thresholds else "" for level in LEVELS
        },  # fmt: skip
    }


def posted_values(form: FormData) -> dict[str, Any]:
    """Return the form's values as posted (to show them again with an error)."""
    return {
        "name": str(form.get("name") or ""),
        "kind": str(form.get("kind") or ""),
        "scope": str(form.get("scope") or ""),
        "indicator": str(form.get("indicator") or ""),
        "why": str(form.get("why") or ""),
        "enabled": form.get("enabled") == "true",
        "params": {
            field_name(kind.id, p.name): (
                [str(v) for v in form.getlist(field_name(kind.id, p.name))]
                if p.type == "choices"
                else str(form.get(field_name(kind.id, p.name)) or "")
            )
            for kind in KINDS.values()
            for p in kind.params
        },
        "thresholds": {level: str(form.get(f"threshold_{level}") or "") for level in LEVELS},
    }


def _number(text: str, label: str, field: str, *, integer: bool = False) -> float | int:
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "整数" if integer else "数值"
        raise ValidationFailedError(f"{label}应为{kind}，收到“{text}”", field=field) from None


def rule_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Return the rule fields of posted values, typed by the chosen kind's parameters."""
    kind = KINDS.get(values["kind"])
    if kind is None:
        raise ValidationFailedError(f"未知的规则类型“{values['kind']}”", field="kind")
    params: dict[str, Any] = {}
    for p in kind.params:
        raw = values["params"].get(field_name(kind.id, p.name))
        label, field = f"参数“{p.label}”", f"params.{p.name}"
        if p.type == "choices":
            params[p.name] = list(raw or [])
        elif p.type == "bool":
            params[p.name] = raw == "true"
        elif raw and str(raw).strip():
            text = str(raw).strip()
            params[p.name] = (
                text if p.type == "choice"
                else _number(text, label, field, integer=p.type == "int")
            )  # fmt: skip
    thresholds = {
        level: _number(raw.strip(), f"{LEVEL_NAMES[level]}阈值", f"thresholds.{level}")
        for level, raw in values["thresholds"].items()
        if raw.strip()
    }
    return {
        "name": values["name"], "kind": kind.id, "scope": values["scope"],
        "indicator": values["indicator"] or None, "params": params, "thresholds": thresholds,
        "why": values["why"], "enabled": values["enabled"],
    }  # fmt: skip
