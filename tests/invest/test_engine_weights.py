"""Weights of the score: defaults, validated edits (refused with a message naming the
factor, nothing saved), one audit row per change, and who may change them."""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.errors import PermissionDeniedError, ValidationFailedError
from industry_brain.invest.factors import DEFAULT_WEIGHTS, FACTOR_IDS
from industry_brain.invest.service import current_weights, factor_definitions
from industry_brain.invest.weights_actions import do_update_weights, validate_weights

NEW = {"fit": 30, "scale": 10, "growth": 0, "innovation": "5", "network": 30.5,
       "relatedness": 14.5, "distance": 10}  # fmt: skip


def principal(org_type: OrgType, roles: tuple[Role, ...]) -> Principal:
    return Principal(user_id=7, username="officer", org_id=3, org_type=org_type,
                     roles=frozenset(roles))  # fmt: skip


def test_defaults_sum_to_100_and_are_documented() -> None:
    assert DEFAULT_WEIGHTS == {"fit": 25.0, "scale": 15.0, "growth": 10.0, "innovation": 10.0,
                               "network": 20.0, "relatedness": 10.0, "distance": 10.0}  # fmt: skip
    assert [f.id for f in factor_definitions()] == list(FACTOR_IDS)
    assert all(f.label and f.definition for f in factor_definitions())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"network": -1}, "“本地供需关联”的权重不能为负数（-1）"),
        ({"scale": math.nan}, "“规模”的权重必须是有限的数字（不能是 nan）"),
        ({"scale": "nan"}, "“规模”的权重必须是有限的数字（不能是 nan）"),
        ({"distance": math.inf}, "“距离”的权重必须是有限的数字（不能是 inf）"),
        ({"growth": "很多"}, "“成长性”的权重“很多”不是数字"),
        ({"growth": ""}, "“成长性”的权重“”不是数字"),
        ({"growth": True}, "“成长性”的权重“True”不是数字"),
        ({"fit": 1001}, "“环节匹配度”的权重 1001 超过上限 1000"),
        ({"luck": 5}, "没有评分因子“luck”"),
        (
            dict.fromkeys(FACTOR_IDS, 0),
            "权重不能全部为零：至少一个因子的权重须大于零，评分才有意义",
        ),
    ],
)
def test_meaningless_weights_are_refused_with_the_factor_named(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        validate_weights(DEFAULT_WEIGHTS | change)
    assert refused.value.message == message


def test_a_factor_left_out_is_refused() -> None:
    weights = {k: v for k, v in DEFAULT_WEIGHTS.items() if k != "innovation"}
    with pytest.raises(ValidationFailedError, match="缺少“创新能力”的权重"):
        validate_weights(weights)


def test_an_edit_is_saved_and_audited(db: Session, database: Database) -> None:
    assert current_weights(db) == DEFAULT_WEIGHTS
    admin = principal(OrgType.OPERATOR, (Role.DATA_ADMIN,))
    with database.writer() as session:
        saved = do_update_weights(session, actor=admin, weights=NEW)
    assert saved["innovation"] == 5.0 and saved["growth"] == 0.0
    db.rollback()
    assert current_weights(db) == {k: float(v) for k, v in NEW.items()}
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.event_type == "invest.weights.update"))
    detail = json.loads(event.detail)
    assert detail["before"] == DEFAULT_WEIGHTS and detail["after"]["network"] == 30.5
    assert event.username == "officer" and event.object_type == "invest_weights"


def test_a_refused_edit_saves_nothing(db: Session, database: Database) -> None:
    admin = principal(OrgType.GOVERNMENT, (Role.ORG_ADMIN,))
    with database.writer() as session, pytest.raises(ValidationFailedError):
        do_update_weights(session, actor=admin, weights=DEFAULT_WEIGHTS | {"fit": -5})
    assert current_weights(db) == DEFAULT_WEIGHTS
    assert not db.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "invest.weights.update")
    ).all()


def test_a_government_member_may_not_change_the_weights(database: Database) -> None:
    member = principal(OrgType.GOVERNMENT, (Role.MEMBER,))
    with database.writer() as session, pytest.raises(PermissionDeniedError):
        do_update_weights(session, actor=member, weights=DEFAULT_WEIGHTS)
