"""Eligibility of every enterprise for policies: evaluate rules in DuckDB over the enterprise
facts, replace the policies' stored results, and notify newly matched enterprises.

Two ways in, one way to store:
- on save, ``refresh_policy`` evaluates that one policy over the published facts
  (serving ``ads_enterprise_facts``, copied into an in-memory DuckDB: the web process never
  opens the lake, whose write lock belongs to the pipeline);
- on each pipeline run, ``evaluate_published`` (step order 55, after the facts step 50)
  evaluates every published policy over the lake's ``rules.enterprise_facts``.

An enterprise is notified once per policy: when the policy is published, the enterprise is
eligible (met) and has not been told before (``notified_at`` is carried over between
evaluations). Enterprises without an account on the platform are told when they have one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.roles import OrgType
from industry_brain.db import utcnow
from industry_brain.policies.eligibility import FACTS_TABLE, evaluate_rules, load_rule
from industry_brain.policies.models import Policy, PolicyResult
from industry_brain.rules.model import Rule

if TYPE_CHECKING:
    import duckdb

Row = tuple[str, str, str, str]  # key, uscc, result, clauses JSON
BATCH = 5000


def serving_facts(db: Session) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB holding ``rules.enterprise_facts`` as last published."""
    import duckdb

    from industry_brain.lake import CONNECTION_CONFIG
    from industry_brain.policies.facts_copy import load_facts

    con = duckdb.connect(":memory:", config=dict(CONNECTION_CONFIG))
    con.execute("CREATE SCHEMA IF NOT EXISTS rules")
    load_facts(db, con, table=FACTS_TABLE)
    return con


def refresh_policy(db: Session, policy: Policy, rule: Rule) -> dict[str, int]:
    """Evaluate one policy over the published facts and store its results (caller commits)."""
    con = serving_facts(db)
    try:
        rows = evaluate_rules(con, {str(policy.id): rule})
    finally:
        con.close()
    return store_results(db, policy, rows)


def store_results(db: Session, policy: Policy, rows: Iterable[Row]) -> dict[str, int]:
    """Replace the policy's results with ``rows`` and notify the newly matched; return the
    counts by result (caller commits)."""
    told = dict(
        db.execute(
            select(PolicyResult.uscc, PolicyResult.notified_at).where(
                PolicyResult.policy_id == policy.id, PolicyResult.notified_at.is_not(None)
            )
        ).all()
    )
    db.execute(delete(PolicyResult).where(PolicyResult.policy_id == policy.id))
    now, counts, fresh = utcnow(), {"met": 0, "not_met": 0, "unknown": 0}, []
    batch: list[dict[str, object]] = []
    for _key, uscc, result, clauses in rows:
        counts[result] = counts.get(result, 0) + 1
        if result == "met" and uscc not in told:
            fresh.append(uscc)
        batch.append(
            {"policy_id": policy.id, "uscc": uscc, "result": result, "clauses": clauses,
             "evaluated_at": now, "notified_at": told.get(uscc)}
        )  # fmt: skip
        if len(batch) >= BATCH:
            db.execute(insert(PolicyResult), batch)
            batch = []
    if batch:
        db.execute(insert(PolicyResult), batch)
    policy.evaluated_at = now
    if policy.status == "published":
        notify_matches(db, policy, fresh)
    return counts


def notify_matches(db: Session, policy: Policy, usccs: list[str]) -> int:
    """Notify the users of each registered enterprise among ``usccs`` and mark them told."""
    from industry_brain.notifications.service import notify

    if not usccs:
        return 0
    orgs = _enterprise_orgs(db, usccs)
    title = (
        f"您企业符合免申即享政策《{policy.title}》，无需申报"
        if policy.auto_grant
        else f"新匹配惠企政策：《{policy.title}》，可在线申报"
    )
    now = utcnow()
    for uscc, org_id in orgs.items():
        notify(db, org_id=org_id, title=title, link=f"/services/policies#policy-{policy.id}",
               kind="policy.match")  # fmt: skip
        db.execute(
            update(PolicyResult)
            .where(PolicyResult.policy_id == policy.id, PolicyResult.uscc == uscc)
            .values(notified_at=now)
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
                select(Organisation.uscc, Organisation.id).where(
                    Organisation.uscc.in_(chunk),
                    Organisation.org_type == str(OrgType.ENTERPRISE),
                    Organisation.is_active,
                )
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


def evaluate_published(con: duckdb.DuckDBPyConnection, db: Session) -> dict[int, dict[str, int]]:
    """Evaluate every published policy over the lake's facts and store the results
    (caller commits); return the counts by policy."""
    policies = published_policies(db)
    rows = evaluate_rules(con, {str(pid): rule for pid, (_, rule) in policies.items()})
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return {
        pid: store_results(db, policy, grouped.get(str(pid), []))
        for pid, (policy, _) in policies.items()
    }


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
