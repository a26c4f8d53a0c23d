"""Eligibility clause by clause on four known enterprises: met, not met with the failing
clause and its reason, unknown when a fact is missing; saving re-evaluates that policy only;
a refused rule names its clause and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.policies.actions import RuleRefusedError, do_create_policy, do_update_policy
from industry_brain.policies.models import Policy, PolicyNotice
from industry_brain.policies.service import results
from tests.policies.support import SYSTEM, Known, arrange, facts_rows, policy_in, publish_facts


@pytest.fixture
def known(database: Database) -> Known:
    return arrange(database)


def _by_name(database: Database, known: Known, policy_id: int) -> dict[str, Any]:
    names = {code: name for name, code in known.codes.items()}
    with database.reader() as db:
        return {names[r.uscc]: r for r in results(db, policy_id)}


def test_results_clause_by_clause(database: Database, known: Known) -> None:
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
    found = _by_name(database, known, policy_id)
    assert {name: r.result for name, r in found.items()} == {
        "甲精密": "met", "乙电子": "not_met", "丙新材": "unknown", "丁汽配": "not_met"
    }  # fmt: skip
    assert [(c.text, c.result, c.reason) for c in found["乙电子"].clauses] == [
        ('上年营业收入 >= 2000 万元 且 荣誉 包含 "专精特新" 且 注册地 前缀 "3204"', "not_met",
         "3 项中 1 项符合，2 项不符合"),
        ("上年营业收入 >= 2000 万元", "not_met", "上年营业收入为 1500 万元"),
        ('荣誉 包含 "专精特新"', "not_met", "荣誉为 高新技术企业"),
        ('注册地 前缀 "3204"', "met", "注册地为 320402"),
    ]  # fmt: skip
    assert [(c.result, c.reason) for c in found["丙新材"].clauses][:2] == [
        ("unknown", "3 项中 2 项符合，1 项待补充数据，缺少数据无法判定"),
        ("unknown", "缺少数据：上年营业收入"),
    ]
    assert [c.result for c in found["丁汽配"].clauses] == ["not_met", "met", "met", "not_met"]
    assert found["甲精密"].name == "常州甲精密有限公司"


def test_home_region_and_groups(database: Database, known: Known) -> None:
    rule = "注册地 在 本市 且 (研发投入占比 >= 3 或 发明专利数 >= 10) 且 非 规上 = 否"
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in(rule)).id
    found = _by_name(database, known, policy_id)
    assert {name: r.result for name, r in found.items()} == {
        "甲精密": "met", "乙电子": "met", "丙新材": "not_met", "丁汽配": "not_met"
    }  # fmt: skip
    assert [c.path for c in found["丙新材"].clauses] == [
        "", "all[0]", "all[1]", "all[1].any[0]", "all[1].any[1]", "all[2]", "all[2].not"
    ]  # fmt: skip
    assert [c.result for c in found["丙新材"].clauses] == [
        "not_met", "met", "unknown", "unknown", "not_met", "not_met", "met"
    ]  # fmt: skip


def _stored(database: Database, policy_id: int) -> tuple[object, ...]:
    with database.reader() as db:
        policy = db.get(Policy, policy_id)
        assert policy is not None
        return (policy.met_count, policy.not_met_count, policy.unknown_count, policy.evaluated_at)


def test_saving_re_evaluates_that_policy_only(database: Database, known: Known) -> None:
    with database.writer() as db:
        first = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
        second = do_create_policy(db, actor=SYSTEM, data=policy_in(title="研发补助")).id
    assert _stored(database, first)[:3] == (1, 2, 1)
    rows = facts_rows(known.codes)
    rows[1].update(revenue_last_year=2600.0, honors="专精特新")  # 乙 now qualifies
    publish_facts(database, rows)
    before = _stored(database, second)
    with database.writer() as db:
        do_update_policy(db, actor=SYSTEM, policy_id=first, data=policy_in(title="专精特新奖励"))
    assert _stored(database, first)[:3] == (2, 1, 1)
    assert _stored(database, second) == before  # its counts are those of its own last evaluation
    # The lists are always over the facts as published now.
    assert _by_name(database, known, first)["乙电子"].result == "met"
    assert _by_name(database, known, second)["乙电子"].result == "met"


def _counts(database: Database) -> tuple[int, int, int]:
    with database.reader() as db:
        return (
            int(db.scalar(select(func.count(Policy.id))) or 0),
            int(db.scalar(select(func.count(PolicyNotice.id))) or 0),
            int(db.scalar(select(func.count(AuditEvent.id))) or 0),
        )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("上年营业额 >= 2000", "未知的事实 “上年营业额”"),
        ("荣誉 >= 3", "荣誉（集合）不能用运算符 “>=”"),
        ('上年营业收入 >= "很多"', "上年营业收入"),
    ],
)
def test_a_bad_rule_names_the_clause_and_saves_nothing(
    database: Database, known: Known, rule: str, message: str
) -> None:
    before = _counts(database)
    with database.writer() as db, pytest.raises(RuleRefusedError) as refused:
        do_create_policy(db, actor=SYSTEM, data=policy_in(rule))
    assert refused.value.field == "rule"
    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert _counts(database) == before


def test_a_bad_rule_on_update_leaves_the_policy_as_it_was(database: Database, known: Known) -> None:
    with database.writer() as db:
        policy_id = do_create_policy(db, actor=SYSTEM, data=policy_in()).id
    before = _counts(database)
    with database.writer() as db, pytest.raises(RuleRefusedError):
        do_update_policy(db, actor=SYSTEM, policy_id=policy_id,
                         data=policy_in("从业人数 包含 3", title="改坏了"))  # fmt: skip
    with database.reader() as db:
        policy = db.get(Policy, policy_id)
        assert policy is not None and policy.title == "专精特新企业奖励"
    assert _counts(database) == before
