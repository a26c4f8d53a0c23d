"""The 惠企 panel of the cockpit: policies in force, eligible enterprises, 免申即享
beneficiaries, applications by status and the amounts granted (万元).

Definitions (docs/policies.md): eligible = met by a published policy over the published facts
(an enterprise eligible for several policies counts once in ``eligible_enterprises``); a
policy's eligible count and the 免申即享 beneficiaries are those of its last evaluation;
amounts = the sum of ``granted_wan_yuan`` of applications at 兑现.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from industry_brain.policies.models import (
    APPLICATION_STATUSES,
    Policy,
    PolicyApplication,
)
from industry_brain.rules.model import Rule

TOP = 5


def _eligible_anywhere(db: Session, rules: list[Rule]) -> int:
    """Return how many published enterprises at least one of the rules matches (once each)."""
    from industry_brain.policies.matching import facts_published
    from industry_brain.rules.serving import facts_table, home_region, result_filter, rule_filter

    if not rules or not facts_published(db):
        return 0
    table = facts_table()
    home = home_region(db, table)
    matched = or_(*(result_filter(rule_filter(rule, table, home), "met") for rule in rules))
    return int(db.scalar(select(func.count()).select_from(table).where(matched)) or 0)


def _eligible_cached(db: Session, published: dict[int, tuple[Policy, Rule]]) -> int:
    """Return ``_eligible_anywhere`` of the published rules, kept until the facts are
    republished or a published rule changes (one query over every rule: 0.8 s with 200)."""
    from industry_brain.warehouse.pipeline.publish import cached_until_republished

    key = ("policies.eligible", tuple(sorted((pid, p.rule) for pid, (p, _) in published.items())))
    rules = [rule for _, rule in published.values()]
    return cached_until_republished(db, key, lambda: _eligible_anywhere(db, rules))


def policies_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return the 惠企 figures: policies, eligible enterprises, applications and amounts."""
    from industry_brain.policies.matching import published_policies

    del params
    by_status = dict(db.execute(select(Policy.status, func.count()).group_by(Policy.status)).all())
    published = published_policies(db)
    ranked = sorted(
        (policy for policy, _ in published.values()), key=lambda p: (-(p.met_count or 0), p.id)
    )
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
        "eligible_enterprises": _eligible_cached(db, published),
        "auto_grant_beneficiaries": sum(p.met_count or 0 for p in ranked if p.auto_grant),
        "top": [
            {"id": p.id, "title": p.title, "auto_grant": p.auto_grant, "eligible": p.met_count or 0}
            for p in ranked[:TOP]
        ],
        "applications": {status: int(apps.get(status, 0)) for status in APPLICATION_STATUSES},
        "granted_wan_yuan": str(Decimal(granted or 0).quantize(Decimal("0.01"))),
    }
