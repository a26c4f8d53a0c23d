"""The 惠企 panel of the cockpit: policies in force, eligible enterprises, 免申即享
beneficiaries, applications by status and the amounts granted (万元).

Definitions (docs/policies.md): eligible = met by the last evaluation of a published policy
(an enterprise eligible for several policies counts once in ``eligible_enterprises``);
amounts = the sum of ``granted_wan_yuan`` of applications at 兑现.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from industry_brain.policies.models import (
    APPLICATION_STATUSES,
    Policy,
    PolicyApplication,
    PolicyResult,
)

TOP = 5


def _published_met(db: Session) -> Any:
    return (
        select(PolicyResult.policy_id, PolicyResult.uscc)
        .join(Policy, Policy.id == PolicyResult.policy_id)
        .where(Policy.status == "published", PolicyResult.result == "met")
    )


def policies_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the 惠企 figures: policies, eligible enterprises, applications and amounts."""
    del params
    by_status = dict(db.execute(select(Policy.status, func.count()).group_by(Policy.status)).all())
    met = _published_met(db).subquery()
    eligible = db.scalar(select(func.count(distinct(met.c.uscc)))) or 0
    top = db.execute(
        select(Policy.id, Policy.title, Policy.auto_grant, func.count(met.c.uscc))
        .join(met, met.c.policy_id == Policy.id)
        .group_by(Policy.id, Policy.title, Policy.auto_grant)
        .order_by(func.count(met.c.uscc).desc(), Policy.id)
        .limit(TOP)
    ).all()
    auto = db.scalar(
        select(func.count()).select_from(met).join(Policy, Policy.id == met.c.policy_id)
        .where(Policy.auto_grant)
    )  # fmt: skip
    apps = dict(
        db.execute(
            select(PolicyApplication.status, func.count()).group_by(PolicyApplication.status)
        ).all()
    )
    granted = db.scalar(
        select(func.sum(PolicyApplication.granted_wan_yuan)).where(
            PolicyApplication.status == "兑现"
        )
    )
    return {
        "published": int(by_status.get("published", 0)),
        "drafts": int(by_status.get("draft", 0)),
        "eligible_enterprises": int(eligible),
        "auto_grant_beneficiaries": int(auto or 0),
        "top": [
            {"id": pid, "title": title, "auto_grant": bool(ag), "eligible": int(n)}
            for pid, title, ag, n in top
        ],
        "applications": {status: int(apps.get(status, 0)) for status in APPLICATION_STATUSES},
        "granted_wan_yuan": str(Decimal(granted or 0).quantize(Decimal("0.01"))),
    }
