"""Audited changes of the rules: create, update (incl. enable/disable), seed the defaults.

A rule is validated in full before anything is written (``validation.validate_rule``): a
refused rule leaves nothing saved and no audit row of success.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.alerts.defaults import DEFAULT_RULES
from industry_brain.alerts.kinds import KINDS
from industry_brain.alerts.models import AlertRule
from industry_brain.alerts.schemas import RuleIn, RulePatch
from industry_brain.alerts.validation import CleanRule, validate_rule
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import ConflictError, NotFoundError


def rule_definition(rule: AlertRule) -> dict[str, Any]:
    """Return the stored rule as the fields a client sends."""
    return {
        "name": rule.name,
        "kind": rule.kind,
        "scope": rule.scope,
        "indicator": rule.indicator,
        "params": json.loads(rule.params),
        "thresholds": json.loads(rule.thresholds),
        "why": rule.why,
        "enabled": rule.enabled,
    }


def _name_taken(db: Session, name: str, *, other_than: int | None = None) -> bool:
    query = select(func.count()).select_from(AlertRule).where(AlertRule.name == name)
    if other_than is not None:
        query = query.where(AlertRule.id != other_than)
    return bool(db.scalar(query))


def _apply(rule: AlertRule, clean: CleanRule, *, why: str, enabled: bool) -> None:
    rule.name, rule.kind, rule.scope = clean.name, clean.kind, clean.scope
    rule.indicator = clean.indicator
    rule.params = json.dumps(clean.params, ensure_ascii=False, sort_keys=True)
    rule.thresholds = json.dumps(clean.thresholds, ensure_ascii=False)
    rule.why = why.strip() or KINDS[clean.kind].why
    rule.enabled = enabled


def _validated(data: dict[str, Any]) -> CleanRule:
    return validate_rule(
        name=data["name"],
        kind=data["kind"],
        scope=data["scope"],
        indicator=data["indicator"],
        params=data["params"],
        thresholds=data["thresholds"],
    )


def _create(db: Session, *, actor: Principal, data: RuleIn) -> AlertRule:
    clean = _validated(data.model_dump())
    if _name_taken(db, clean.name):
        raise ConflictError(f"已有名为“{clean.name}”的规则", field="name")
    rule = AlertRule(created_by=actor.username, updated_by=actor.username)
    _apply(rule, clean, why=data.why, enabled=data.enabled)
    db.add(rule)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="alerts.rule.create",
        object_type="alert_rule",
        object_id=rule.id,
        detail=rule_definition(rule),
    )
    return rule


def do_create_rule(db: Session, *, actor: Principal, data: RuleIn) -> AlertRule:
    """Create a rule after checking it in full (audited)."""
    require(actor, "alerts.rule", "create")
    rule = _create(db, actor=actor, data=data)
    db.commit()
    return rule


def do_update_rule(db: Session, *, actor: Principal, rule_id: int, patch: RulePatch) -> AlertRule:
    """Change a rule's fields (thresholds, parameters, enabled …) after checking the result."""
    require(actor, "alerts.rule", "update")
    rule = db.get(AlertRule, rule_id)
    if rule is None:
        raise NotFoundError(f"没有编号为 {rule_id} 的规则")
    before = rule_definition(rule)
    changes = patch.model_dump(exclude_unset=True)
    merged = {**before, **changes}
    clean = _validated(merged)
    if _name_taken(db, clean.name, other_than=rule.id):
        raise ConflictError(f"已有名为“{clean.name}”的规则", field="name")
    _apply(rule, clean, why=merged["why"], enabled=bool(merged["enabled"]))
    rule.updated_by, rule.updated_at = actor.username, utcnow()
    after = rule_definition(rule)
    audit.append(
        db,
        actor=actor,
        event_type="alerts.rule.update",
        object_type="alert_rule",
        object_id=rule.id,
        detail={
            "changed": {
                k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]
            }
        },
    )
    db.commit()
    return rule


def do_seed_rules(db: Session, *, actor: Principal) -> int:
    """Create the default rules when there are none yet (audited); return how many."""
    require(actor, "alerts.rule", "create")
    if db.scalar(select(func.count()).select_from(AlertRule)):
        return 0
    for data in DEFAULT_RULES:
        _create(db, actor=actor, data=RuleIn.model_validate(data))
    db.commit()
    return len(DEFAULT_RULES)
