"""Eligibility of every enterprise for policies: count each policy's results over the
published facts, keep the counts on the policy, and notify newly matched enterprises.

Who is eligible is never stored per enterprise (100,000 enterprises × 200 policies would be
20 million rows to rewrite on every run): the pages list it with one query of the rule over
``ads_enterprise_facts`` (``industry_brain.rules.serving``) and give the reasons by the
rules' Python evaluation for the enterprises shown. What is stored:
- on the policy, its counts by result at its last evaluation (``evaluated_at``);
- ``policy_notices``, the enterprises told that a published policy matches them.

Two ways in, one way to store:
- on save, ``refresh_policy`` counts that one policy over the serving DB's published facts
  (the web process never opens the lake, whose write lock belongs to the pipeline);
- on each pipeline run, ``evaluate_published`` (step order 55, after the facts step 50)
  counts every published policy in one scan of the lake's ``rules.enterprise_facts``.

An enterprise is notified once per policy: when the policy is published, the enterprise is
eligible (met), has an account on the platform, and has not been told before. Enterprises
without an account are told once they have one (at the next evaluation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Select, insert, select, text
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.roles import OrgType
from industry_brain.db import utcnow
from industry_brain.policies.eligibility import load_rule
from industry_brain.policies.models import Policy, PolicyNotice
from industry_brain.rules.model import Rule

if TYPE_CHECKING:
    import duckdb

Counts = dict[str, int]
NO_RESULTS: Counts = {"met": 0, "not_met": 0, "unknown": 0}


def facts_published(db: Session) -> bool:
    """Tell whether the enterprise facts have been published to the serving DB."""
    from industry_brain.rules.serving import SERVING_FACTS
    from industry_brain.warehouse.pipeline.publish import is_published

    return is_published(db, SERVING_FACTS)


def counts_of(policy: Policy) -> Counts:
    """Return the policy's counts by result at its last evaluation (zeros before one)."""
    return {
        "met": policy.met_count or 0,
        "not_met": policy.not_met_count or 0,
        "unknown": policy.unknown_count or 0,
    }


def refresh_policy(db: Session, policy: Policy, rule: Rule) -> Counts:
    """Count one policy's results over the published facts, keep them on the policy and
    notify the newly matched (caller commits); return the counts."""
    from industry_brain.rules.serving import count_results

    counts = count_results(db, rule) if facts_published(db) else dict(NO_RESULTS)
    return store_counts(db, policy, counts, matched_registered(db, rule))


def store_counts(db: Session, policy: Policy, counts: Counts, matched: list[str]) -> Counts:
    """Keep the counts on the policy and, when it is published, notify the registered
    enterprises among ``matched`` not told before (caller commits)."""
    policy.met_count, policy.not_met_count = counts["met"], counts["not_met"]
    policy.unknown_count = counts["unknown"]
    policy.evaluated_at = utcnow()
    if policy.status == "published":
        notify_matches(db, policy, matched)
    return counts


def registered_enterprises() -> Select[str | None]:
    """Return the query of the codes of enterprises with an active account."""
    return select(Organisation.uscc).where(
        Organisation.org_type == str(OrgType.ENTERPRISE),
        Organisation.is_active,
        Organisation.uscc.is_not(None),
    )


def matched_registered(db: Session, rule: Rule) -> list[str]:
    """Return the codes of the registered enterprises the rule matches over the serving DB's
    published facts."""
    from industry_brain.rules.serving import facts_table, home_region, result_filter, rule_filter

    if not facts_published(db):
        return []
    table = facts_table()
    query = (
        select(table.c.uscc)
        .where(
            result_filter(rule_filter(rule, table, home_region(db, table)), "met"),
            table.c.uscc.in_(registered_enterprises()),
        )
        .order_by(table.c.uscc)
    )
    return [str(uscc) for uscc in db.scalars(query)]


def notify_matches(db: Session, policy: Policy, matched: list[str]) -> int:
    """Notify the users of each registered enterprise in ``matched`` not told before about
    the policy, and record the notices; return how many enterprises were told."""
    from industry_brain.notifications.service import notify

    told = set(db.scalars(select(PolicyNotice.uscc).where(PolicyNotice.policy_id == policy.id)))
    orgs = _enterprise_orgs(db, [uscc for uscc in matched if uscc not in told])
    if not orgs:
        return 0
    title = (
        f"您企业符合免申即享政策《{policy.title}》，无需申报"
        if policy.auto_grant
        else f"新匹配惠企政策：《{policy.title}》，可在线申报"
    )
    for org_id in orgs.values():
        notify(db, org_id=org_id, title=title, link=f"/services/policies#policy-{policy.id}",
               kind="policy.match")  # fmt: skip
    now = utcnow()
    db.execute(
        insert(PolicyNotice),
        [{"policy_id": policy.id, "uscc": uscc, "notified_at": now} for uscc in orgs],
    )
    return len(orgs)


def _enterprise_orgs(db: Session, usccs: list[str]) -> dict[str, int]:
    """Return the active enterprise organisations of the codes, by code."""
    found: dict[str, int] = {}
    for start in range(0, len(usccs), 500):
        chunk = usccs[start : start + 500]
        found.update(
            (str(uscc), int(org_id))
            for uscc, org_id in db.execute(
                registered_enterprises()
                .add_columns(Organisation.id)
                .where(Organisation.uscc.in_(chunk))
            )
        )
    return found


def published_policies(db: Session) -> dict[int, tuple[Policy, Rule]]:
    """Return the published policies whose rule still validates, with their rule."""
    from industry_brain.rules.model import RuleError

    found = {}
    for policy in db.scalars(select(Policy).where(Policy.status == "published")):
        try:
            found[policy.id] = (policy, load_rule(policy.rule))
        except RuleError:
            continue  # a fact it names was removed since; the policy page says so
    return found


def evaluate_published(
    con: duckdb.DuckDBPyConnection, db: Session, table: str = "rules.enterprise_facts"
) -> dict[int, Counts]:
    """Count every published policy's results in one scan of the lake's facts, keep the
    counts and notify the newly matched (caller commits); return the counts by policy."""
    from industry_brain.rules.sql import count_all, rule_expression

    policies = published_policies(db)
    counts = count_all(con, {str(pid): rule for pid, (_, rule) in policies.items()}, table)
    registered = [str(uscc) for uscc in db.scalars(registered_enterprises())]
    found = {}
    for pid, (policy, rule) in policies.items():
        matched = con.execute(
            f"SELECT uscc FROM {table} WHERE ({rule_expression(rule)})"
            " AND list_contains(?::VARCHAR[], uscc) ORDER BY uscc",
            [registered],
        ).fetchall()
        found[pid] = store_counts(db, policy, counts[str(pid)], [str(u) for (u,) in matched])
    return found


def names_of(db: Session, usccs: list[str]) -> dict[str, str]:
    """Return the enterprises' names: as published in the profile, else the account's name."""
    from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

    names: dict[str, str] = {}
    for start in range(0, len(usccs), 500):
        chunk = usccs[start : start + 500]
        names.update(
            (str(u), str(n))
            for u, n in db.execute(
                select(Organisation.uscc, Organisation.name).where(Organisation.uscc.in_(chunk))
            )
        )
        if is_published(db, ENTERPRISE_PROFILE):
            params = {f"u{i}": code for i, code in enumerate(chunk)}
            marks = ", ".join(f":{key}" for key in params)
            names.update(
                (str(u), str(n))
                for u, n in db.execute(
                    text(f"SELECT uscc, name FROM {ENTERPRISE_PROFILE} WHERE uscc IN ({marks})"),
                    params,
                )
            )
    return names
