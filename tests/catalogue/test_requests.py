"""The life of a request: asked → responded → in progress → completed → rated, each step one
audit row, the other side told; every refusal changes nothing."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.catalogue import request_actions as ra
from industry_brain.catalogue.actions import do_set_active
from industry_brain.catalogue.models import CatalogueRequest
from industry_brain.catalogue.request_service import load_request, request_out
from industry_brain.catalogue.schemas import RatingIn, RequestIn, StatusIn
from industry_brain.errors import (
    ConflictError,
    DomainError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from tests.catalogue.support import World, catalogue_audit, counts, make_world, offer


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for the notifications package and record what it is asked to send."""
    sent: list[dict[str, Any]] = []
    fake = types.ModuleType("industry_brain.notifications")
    fake.notify = lambda db, **kw: sent.append(kw)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "industry_brain.notifications", fake)
    return sent


def _walk(db: Session, world: World, offering: int) -> int:
    made = ra.do_create_request(db, actor=world.enterprise, offering_id=offering,
                                data=RequestIn(message="  想上线 MES，三个月内完成  "))  # fmt: skip
    rid = made.id
    ra.do_move_request(db, actor=world.provider, request_id=rid,
                       data=StatusIn(to="已响应", note="下周二上门调研，报价 20 万元"))  # fmt: skip
    ra.do_add_message(db, actor=world.enterprise, request_id=rid, text="好的，周二上午可以")
    ra.do_move_request(db, actor=world.provider, request_id=rid, data=StatusIn(to="进行中"))
    ra.do_move_request(db, actor=world.provider, request_id=rid, data=StatusIn(to="已完成"))
    ra.do_rate(db, actor=world.enterprise, request_id=rid,
               data=RatingIn(score=4, comment=" 交付及时 "))  # fmt: skip
    return rid


def test_the_lifecycle(db: Session, told: list[dict[str, Any]]) -> None:
    world = make_world(db)
    offering = offer(db, world.provider)
    rid = _walk(db, world, offering)
    request, side = load_request(db, world.enterprise, rid, "read")
    out = request_out(db, request, side)
    assert (out.status, out.message, out.rating_score, out.rating_comment) == (
        "已完成", "想上线 MES，三个月内完成", 4, "交付及时")  # fmt: skip
    assert (out.can_rate, out.can_cancel, out.next_status) == (False, False, None)
    assert [(e.side, e.status, e.text) for e in out.thread] == [
        ("enterprise", "待响应", "想上线 MES，三个月内完成"),
        ("provider", "已响应", "下周二上门调研，报价 20 万元"),
        ("enterprise", None, "好的，周二上午可以"),
        ("provider", "进行中", ""), ("provider", "已完成", ""),
        ("enterprise", None, "评价 4 分：交付及时"),
    ]  # fmt: skip
    assert request.responded_at is not None and request.closed_at is not None
    assert catalogue_audit(db) == [
        ("catalogue.offering.create", str(offering), "provider"),
        ("catalogue.request.create", str(rid), "firm"),
        ("catalogue.request.update", str(rid), "provider"),
        ("catalogue.request.update", str(rid), "firm"),
        ("catalogue.request.update", str(rid), "provider"),
        ("catalogue.request.update", str(rid), "provider"),
        ("catalogue.request.rate", str(rid), "firm"),
    ]
    provider, firm = world.provider_org, world.enterprise_org
    assert [(t["org_id"], t["title"], t["link"], t["kind"]) for t in told] == [
        (provider, "新的服务需求：MES 制造执行系统实施", f"/services/provider#request-{rid}",
         "catalogue.request"),
        (firm, f"服务需求 #{rid} 待响应 → 已响应", f"/services/requests#request-{rid}",
         "catalogue.request"),
        (provider, f"服务需求 #{rid} 有新留言", f"/services/provider#request-{rid}",
         "catalogue.request"),
        (firm, f"服务需求 #{rid} 已响应 → 进行中", f"/services/requests#request-{rid}",
         "catalogue.request"),
        (firm, f"服务需求 #{rid} 进行中 → 已完成", f"/services/requests#request-{rid}",
         "catalogue.request"),
        (provider, f"服务需求 #{rid} 获得 4 分评价", f"/services/provider#request-{rid}",
         "catalogue.request"),
    ]  # fmt: skip


def test_real_notifications_reach_the_other_side(db: Session) -> None:
    service = pytest.importorskip("industry_brain.notifications.models")
    from sqlalchemy import select

    world = make_world(db)
    rid = ra.do_create_request(db, actor=world.enterprise, offering_id=offer(db, world.provider),
                               data=RequestIn(message="请联系我们"))  # fmt: skip
    db.rollback()
    rows = db.execute(select(service.Notification.org_id, service.Notification.link)).all()
    assert [tuple(r) for r in rows] == [
        (world.provider_org, f"/services/provider#request-{rid.id}")
    ]


