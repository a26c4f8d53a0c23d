"""Appending to and verifying the hash-chained audit log.

Invariants:
- Row ids are dense (1, 2, 3, ...); each row stores the previous row's hash and its own hash
  over every column. Editing a row breaks its hash; deleting one leaves a gap or a broken
  link; both are reported by ``verify_chain`` with the row id.
- Appends are serialised: PostgreSQL takes a transaction-scoped advisory lock; SQLite write
  transactions start with ``BEGIN IMMEDIATE`` (see ``db.write_session``).
- The row is written in the caller's transaction, so a change and its audit row commit or
  roll back together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.audit.models import AuditEvent
from industry_brain.context import current_client_ip, current_trace_id
from industry_brain.db import utcnow

GENESIS_HASH = "0" * 64
EVENT_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出",
    "auth.lockout": "账户锁定",
    "access.denied": "越权访问",
    "organisation.create": "创建机构",
    "organisation.update": "修改机构",
    "user.create": "创建用户",
    "user.update": "修改用户",
    "user.role.grant": "授予角色",
    "user.role.revoke": "撤销角色",
    "user.unlock": "解锁账户",
    "user.password.reset": "重置密码",
    "user.password.change": "修改密码",
    "push_token.create": "创建推送令牌",
    "push_token.revoke": "撤销推送令牌",
    "warehouse.batch.receive": "接收数据批次",
    "warehouse.batch.load": "数据批次入库",
    "warehouse.catalog.export": "导出数据",
    "warehouse.pipeline.run": "运行数据管道",
    "enterprise.merge": "合并企业",
    "enterprise.merge.undo": "撤销企业合并",
    "chain.classify": "产业链分类",
    "chain.label": "确认或更正产业链环节",
    "cluster.set": "设置产业集群",
    "model.evaluate": "模型回测",
    "alerts.rule.create": "新建预警规则",
    "alerts.rule.update": "修改预警规则",
    "alerts.warning.raise": "产生预警",
    "alerts.warning.assign": "指派预警",
    "alerts.warning.comment": "预警处置记录",
    "alerts.warning.close": "办结预警",
    "alerts.warning.reopen": "重新打开预警",
    "relocation.watch.add": "加入迁移关注名单",
    "relocation.watch.remove": "移出迁移关注名单",
    "invest.weights.update": "修改招商评分权重",
    "invest.lead.create": "加入招商线索",
    "invest.lead.update": "推进招商线索",
    "invest.lead.visit": "记录招商走访",
    "invest.lead.attach": "上传招商附件",
    "policy.create": "新建惠企政策",
    "policy.update": "修改惠企政策",
    "policy.expire": "惠企政策到期失效",
    "policy.application.submit": "提交政策申报",
    "policy.application.update": "办理政策申报",
    "diagnosis.assessment.submit": "提交数字化诊断",
    "catalogue.offering.create": "发布服务",
    "catalogue.offering.update": "修改服务",
    "catalogue.request.create": "提交服务需求",
    "catalogue.request.update": "办理服务需求",
    "catalogue.request.rate": "评价服务",
    "evaluation.manual.enter": "填报评估数据",
    "evaluation.manual.withdraw": "撤回评估数据",
    "evaluation.freeze": "评估定稿",
}
_PG_LOCK_KEY = 7_206_001  # arbitrary constant naming the audit chain lock


def row_digest(event: AuditEvent) -> str:
    """Return the SHA-256 over the row's content and its link to the previous row."""
    payload = [
        event.id,
        event.occurred_at.isoformat(timespec="microseconds"),
        event.user_id,
        event.username,
        event.org_id,
        event.event_type,
        event.object_type,
        event.object_id,
        event.result,
        event.client_ip,
        event.trace_id,
        event.detail,
        event.prev_hash,
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def append(
    db: Session,
    *,
    actor: Principal | None,
    event_type: str,
    result: str = "success",
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Add one audit row to the session's transaction and return it."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = db.execute(
        select(AuditEvent.id, AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    event = AuditEvent(
        id=(last[0] + 1) if last else 1,
        occurred_at=utcnow(),
        user_id=actor.user_id if actor else None,
        username=(username or (actor.username if actor else "anonymous"))[:64],
        org_id=actor.org_id if actor else None,
        event_type=event_type,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        result=result,
        client_ip=current_client_ip(),
        trace_id=current_trace_id(),
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last[1] if last else GENESIS_HASH,
    )
    event.row_hash = row_digest(event)
    db.add(event)
    db.flush()
    return event


@dataclass
class ChainReport:
    """The outcome of verifying the audit chain."""

    rows_checked: int = 0
    head_id: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether the chain is intact."""
        return not self.problems


def verify_chain(db: Session, *, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash and link; report each edited, deleted or inserted row."""
    report = ChainReport()
    expected_id, prev_hash = 1, GENESIS_HASH
    for event in _iter_events(db, batch_size=batch_size):
        if event.id != expected_id:
            missing = (
                f"{expected_id}"
                if event.id == expected_id + 1
                else (f"{expected_id}–{event.id - 1}")
            )
            report.problems.append(f"第{missing}条记录缺失（已被删除）")
        elif event.prev_hash != prev_hash:
            report.problems.append(f"第{event.id}条记录的前序哈希不匹配（链被改动）")
        if row_digest(event) != event.row_hash:
            report.problems.append(f"第{event.id}条记录内容被篡改（哈希不符）")
        report.rows_checked += 1
        expected_id, prev_hash = event.id + 1, event.row_hash
        report.head_id, report.head_hash = event.id, event.row_hash
    return report


def _iter_events(db: Session, *, batch_size: int) -> Iterator[AuditEvent]:
    after = 0
    while True:
        batch = db.scalars(
            select(AuditEvent)
            .where(AuditEvent.id > after)
            .order_by(AuditEvent.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].id
        db.expunge_all()


def list_events(
    db: Session,
    *,
    username: str | None = None,
    event_type: str | None = None,
    result: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditEvent], int]:
    """Return audit rows, newest first, matching the filters, and the total count."""
    query = select(AuditEvent)
    if username:
        query = query.where(AuditEvent.username == username)
    if event_type:
        query = query.where(AuditEvent.event_type == event_type)
    if result:
        query = query.where(AuditEvent.result == result)
    if since:
        query = query.where(AuditEvent.occurred_at >= since)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), total


def event_types(db: Session) -> list[str]:
    """Return the distinct event types recorded so far."""
    return list(
        db.scalars(select(AuditEvent.event_type).distinct().order_by(AuditEvent.event_type))
    )
