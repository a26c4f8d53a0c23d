"""The enterprise workbench (企业工作台): its profile, its submitted data, its push tokens.

Everything here is the enterprise's own: the profile of its own 统一社会信用代码, the batches
its users and tokens submitted, its tokens. Each part is read through the owning domain's
service, which applies the policy (``own`` scope) itself.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.accounts import service as accounts
from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.schemas import PUSH_TOKEN_DEFAULT_DAYS, PUSH_TOKEN_MAX_DAYS
from industry_brain.db import utcnow
from industry_brain.enterprise.profile import enterprise_profile
from industry_brain.enterprise.schemas import EnterpriseProfile
from industry_brain.errors import NotFoundError
from industry_brain.portal.context import PortalContext
from industry_brain.portal.schemas import (
    PushExample,
    WorkbenchBatch,
    WorkbenchOut,
    WorkbenchSubmissions,
)
from industry_brain.warehouse import service as warehouse
from industry_brain.warehouse.standards import Standard, all_standards

EXAMPLE_STANDARD = "operations"
SOURCE_LABELS = {"push": "接口推送", "upload": "页面上传", "cli": "命令行导入"}


def own_uscc(db: Session, principal: Principal) -> str | None:
    """Return the 统一社会信用代码 of the principal's organisation, if it has one."""
    organisation = accounts.own_organisation(db, principal=principal)
    return organisation.uscc if organisation else None


def own_profile(db: Session, principal: Principal) -> EnterpriseProfile | None:
    """Return the own enterprise's profile as the government sees it, or None if unpublished."""
    uscc = own_uscc(db, principal)
    if uscc is None:
        return None
    try:
        return enterprise_profile(db, principal=principal, uscc=uscc)
    except NotFoundError:
        return None


def profile_card(context: PortalContext) -> dict[str, Any]:
    """Return the own profile (or that it is not yet published) and where to read all of it."""
    return {
        "uscc": own_uscc(context.db, context.principal),
        "found": own_profile(context.db, context.principal),
    }


def submitters(db: Session, principal: Principal) -> dict[str, str]:
    """Return the names under which the own push tokens appear as a batch's submitter."""
    if not is_allowed(principal, "warehouse.push_token", "read", target_org_id=principal.org_id):
        return {}
    tokens = accounts.list_push_tokens(db, principal=principal)
    return {f"push-token:{token.id}": f"推送令牌“{token.name}”" for token in tokens}


def batches_card(context: PortalContext) -> dict[str, Any]:
    """Return the own batches, newest first, with their counts and status."""
    db, principal = context.db, context.principal
    return {
        "summary": warehouse.batch_summary(db, principal=principal),
        "batches": warehouse.list_batches(db, principal=principal, limit=20),
        "standards": {code: standard.name for code, standard in all_standards().items()},
        "status_labels": warehouse.STATUS_LABELS,
        "source_labels": SOURCE_LABELS,
        "submitters": submitters(db, principal),
    }


def pushable_standards() -> list[Standard]:
    """Return the standards whose rows name an enterprise, so an enterprise may push them."""
    return [s for s in all_standards().values() if any(c.type == "uscc" for c in s.columns)]


def push_example(*, base_url: str, uscc: str, today: date | None = None) -> dict[str, str]:
    """Return a copy-paste push of one row of the own enterprise (figures left empty)."""
    standards = {standard.code: standard for standard in pushable_standards()}
    standard = standards.get(EXAMPLE_STANDARD) or next(iter(standards.values()))
    last_month = ((today or utcnow().date()).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    values = {"uscc": uscc, "month": last_month}
    row = {column.key: values.get(column.type) for column in standard.columns}
    body = json.dumps({"rows": [row]}, ensure_ascii=False)
    url = f"{base_url}/api/v1/warehouse/push/{standard.code}"
    command = (
        f'curl -X POST "{url}" \\\n'
        '  -H "Authorization: Bearer $IB_PUSH_TOKEN" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d '{body}'"
    )
    return {"standard": standard.name, "url": url, "curl": command}


def tokens_card(context: PortalContext) -> dict[str, Any]:
    """Return the own push tokens, whether the user manages them, and how to push with one."""
    db, principal = context.db, context.principal
    uscc = own_uscc(db, principal)
    return {
        "tokens": accounts.list_push_tokens(db, principal=principal),
        "status": accounts.push_token_status,
        "can_manage": is_allowed(
            principal, "warehouse.push_token", "create", target_org_id=principal.org_id
        ),
        "uscc": uscc,
        "example": push_example(base_url=context.base_url, uscc=uscc) if uscc else None,
        "standards": pushable_standards(),
        "base_url": context.base_url,
        "default_days": PUSH_TOKEN_DEFAULT_DAYS,
        "max_days": PUSH_TOKEN_MAX_DAYS,
        "created": context.extra.get("created"),
    }


def summary(db: Session, *, principal: Principal, base_url: str) -> WorkbenchOut:
    """Return the workbench as the API serves it; each part only where the policy allows."""
    organisation = accounts.own_organisation(db, principal=principal)
    assert organisation is not None
    uscc = organisation.uscc
    own = principal.org_id
    found = own_profile(db, principal) if _may(principal, "enterprise.profile", own) else None
    submissions = None
    if _may(principal, "warehouse.batch", own):
        counts = warehouse.batch_summary(db, principal=principal)
        latest = warehouse.list_batches(db, principal=principal, limit=20)
        submissions = WorkbenchSubmissions(
            batches=counts.batches,
            rows_accepted=counts.rows_accepted,
            rows_rejected=counts.quarantined,
            latest=[WorkbenchBatch.model_validate(batch) for batch in latest],
        )
    tokens = None
    if _may(principal, "warehouse.push_token", own):
        tokens = [
            accounts.push_token_out(t) for t in accounts.list_push_tokens(db, principal=principal)
        ]
    example = push_example(base_url=base_url, uscc=uscc) if uscc and tokens is not None else None
    return WorkbenchOut(
        organisation=organisation.name,
        uscc=uscc,
        profile=found,
        profile_url=f"{base_url}/enterprises/{uscc}" if uscc else None,
        submissions=submissions,
        push_tokens=tokens,
        push_example=PushExample(**example) if example else None,
    )


def _may(principal: Principal, obj: str, org_id: int | None) -> bool:
    return is_allowed(principal, obj, "read", target_org_id=org_id)
