"""Changing the weights of the 招商 score: validated, saved in one transaction, audited."""

from __future__ import annotations

import math
from collections.abc import Mapping

from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ValidationFailedError
from industry_brain.invest.factors import FACTOR_IDS, FACTOR_LABELS
from industry_brain.invest.weights import InvestWeight, current_weights, stored_weights

MAX_WEIGHT = 1000.0


def validate_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Return the weights of every factor as numbers, or raise naming the offending factor.

    Refused: an unknown factor, a factor left out, a value that is not a finite number
    (NaN, infinity, text), a negative weight, a weight above 1000, and all weights zero
    (the score would mean nothing).
    """
    unknown = [key for key in weights if key not in FACTOR_IDS]
    if unknown:
        raise ValidationFailedError(f"没有评分因子“{unknown[0]}”", field=unknown[0])
    checked: dict[str, float] = {}
    for factor in FACTOR_IDS:
        label = FACTOR_LABELS[factor]
        if factor not in weights or weights[factor] is None:
            raise ValidationFailedError(f"缺少“{label}”的权重", field=factor)
        value = _number(weights[factor], label, factor)
        if value < 0:
            raise ValidationFailedError(f"“{label}”的权重不能为负数（{value:g}）", field=factor)
        if value > MAX_WEIGHT:
            raise ValidationFailedError(
                f"“{label}”的权重 {value:g} 超过上限 {MAX_WEIGHT:g}", field=factor
            )
        checked[factor] = value
    if not any(checked.values()):
        raise ValidationFailedError("权重不能全部为零：至少一个因子的权重须大于零，评分才有意义")
    return checked


def _number(value: object, label: str, factor: str) -> float:
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError(value)
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailedError(f"“{label}”的权重“{value}”不是数字", field=factor) from exc
    if not math.isfinite(number):
        message = f"“{label}”的权重必须是有限的数字（不能是 {value}）"
        raise ValidationFailedError(message, field=factor)
    return number


def do_update_weights(
    db: Session, *, actor: Principal, weights: Mapping[str, object]
) -> dict[str, float]:
    """Save the weights of every factor (audited ``invest.weights.update``); return them."""
    require(actor, "invest.weights", "update")
    checked = validate_weights(weights)
    before = current_weights(db)
    saved = stored_weights(db)
    now = utcnow()
    for factor, value in checked.items():
        row = saved.get(factor)
        if row is None:
            db.add(InvestWeight(factor_id=factor, weight=value, updated_by=actor.username,
                                updated_at=now))  # fmt: skip
        else:
            row.weight, row.updated_by, row.updated_at = value, actor.username, now
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="invest.weights.update",
        object_type="invest_weights",
        object_id="score",
        detail={"before": before, "after": checked},
    )
    db.commit()
    return checked
