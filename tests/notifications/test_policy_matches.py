"""Enterprise users are notified once when a published policy newly matches their enterprise:
on save and by the pipeline step, never again on re-runs; drafts notify no one; reading
marks them read for that user only."""

from __future__ import annotations

import duckdb
import pytest
from sqlalchemy import select

from industry_brain.db import Database
from industry_brain.errors import NotFoundError
from industry_brain.notifications.actions import do_mark_read
from industry_brain.notifications.models import Notification
from industry_brain.notifications.service import list_notifications, notify, unread_count
from industry_brain.policies.actions import do_create_policy, do_update_policy
from industry_brain.policies.pipeline import policies_step
from tests.factories import make_user
from tests.policies.support import (
    SYSTEM,
    Known,
    arrange,
    facts_rows,
    policy_in,
    principal,
)


@pytest.fixture
def known(database: Database) -> Known:
    return arrange(database)


def _told(database: Database) -> list[tuple[int, str]]:
    with database.reader() as db:
        rows = db.execute(
            select(Notification.org_id, Notification.title)
            .where(Notification.kind == "policy.match").order_by(Notification.id)
        )  # fmt: skip
        return [(org, title) for org, title in rows]


def _lake(rows: list[dict[str, object]]) -> duckdb.DuckDBPyConnection:
    """A lake with ``rules.enterprise_facts`` holding the rows (typed as the rules step)."""
    con = duckdb.connect(":memory:")
    con.execute("CREATE SCHEMA rules")
    con.execute(
        "CREATE TABLE rules.enterprise_facts (uscc VARCHAR, home_region_code VARCHAR, "
        "revenue_last_year DOUBLE, tax_last_year DOUBLE, employees DOUBLE, "
        "rd_ratio_last_year DOUBLE, region_code VARCHAR, industry_code VARCHAR, "
        "honors VARCHAR[], age_years DOUBLE, above_scale BOOLEAN, revenue_growth_3y DOUBLE, "
        "invention_patents DOUBLE)"
    )
    for row in rows:
        honors = str(row["honors"]).split("、") if row["honors"] else []
        con.execute(
            "INSERT INTO rules.enterprise_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row["uscc"], row["home_region_code"], row["revenue_last_year"], None,
             row["employees"], row["rd_ratio_last_year"], row["region_code"],
             row["industry_code"], honors, row["age_years"], row["above_scale"], None,
             row["invention_patents"]],
        )  # fmt: skip
    return con


def test_once_per_new_match(database: Database, known: Known) -> None:
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
    title = "新匹配惠企政策：《专精特新企业奖励》，可在线申报"
    assert _told(database) == [(known.orgs["甲精密"], title)]
    with database.writer() as db:  # saved again: 甲 already told
        do_update_policy(db, actor=SYSTEM, policy_id=policy_id, data=policy_in(amount="50 万元"))
    rows = facts_rows(known.codes)
    rows[1].update(revenue_last_year=2600.0, honors="专精特新")  # 乙 now qualifies
    con = _lake(rows)
    summary = policies_step(con, database, SYSTEM)
    # 甲 and 乙 met, 丙 unknown
    assert summary.startswith("评估已发布政策 1 项：符合 2 家次，待补充数据 1 家次")
    policies_step(con, database, SYSTEM)  # a re-run tells no one again
    assert _told(database) == [(known.orgs["甲精密"], title), (known.orgs["乙电子"], title)]
    ent = principal(database, "ent1")
    with database.reader() as db:
        assert unread_count(db, ent) == 1
        assert list_notifications(db, ent)[0].link == f"/services/policies#policy-{policy_id}"


def test_drafts_notify_no_one_until_published(database: Database, known: Known) -> None:
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in(status="draft")).id
    assert _told(database) == []
    assert policies_step(_lake(facts_rows(known.codes)), database, SYSTEM).startswith(
        "评估已发布政策 0 项"
    )
    with database.writer() as db:
        do_update_policy(db, actor=SYSTEM, policy_id=policy_id,
                         data=policy_in(status="published", auto_grant=True))  # fmt: skip
    assert _told(database) == [
        (known.orgs["甲精密"], "您企业符合免申即享政策《专精特新企业奖励》，无需申报")
    ]


def test_the_step_without_facts_says_so(database: Database) -> None:
    con = duckdb.connect(":memory:")
    assert policies_step(con, database, SYSTEM) == (
        "尚无企业事实数据（rules.enterprise_facts），未评估惠企政策"
    )


def test_every_user_is_told_and_reads_for_themselves(database: Database, known: Known) -> None:
    with database.writer() as db:
        from industry_brain.accounts.models import Organisation

        org = db.get(Organisation, known.orgs["甲精密"])
        assert org is not None
        make_user(db, org=org, username="ent0b")
        notify(db, org_id=org.id, title="测试消息", link="/", kind="test")
        db.commit()
    first, second = principal(database, "ent0"), principal(database, "ent0b")
    with database.writer() as db:
        assert do_mark_read(db, actor=first) == 1
    with database.reader() as db:
        assert (unread_count(db, first), unread_count(db, second)) == (0, 1)
        theirs = list_notifications(db, second)[0].id
    with database.writer() as db, pytest.raises(NotFoundError):
        do_mark_read(db, actor=first, notification_id=theirs)
    with database.writer() as db, pytest.raises(NotFoundError):
        do_mark_read(db, actor=principal(database, "ent1"), notification_id=theirs)


def test_the_step_expires_lapsed_policies_audited_and_tells_no_one(
    database: Database, known: Known
) -> None:
    import json
    from datetime import timedelta

    from industry_brain.audit.models import AuditEvent
    from industry_brain.clock import beijing_today as today
    from industry_brain.policies.models import Policy

    yesterday = today() - timedelta(days=1)
    with database.writer() as db:
        lapsed = do_create_policy(db, actor=SYSTEM, data=policy_in(
            title="已到期", valid_until=yesterday, status="draft")).id  # fmt: skip
        current = do_create_policy(db, actor=SYSTEM, data=policy_in(
            title="今日仍有效", valid_until=today(), status="draft")).id  # fmt: skip
        for policy_id in (lapsed, current):
            policy = db.get(Policy, policy_id)
            assert policy is not None
            policy.status = "published"  # as if published earlier, before it lapsed
        db.commit()
    summary = policies_step(_lake(facts_rows(known.codes)), database, SYSTEM)
    assert "评估已发布政策 1 项" in summary and "1 项政策到期失效" in summary
    with database.reader() as db:
        statuses = {p.id: p.status for p in db.scalars(select(Policy))}
        expired = list(
            db.scalars(select(AuditEvent).where(AuditEvent.event_type == "policy.expire"))
        )
    assert statuses == {lapsed: "expired", current: "published"}
    assert [(e.object_id, json.loads(e.detail)["valid_until"]) for e in expired] == [
        (str(lapsed), yesterday.isoformat())
    ]
    assert [title for _, title in _told(database)] == ["新匹配惠企政策：《今日仍有效》，可在线申报"]
