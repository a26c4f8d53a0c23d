"""JSON API of 惠企政策 under /api/v1/services/policies.

Policies: read by every government and enterprise user, entered by data admins and
government org admins (object ``policy``). Results: government any, an enterprise its own
(``policy.match``). Applications: an enterprise its own, government any
(``policy.application``). A refused rule answers 422 with ``problems``, one per clause; a
duplicate application answers 409 with the open application's id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import PermissionDeniedError
from industry_brain.policies import actions, application_actions
from industry_brain.policies.actions import RuleRefusedError
from industry_brain.policies.application_actions import DuplicateApplicationError
from industry_brain.policies.matching import counts_of
from industry_brain.policies.schemas import (
    ApplicationIn,
    ApplicationOut,
    MatchOut,
    PolicyIn,
    PolicyOut,
    ResultPage,
    TransitionIn,
)
from industry_brain.policies.service import (
    application_out,
    applications,
    get_policy,
    list_policies,
    policy_out,
    results,
)
from industry_brain.policies.views_support import enterprise_code, matches_for
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/services/policies", tags=["services"])
ResultQuery = Annotated[str, Query(pattern="^(met|not_met|unknown)?$")]


def refused(exc: RuleRefusedError) -> JSONResponse:
    """Answer a refused rule with 422 and its problems, one per clause."""
    body = {"code": exc.code, "detail": exc.message, "field": "rule", "problems": exc.problems}
    return JSONResponse(body, status_code=422)


@router.get("")
def list_all(db: DbDep, principal: ApiUser) -> list[PolicyOut]:
    """List policies, newest first, with the number of enterprises by result."""
    require(principal, "policy", "read")
    everything = is_allowed(principal, "policy", "update")
    return list_policies(db, published_only=not everything)


@router.post("", status_code=201, response_model=PolicyOut)
def create(db: DbDep, principal: ApiUser, data: PolicyIn) -> PolicyOut | JSONResponse:
    """Enter a policy (its rule as ``rule_text`` or ``rule``); it is evaluated at once."""
    try:
        policy = actions.do_create_policy(db, actor=principal, data=data)
    except RuleRefusedError as exc:
        db.rollback()
        return refused(exc)
    return policy_out(policy)


@router.get("/matches")
def my_matches(db: DbDep, principal: ApiUser) -> list[MatchOut]:
    """List the published policies for the caller's enterprise with its result and reasons."""
    require(principal, "policy.match", "read", target_org_id=principal.org_id)
    return matches_for(db, enterprise_code(db, principal), principal.org_id or 0)


@router.get("/applications")
def list_applications(
    db: DbDep, principal: ApiUser, status: Annotated[str, Query(max_length=8)] = ""
) -> list[ApplicationOut]:
    """List applications: the caller's enterprise's, or all of them for government."""
    require(principal, "policy.application", "read", target_org_id=principal.org_id)
    return applications(db, org_id=_scope(principal), status=status)


def _scope(principal: Principal) -> int | None:
    """Return the organisation whose rows the principal is limited to (None: any)."""
    return None if is_allowed(principal, "policy.application", "read") else principal.org_id


@router.get("/applications/{application_id:int}")
def one_application(db: DbDep, principal: ApiUser, application_id: int) -> ApplicationOut:
    """Return an application with its timeline."""
    found = application_actions.get_application(db, principal, application_id)
    return application_out(db, found)


@router.post("/applications/{application_id:int}/transition")
def transition(
    db: DbDep, principal: ApiUser, application_id: int, data: TransitionIn
) -> ApplicationOut:
    """Handle an application: the next step, or 退回 / 不予支持 with a reason."""
    done = application_actions.do_transition(
        db, actor=principal, application_id=application_id, data=data
    )
    return application_out(db, done)


@router.post("/applications/{application_id:int}/resubmit")
def resubmit(
    db: DbDep, principal: ApiUser, application_id: int, data: ApplicationIn
) -> ApplicationOut:
    """Submit a returned application again, saying what was corrected."""
    done = application_actions.do_resubmit(
        db, actor=principal, application_id=application_id, data=data
    )
    return application_out(db, done)


@router.get("/{policy_id:int}")
def one(db: DbDep, principal: ApiUser, policy_id: int) -> PolicyOut:
    """Return a policy with its rule (data and text) and counts."""
    require(principal, "policy", "read")
    policy = get_policy(db, policy_id)
    if policy.status != "published" and not is_allowed(principal, "policy", "update"):
        raise PermissionDeniedError("该政策尚未发布")
    return policy_out(policy)


@router.put("/{policy_id:int}", response_model=PolicyOut)
def update(
    db: DbDep, principal: ApiUser, policy_id: int, data: PolicyIn
) -> PolicyOut | JSONResponse:
    """Change a policy; it is evaluated again at once (that policy alone)."""
    try:
        policy = actions.do_update_policy(db, actor=principal, policy_id=policy_id, data=data)
    except RuleRefusedError as exc:
        db.rollback()
        return refused(exc)
    return policy_out(policy)


@router.get("/{policy_id:int}/results")
def policy_results(
    db: DbDep, principal: ApiUser, policy_id: int, result: ResultQuery = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Annotated[int, Query(ge=0)] = 0,
) -> ResultPage:  # fmt: skip
    """Return who is eligible, not, or unknown for a policy, clause by clause (an enterprise
    sees its own row only)."""
    require(principal, "policy.match", "read", target_org_id=principal.org_id)
    policy = get_policy(db, policy_id)
    own = None if is_allowed(principal, "policy.match", "read") else enterprise_code(db, principal)
    items = results(db, policy_id, result=result or None, uscc=own, limit=limit, offset=offset)
    counts = counts_of(policy)
    if own is not None:
        counts = {key: sum(1 for r in items if r.result == key) for key in counts}
    return ResultPage(policy_id=policy_id, counts=counts, items=items)


@router.post("/{policy_id:int}/applications", status_code=201, response_model=ApplicationOut)
def apply(
    db: DbDep, principal: ApiUser, policy_id: int, data: ApplicationIn
) -> ApplicationOut | JSONResponse:
    """Apply for a policy as the caller's enterprise (申报)."""
    try:
        done = application_actions.do_submit_application(
            db, actor=principal, policy_id=policy_id, data=data
        )
    except DuplicateApplicationError as exc:
        db.rollback()
        body = {"code": exc.code, "detail": exc.message, "application_id": exc.application_id}
        return JSONResponse(body, status_code=409)
    return application_out(db, done)
