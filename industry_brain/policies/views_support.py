"""What the enterprise's pages and API share: its code and its matched policies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.principal import Principal
from industry_brain.errors import PermissionDeniedError
from industry_brain.policies.models import Policy, PolicyApplication, PolicyResult
from industry_brain.policies.schemas import MatchOut
from industry_brain.policies.service import counts_by_policy, explained, policy_out

ORDER = {"met": 0, "unknown": 1, "not_met": 2}


def enterprise_code(db: Session, principal: Principal) -> str:
    """Return the 统一社会信用代码 of the principal's enterprise."""
    org = db.get(Organisation, principal.org_id) if principal.org_id else None
    if org is None or not org.uscc:
        raise PermissionDeniedError("只有企业用户有自己的政策匹配结果")
    return org.uscc


def matches_for(db: Session, uscc: str, org_id: int) -> list[MatchOut]:
    """Return every published policy with the enterprise's result, eligible ones first."""
    rows = db.execute(
        select(Policy, PolicyResult)
        .join(PolicyResult, PolicyResult.policy_id == Policy.id)
        .where(Policy.status == "published", PolicyResult.uscc == uscc)
    ).all()
    open_apps = {
        a.policy_id: a
        for a in db.scalars(
            select(PolicyApplication)
            .where(PolicyApplication.org_id == org_id)
            .order_by(PolicyApplication.id)
        )
    }
    counts = counts_by_policy(db)
    found = []
    for policy, result in rows:
        app = open_apps.get(policy.id)
        found.append(
            MatchOut(
                policy=policy_out(policy, counts.get(policy.id)),
                result=result.result,
                clauses=explained(db, policy, [result])[result.uscc],
                application_id=app.id if app else None,
                application_status=app.status if app else None,
            )  # fmt: skip
        )
    return sorted(found, key=lambda m: (ORDER.get(m.result, 3), -m.policy.id))
