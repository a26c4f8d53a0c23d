"""JSON API of the enterprise workbench (its push tokens: ``/api/v1/accounts/push-tokens``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from industry_brain.accounts.policy import require
from industry_brain.portal import workbench
from industry_brain.portal.schemas import WorkbenchOut
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/workbench", tags=["workbench"])


@router.get("", response_model=WorkbenchOut)
def workbench_summary(request: Request, db: DbDep, principal: ApiUser) -> WorkbenchOut:
    """Return the caller's enterprise workbench: own profile, submitted data, push tokens."""
    require(principal, "workbench", "read", target_org_id=principal.org_id)
    base_url = str(request.base_url).rstrip("/")
    return workbench.summary(db, principal=principal, base_url=base_url)
