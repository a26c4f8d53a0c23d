"""Queries of 惠企政策: policies with their counts, results clause by clause, an enterprise's
matches and applications. Keyword-light, read-only; changes go through the actions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.errors import NotFoundError
from industry_brain.policies.eligibility import load_rule, stored_text
from industry_brain.policies.models import (
    Policy,
    PolicyApplication,
    PolicyApplicationEvent,
)
from industry_brain.policies.schemas import (
    ApplicationOut,
    ClauseOut,
    EventOut,
    PolicyOut,
    ResultOut,
)
from industry_brain.rules.model import RuleError, to_data

PAGE = 200


def is_open_now(policy: Policy, day: date) -> bool:
    """Tell whether the day is within the policy's validity (open ends allowed)."""
    return (policy.valid_from is None or policy.valid_from <= day) and (
        policy.valid_until is None or day <= policy.valid_until
    )


def get_policy(db: Session, policy_id: int) -> Policy:
    """Return a policy or raise NotFoundError."""
    policy = db.get(Policy, policy_id)
    if policy is None:
        raise NotFoundError("没有这项政策")
    return policy


def explained(
    db: Session, policy: Policy, usccs: list[str]
) -> dict[str, tuple[str, list[ClauseOut]]]:
    """Return each enterprise's result for the policy and its clause-by-clause outcomes, by
    code, from its published facts (an enterprise without published facts: all unknown)."""
    from industry_brain.policies.explain import explain
    from industry_brain.policies.published_facts import fact_rows

    try:
        rule = load_rule(policy.rule)
    except RuleError:
        return {uscc: ("unknown", []) for uscc in usccs}
    facts = fact_rows(db, usccs)
    return {uscc: explain(rule, facts.get(uscc)) for uscc in usccs}


def failed_clause(db: Session, policy: Policy, uscc: str) -> str | None:
    """Return the first clause the enterprise fails, with why; None unless it is not met."""
    from industry_brain.policies.explain import first_failed

    result, clauses = explained(db, policy, [uscc])[uscc]
    if result != "not_met":
        return None
    return first_failed(clauses) or "不符合申报条件"


def policy_out(policy: Policy) -> PolicyOut:
    """Return a policy as the API gives it, with its counts at its last evaluation."""
    from industry_brain.policies.matching import counts_of

    try:
        data: dict[str, Any] = to_data(load_rule(policy.rule))
    except RuleError:
        data = json.loads(policy.rule)
    return PolicyOut(
        id=policy.id, title=policy.title, issuer=policy.issuer, doc_no=policy.doc_no,
        published_on=policy.published_on, valid_from=policy.valid_from,
        valid_until=policy.valid_until, region_code=policy.region_code, text=policy.text,
        benefits=policy.benefits, amount=policy.amount, auto_grant=policy.auto_grant,
        status=policy.status, demo=policy.demo, rule=data, rule_text=stored_text(policy.rule),
        counts=counts_of(policy),
        evaluated_at=policy.evaluated_at,
    )  # fmt: skip


def list_policies(db: Session, *, published_only: bool = False) -> list[PolicyOut]:
    """Return the policies, newest first, with their counts."""
    query = select(Policy).order_by(Policy.id.desc())
    if published_only:
        query = query.where(Policy.status == "published")
    return [policy_out(p) for p in db.scalars(query)]


def results(
    db: Session, policy_id: int, *, result: str | None = None, uscc: str | None = None,
    limit: int = PAGE, offset: int = 0,
) -> list[ResultOut]:  # fmt: skip
    """Return a policy's results over the published facts (one result, one enterprise, or
    all), by code, clause by clause."""
    from industry_brain.policies.matching import facts_published, names_of
    from industry_brain.rules.serving import facts_table, home_region, result_filter, rule_filter

    policy = get_policy(db, policy_id)
    if uscc is not None:
        codes = [uscc]
    else:
        try:
            rule = load_rule(policy.rule)
        except RuleError:
            return []
        if not facts_published(db):
            return []
        table = facts_table()
        query = select(table.c.uscc).order_by(table.c.uscc).limit(limit).offset(offset)
        if result:
            expression = rule_filter(rule, table, home_region(db, table))
            query = query.where(result_filter(expression, result))
        codes = [str(code) for code in db.scalars(query)]
    names = names_of(db, codes)
    found = explained(db, policy, codes)
    items = [
        ResultOut(uscc=code, name=names.get(code, code), result=found[code][0],
                  clauses=found[code][1])
        for code in codes
    ]  # fmt: skip
    return [item for item in items if not result or item.result == result]


def applications(
    db: Session, *, org_id: int | None = None, policy_id: int | None = None,
    status: str = "", limit: int = PAGE,
) -> list[ApplicationOut]:  # fmt: skip
    """Return applications, most recently changed first (one enterprise's when ``org_id``)."""
    query = select(PolicyApplication)
    if org_id is not None:
        query = query.where(PolicyApplication.org_id == org_id)
    if policy_id is not None:
        query = query.where(PolicyApplication.policy_id == policy_id)
    if status:
        query = query.where(PolicyApplication.status == status)
    query = query.order_by(PolicyApplication.updated_at.desc(), PolicyApplication.id.desc())
    return [application_out(db, a) for a in db.scalars(query.limit(limit))]


def application_out(db: Session, application: PolicyApplication) -> ApplicationOut:
    """Return an application with its policy's title, the enterprise and the timeline."""
    policy = db.get(Policy, application.policy_id)
    org = db.get(Organisation, application.org_id)
    events = db.scalars(
        select(PolicyApplicationEvent)
        .where(PolicyApplicationEvent.application_id == application.id)
        .order_by(PolicyApplicationEvent.id)
    )
    return ApplicationOut(
        id=application.id, policy_id=application.policy_id,
        policy_title=policy.title if policy else "", org_id=application.org_id,
        enterprise=org.name if org else "", uscc=application.uscc, status=application.status,
        note=application.note, reason=application.reason,
        granted_wan_yuan=application.granted_wan_yuan, created_at=application.created_at,
        updated_at=application.updated_at,
        events=[EventOut(status=e.status, note=e.note, actor=e.actor, at=e.at) for e in events],
    )  # fmt: skip
