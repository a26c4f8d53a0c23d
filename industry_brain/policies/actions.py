"""Audited changes of policies: create, update, and expiry when the validity has ended. The
rule is validated by the rules language first (a refused rule names its clause and nothing
is saved); a saved policy is evaluated again at once, that policy alone, in the same
transaction as its audit row."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import utcnow
from industry_brain.errors import NotFoundError, ValidationFailedError
from industry_brain.policies.eligibility import problems_of, rule_from_input, rule_json
from industry_brain.policies.matching import refresh_policy
from industry_brain.policies.models import Policy
from industry_brain.policies.schemas import PolicyIn
from industry_brain.rules.model import Rule, RuleError

POLICY = "policy"
FIELDS = ("title", "issuer", "doc_no", "published_on", "valid_from", "valid_until", "text",
          "benefits", "amount", "auto_grant", "status")  # fmt: skip


class RuleRefusedError(ValidationFailedError):
    """The rule does not validate; ``problems`` names each clause at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("申报条件有误：" + "；".join(problems), field="rule")
        self.problems = problems


def checked_rule(data: PolicyIn) -> Rule:
    """Return the validated rule of the input, or raise RuleRefusedError."""
    try:
        return rule_from_input(text=data.rule_text, data=data.rule)
    except RuleError as exc:
        raise RuleRefusedError(problems_of(exc)) from None


def _fill(policy: Policy, data: PolicyIn, rule: Rule) -> dict[str, Any]:
    """Copy the input onto the policy; return what changed (field: [before, after])."""
    changed: dict[str, Any] = {}
    values: dict[str, Any] = {name: getattr(data, name) for name in FIELDS}
    values["region_code"] = data.region_code or None
    values["rule"] = rule_json(rule)
    for name, value in values.items():
        before = getattr(policy, name, None)
        if before != value:
            changed[name] = [_plain(before), _plain(value)]
            setattr(policy, name, value)
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def do_create_policy(
    db: Session, *, actor: Principal, data: PolicyIn, demo: bool = False
) -> Policy:
    """Enter a policy; evaluate it for every enterprise; audit ``policy.create``."""
    require(actor, POLICY, "create")
    rule = checked_rule(data)
    now = utcnow()
    policy = Policy(created_by=actor.username, created_at=now, updated_at=now, demo=demo)
    _fill(policy, data, rule)
    db.add(policy)
    db.flush()
    counts = refresh_policy(db, policy, rule)
    audit.append(
        db, actor=actor, event_type="policy.create", object_type="policy", object_id=policy.id,
        detail={"title": policy.title, "status": policy.status, "rule": data.rule_text
                or policy.rule, "results": counts},
    )  # fmt: skip
    db.commit()
    return policy


def do_update_policy(db: Session, *, actor: Principal, policy_id: int, data: PolicyIn) -> Policy:
    """Change a policy; evaluate it again; audit ``policy.update`` with what changed."""
    require(actor, POLICY, "update")
    policy = db.get(Policy, policy_id)
    if policy is None:
        raise NotFoundError("没有这项政策")
    rule = checked_rule(data)
    changed = _fill(policy, data, rule)
    policy.updated_at = utcnow()
    counts = refresh_policy(db, policy, rule)
    audit.append(
        db, actor=actor, event_type="policy.update", object_type="policy", object_id=policy.id,
        detail={"changed": changed, "results": counts},
    )  # fmt: skip
    db.commit()
    return policy


def expire_lapsed(db: Session, *, actor: Principal, day: date) -> list[int]:
    """Mark the published policies whose validity ended before ``day`` 已失效, each audited
    ``policy.expire`` (caller commits); return their ids."""
    lapsed = list(
        db.scalars(
            select(Policy).where(
                Policy.status == "published",
                Policy.valid_until.is_not(None),
                Policy.valid_until < day,
            )
        )
    )
    for policy in lapsed:
        policy.status, policy.updated_at = "expired", utcnow()
        assert policy.valid_until is not None
        audit.append(
            db, actor=actor, event_type="policy.expire", object_type="policy",
            object_id=policy.id,
            detail={"title": policy.title, "valid_until": policy.valid_until.isoformat()},
        )  # fmt: skip
    return [policy.id for policy in lapsed]
