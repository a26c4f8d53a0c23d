"""Queries of 惠企政策: policies with their counts, results clause by clause, an enterprise's
matches and applications. Keyword-light, read-only; changes go through the actions."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.errors import NotFoundError
from industry_brain.policies.eligibility import load_rule, stored_text
from industry_brain.policies.models import (
    Policy,
    PolicyApplication,
    PolicyApplicationEvent,
    PolicyResult,
)
from industry_brain.policies.schemas import (
    ApplicationOut,
    ClauseOut,
    EventOut,
    PolicyOut,
    ResultOut,
)
from industry_brain.rules.model import RuleError, to_data

CHINA = ZoneInfo("Asia/Shanghai")
PAGE = 200


def today() -> date:
    """Return today's date in China (validity dates are Beijing dates)."""
    return datetime.now(CHINA).date()


def beijing(moment: datetime) -> datetime:
    """Return a UTC time as Beijing time, for pages."""
    return moment.astimezone(CHINA)


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


def explained(db: Session, policy: Policy, rows: list[PolicyResult]) -> dict[str, list[ClauseOut]]:
    """Return the clause-by-clause outcomes of the policy's results, by enterprise code."""
    from industry_brain.policies.explain import explain
    from industry_brain.policies.facts_copy import fact_rows

    try:
        rule = load_rule(policy.rule)
    except RuleError:
        return {row.uscc: [] for row in rows}
    facts = fact_rows(db, [row.uscc for row in rows])
    return {row.uscc: explain(rule, row.clauses, facts.get(row.uscc)) for row in rows}


def failed_clause(db: Session, policy: Policy, row: PolicyResult) -> str | None:
    """Return the first clause the enterprise fails, with why; None unless not met."""
    from industry_brain.policies.explain import first_failed

    if row.result != "not_met":
        return None
    return first_failed(explained(db, policy, [row])[row.uscc]) or "不符合申报条件"


def counts_by_policy(db: Session) -> dict[int, dict[str, int]]:
    """Return each policy's number of enterprises by result."""
    found: dict[int, dict[str, int]] = {}
    rows = db.execute(
        select(PolicyResult.policy_id, PolicyResult.result, func.count())
        .group_by(PolicyResult.policy_id, PolicyResult.result)
    )  # fmt: skip
    for policy_id, result, n in rows:
        found.setdefault(int(policy_id), {"met": 0, "not_met": 0, "unknown": 0})[result] = int(n)
    return found


def policy_out(policy: Policy, counts: dict[str, int] | None = None) -> PolicyOut:
    """Return a policy as the API gives it."""
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
        counts=counts or {"met": 0, "not_met": 0, "unknown": 0},
        evaluated_at=policy.evaluated_at,
    )  # fmt: skip


def list_policies(db: Session, *, published_only: bool = False) -> list[PolicyOut]:
    """Return the policies, newest first, with their counts."""
    query = select(Policy).order_by(Policy.id.desc())
    if published_only:
        query = query.where(Policy.status == "published")
    counts = counts_by_policy(db)
    return [policy_out(p, counts.get(p.id)) for p in db.scalars(query)]


def results(
    db: Session, policy_id: int, *, result: str | None = None, uscc: str | None = None,
    limit: int = PAGE, offset: int = 0,
) -> list[ResultOut]:  # fmt: skip
    """Return a policy's results (one result, one enterprise, or all), by code."""
    from industry_brain.policies.matching import names_of

    query = select(PolicyResult).where(PolicyResult.policy_id == policy_id)
    if result:
        query = query.where(PolicyResult.result == result)
    if uscc is not None:
        query = query.where(PolicyResult.uscc == uscc)
    rows = list(db.scalars(query.order_by(PolicyResult.uscc).limit(limit).offset(offset)))
    names = names_of(db, [row.uscc for row in rows])
    clauses = explained(db, get_policy(db, policy_id), rows)
    return [
        ResultOut(
            uscc=row.uscc,
            name=names.get(row.uscc, row.uscc),
            result=row.result,
            clauses=clauses[row.uscc],
        )  # fmt: skip
        for row in rows
    ]


def result_for(db: Session, policy_id: int, uscc: str) -> PolicyResult | None:
    """Return one enterprise's stored result for a policy."""
    return db.scalar(
        select(PolicyResult).where(PolicyResult.policy_id == policy_id, PolicyResult.uscc == uscc)
    )


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