def _refused(db: Session, error: type[DomainError], match: str, change: Any) -> None:
    before = counts(db)
    with pytest.raises(error, match=match):
        change()
    db.rollback()
    assert counts(db) == before


def test_refusals_change_nothing(db: Session, told: list[dict[str, Any]]) -> None:
    world = make_world(db)
    offering = offer(db, world.provider)
    gone = offer(db, world.provider, title="已下架的服务")
    do_set_active(db, actor=world.provider, offering_id=gone, active=False)
    ask = RequestIn(message="请联系我们")
    _refused(
        db,
        ConflictError,
        "该服务已下架，服务机构不再提供，无法提交需求",
        lambda: ra.do_create_request(db, actor=world.enterprise, offering_id=gone, data=ask),
    )
    _refused(
        db,
        NotFoundError,
        "该服务不存在或已被删除，无法提交需求",
        lambda: ra.do_create_request(db, actor=world.enterprise, offering_id=999, data=ask),
    )
    _refused(
        db,
        ValidationFailedError,
        "请填写需求说明",
        lambda: ra.do_create_request(
            db, actor=world.enterprise, offering_id=offering, data=RequestIn(message="  急 ")
        ),
    )
    _refused(
        db,
        PermissionDeniedError,
        "无权执行此操作",
        lambda: ra.do_create_request(db, actor=world.provider, offering_id=offering, data=ask),
    )
    rid = ra.do_create_request(db, actor=world.enterprise, offering_id=offering, data=ask).id
    _refused(
        db,
        ConflictError,
        f"已有进行中的需求 #{rid}",
        lambda: ra.do_create_request(db, actor=world.enterprise, offering_id=offering, data=ask),
    )

    def move(actor: Principal, to: Any, note: str = "") -> Callable[[], object]:
        return lambda: ra.do_move_request(
            db, actor=actor, request_id=rid, data=StatusIn(to=to, note=note)
        )

    _refused(
        db,
        ValidationFailedError,
        "需求当前为“待响应”，下一步只能改为“已响应”或取消",
        move(world.provider, "已完成"),
    )
    _refused(db, ValidationFailedError, "请填写响应内容", move(world.provider, "已响应"))
    _refused(
        db,
        PermissionDeniedError,
        "只有承接的服务机构可以推进需求状态",
        move(world.enterprise, "已响应", "自己响应"),
    )
    _refused(db, ValidationFailedError, "取消需求请说明原因", move(world.enterprise, "已取消"))
    _refused(
        db,
        HiddenObjectError,
        f"服务需求 #{rid} 不存在",
        move(world.other_provider, "已响应", "抢单"),
    )
    _refused(
        db,
        HiddenObjectError,
        f"服务需求 #{rid} 不存在",
        move(world.other_enterprise, "已取消", "x"),
    )
    _refused(
        db,
        PermissionDeniedError,
        "只有提出需求的企业和承接的服务机构可以办理该需求",
        move(world.government, "已取消", "政府代办"),
    )

    def rate(actor: Principal, score: int = 5) -> Callable[[], object]:
        return lambda: ra.do_rate(db, actor=actor, request_id=rid, data=RatingIn(score=score))

    _refused(db, ConflictError, "需求完成后才能评价（当前：待响应）", rate(world.enterprise))
    for to, note in (("已响应", "好"), ("进行中", ""), ("已完成", "")):
        ra.do_move_request(
            db, actor=world.provider, request_id=rid, data=StatusIn(to=to, note=note)
        )
    _refused(db, PermissionDeniedError, "只有提出需求的企业可以评价", rate(world.provider))
    _refused(db, ConflictError, "该需求已完成，不能再改变状态", move(world.provider, "已取消", "x"))
    _refused(
        db,
        ConflictError,
        "该需求已完成，不能再留言",
        lambda: ra.do_add_message(db, actor=world.enterprise, request_id=rid, text="还在吗"),
    )
    rate(world.enterprise, 5)()
    _refused(db, ConflictError, "该需求已评价过，每个需求只能评价一次", rate(world.enterprise, 1))


def test_either_side_cancels_with_a_reason(db: Session, told: list[dict[str, Any]]) -> None:
    world = make_world(db)
    offering = offer(db, world.provider)
    ask = RequestIn(message="请联系我们")
    first = ra.do_create_request(db, actor=world.enterprise, offering_id=offering, data=ask).id
    ra.do_move_request(db, actor=world.enterprise, request_id=first,
                       data=StatusIn(to="已取消", note="预算未批"))  # fmt: skip
    second = ra.do_create_request(db, actor=world.enterprise, offering_id=offering, data=ask).id
    ra.do_move_request(db, actor=world.provider, request_id=second,
                       data=StatusIn(to="已取消", note="档期已满"))  # fmt: skip
    db.rollback()
    stored = [db.get(CatalogueRequest, i) for i in (first, second)]
    assert [(r.status, r.closed_at is not None) for r in stored if r] == [("已取消", True)] * 2
    assert [t["org_id"] for t in told][-1] == world.enterprise_org
