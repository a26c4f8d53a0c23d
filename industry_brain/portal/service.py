"""The sections of the government, operator and partner portals.

Each builder reads through the owning domain's service (the cockpit's 产业概况 figures, the
accounts overview, the jobs table, the warehouse's batch counts, the audit log) and adds only
the links the principal may open, decided by the policy point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.cockpit.overview import overview_data
from industry_brain.db import utcnow
from industry_brain.jobs import recent_jobs
from industry_brain.portal.context import PortalContext
from industry_brain.warehouse import service as warehouse
from industry_brain.warehouse.cluster import get_cluster
from industry_brain.web.templating import visible_nav

RECENT = timedelta(days=7)
JOB_STATUS_LABELS = {"running": "运行中", "succeeded": "成功", "failed": "失败"}


@dataclass(frozen=True)
class PortalLink:
    """A link of a portal, shown only to those who may do ``act`` on ``obj``."""

    label: str
    href: str
    description: str
    obj: str
    act: str = "read"


DATA_LINKS = (
    PortalLink("数据导入", "/warehouse", "上传数据文件，查看校验结果", "warehouse.batch", "create"),
    PortalLink("数据资源目录", "/catalog", "数据资源与字段血缘", "warehouse.catalog"),
    PortalLink("企业合并", "/enterprises/merges", "临时编码企业的合并与撤销", "enterprise.merge"),
)
AUDIT_LINKS = (
    PortalLink("审计日志", "/audit", "按用户、事件类型、结果和时间查询", "audit"),
    PortalLink("完整性校验", "/audit/verify", "重新计算哈希链，发现被改动或删除的记录", "audit"),
)


def open_links(principal: Principal, links: tuple[PortalLink, ...]) -> list[PortalLink]:
    """Return the links the principal may open."""
    return [link for link in links if is_allowed(principal, link.obj, link.act)]


def cluster_figures(context: PortalContext) -> dict[str, Any]:
    """Return the cockpit's 产业概况 figures of the latest month, with their drill-downs."""
    cluster = get_cluster(context.db)
    return {
        "cluster": cluster.name if cluster else None,
        "overview": overview_data(context.db, {}),
        "drill": is_allowed(context.principal, "enterprise.directory", "read"),
    }


def platform_overview(context: PortalContext) -> dict[str, Any]:
    """Return the counts of organisations by type and of users (system admin)."""
    return {"overview": accounts.overview(context.db, principal=context.principal) or {}}


def data_status(context: PortalContext) -> dict[str, Any]:
    """Return the last pipeline run, the batch counts and the latest batches (data admin)."""
    jobs = recent_jobs(context.database, kind="pipeline", limit=1)
    principal = context.principal
    return {
        "job": jobs[0] if jobs else None,
        "job_labels": JOB_STATUS_LABELS,
        "status_labels": warehouse.STATUS_LABELS,
        "summary": warehouse.batch_summary(context.db, principal=principal),
        "batches": warehouse.list_batches(context.db, principal=principal, limit=5),
        "links": open_links(principal, DATA_LINKS),
    }


def security_status(context: PortalContext) -> dict[str, Any]:
    """Return the locked accounts and, where the policy allows, the recent refused requests."""
    principal = context.principal
    events: list[Any] = []
    total = None
    if is_allowed(principal, "audit.denial", "read"):
        events, total = audit.list_events(
            context.db, result="denied", since=utcnow() - RECENT, limit=10
        )
    return {
        "locked": accounts.locked_users(context.db, principal=principal),
        "denials": [_denial(event) for event in events],
        "denial_total": total,
        "days": RECENT.days,
    }


def _denial(event: Any) -> dict[str, Any]:
    detail = json.loads(event.detail or "{}")
    return {
        "occurred_at": event.occurred_at,
        "username": event.username,
        "request": f"{detail.get('method', '')} {detail.get('path', '')}".strip(),
        "reason": detail.get("reason", ""),
    }


def audit_status(context: PortalContext) -> dict[str, Any]:
    """Return the size of the audit log, its recent rows and refusals (audit admin)."""
    since = utcnow() - RECENT
    latest, total = audit.list_events(context.db, limit=8)
    _, recent = audit.list_events(context.db, since=since, limit=1)
    _, denied = audit.list_events(context.db, result="denied", since=since, limit=1)
    return {
        "total": total,
        "recent": recent,
        "denied": denied,
        "latest": latest,
        "labels": audit.EVENT_LABELS,
        "days": RECENT.days,
        "links": open_links(context.principal, AUDIT_LINKS),
    }


def organisation_card(context: PortalContext) -> dict[str, Any]:
    """Return the own organisation, its number of users and whether the user manages them."""
    principal = context.principal
    organisation = accounts.own_organisation(context.db, principal=principal)
    users = accounts.count_users(context.db, org_ids=[organisation.id]) if organisation else {}
    manages = is_allowed(principal, "user", "read", target_org_id=principal.org_id)
    return {
        "organisation": organisation,
        "users": users.get(organisation.id, 0) if organisation else 0,
        "manages_users": manages,
    }


def api_access(context: PortalContext) -> dict[str, Any]:
    """Return where the API is described and how to obtain a token on this deployment."""
    return {"base_url": context.base_url, "idle_minutes": context.settings.session_idle_minutes}


def capabilities(context: PortalContext) -> dict[str, Any]:
    """Return the functions the user can open today: the navigation they are shown."""
    items = [item for item in visible_nav(context.principal) if item.href != "/"]
    return {"items": items}
