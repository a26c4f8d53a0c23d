"""Reads of the rules for the rules page, the API and the list's filter."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.alerts.explain import rule_description
from industry_brain.alerts.kinds import KINDS, SCOPE_LABELS
from industry_brain.alerts.models import AlertRule, AlertWarning
from industry_brain.alerts.schemas import RuleOut
from industry_brain.alerts.service import indicator_label
from industry_brain.errors import NotFoundError


def rule_out(rule: AlertRule, open_warnings: int = 0) -> RuleOut:
    """Return a rule with its labels and its thresholds in words."""
    params, thresholds = json.loads(rule.params), json.loads(rule.thresholds)
    name, unit = indicator_label(rule.indicator)
    kind = KINDS.get(rule.kind)
    return RuleOut(
        id=rule.id, name=rule.name, kind=rule.kind,
        kind_label=kind.label if kind else rule.kind, scope=rule.scope,
        scope_label=SCOPE_LABELS.get(rule.scope, rule.scope), indicator=rule.indicator,
        indicator_name=name or None, params=params, thresholds=thresholds, why=rule.why,
        enabled=rule.enabled,
        description=rule_description(
            rule.kind, params, thresholds, unit if rule.kind == "indicator_threshold" else ""
        ),
        updated_by=rule.updated_by, updated_at=rule.updated_at, open_warnings=open_warnings,
    )  # fmt: skip


def list_rules(db: Session) -> list[RuleOut]:
    """Return every rule, in id order, with its count of open warnings."""
    counts = dict(
        db.execute(
            select(AlertWarning.rule_id, func.count())
            .where(AlertWarning.status == "open")
            .group_by(AlertWarning.rule_id)
        ).all()
    )
    rules = db.scalars(select(AlertRule).order_by(AlertRule.id))
    return [rule_out(rule, int(counts.get(rule.id, 0))) for rule in rules]


def get_rule(db: Session, rule_id: int) -> AlertRule:
    """Return a rule or raise NotFoundError."""
    rule = db.get(AlertRule, rule_id)
    if rule is None:
        raise NotFoundError(f"没有编号为 {rule_id} 的规则")
    return rule
