"""What the enterprise's pages and API share: its code and its matched policies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.principal import Principal
from industry_brain.errors import PermissionDeniedError
from industry_brain.policies.models import PolicyApplication
from industry_brain.policies.schemas import MatchOut
from industry_brain.policies.service import policy_out

ORDER = {"met": 0, "unknown": 1, "not_met": 2}


def enterprise_code(db: Session, principal: Principal) -> str:
    """Return the 统一社会信用代码 of the principal's enterprise."""
    org = db.get(Organisation, principal.org_id) if principal.org_id else None
    if org is None or not org.uscc:
        raise PermissionDeniedError("只有企业用户有自己的政策匹配结果")
    return org.uscc


def matches_for(db: Session, uscc: str, org_id: int) -> list[MatchOut]:
    """Return every published policy with the enterprise's result over its published facts,
    clause by clause, eligible ones first."""
    from industry_brain.policies.explain import explain
    from industry_brain.policies.matching import published_policies
    from industry_brain.policies.published_facts import fact_rows

    facts = fact_rows(db, [uscc]).get(uscc)
    open_apps = {
        a.policy_id: a
        for a in db.scalars(
            select(PolicyApplication)
            .where(PolicyApplication.org_id == org_id)
            .order_by(PolicyApplication.id)
        )
    }
    found = []
    for policy, rule in published_policies(db).values():
        app = open_apps.get(policy.id)
        result, clauses = explain(rule, facts)
        found.append(
            MatchOut(
                policy=policy_out(policy),
                result=result,
                clauses=clauses,
                application_id=app.id if app else None,
                application_status=app.status if app else None,
            )  # fmt: skip
        )
    return sorted(found, key=lambda m: (ORDER.get(m.result, 3), -m.policy.id))
