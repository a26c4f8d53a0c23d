"""The demo policies are entered once, marked 演示, with rules over the built-in facts that
give the known enterprises exact results."""

from __future__ import annotations

from sqlalchemy import select

from industry_brain.db import Database
from industry_brain.policies.demo import seed_demo_policies
from industry_brain.policies.matching import counts_of
from industry_brain.policies.models import Policy
from tests.policies.support import arrange


def test_demo_policies(database: Database) -> None:
    arrange(database)
    assert seed_demo_policies(database) == 4
    assert seed_demo_policies(database) == 0  # once
    with database.reader() as db:
        policies = list(db.scalars(select(Policy).order_by(Policy.id)))
    assert all(p.demo and "演示" in p.title and p.status == "published" for p in policies)
    assert [counts_of(p) for p in policies] == [
        {"met": 1, "not_met": 2, "unknown": 1},  # 专精特新: 甲; 丙 revenue unknown
        {"met": 2, "not_met": 1, "unknown": 1},  # 研发: 甲 乙; 丁 outside; 丙 unknown
        {"met": 1, "not_met": 3, "unknown": 0},  # 入规: 乙 (5 years, 3982); 甲 is 9 years old
        {"met": 2, "not_met": 2, "unknown": 0},  # 高新 (免申即享): 甲 乙
    ]
    assert [p.auto_grant for p in policies] == [False, False, False, True]
