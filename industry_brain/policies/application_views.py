"""Pages of applications: the enterprise's /services/policies (matched policies with the
reasons, apply, follow its applications) and the government's handling
(/policies/applications and one application with its decisions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import DomainError
from industry_brain.policies import application_actions as acts
from industry_brain.policies.models import APPLICATION_STATUSES, RESULT_LABELS, STEPS
from industry_brain.policies.schemas import FIELD_LABELS, ApplicationIn, TransitionIn
from industry_brain.policies.service import application_out, applications
from industry_brain.policies.views_support import enterprise_code, matches_for
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.forms import act
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
StatusQuery = Annotated[str, Query(pattern="^(申报|受理|审核|兑现|退回|不予支持)?$")]


def _services(
    request: Request, db: Session, principal: Principal, *, error: str | None = None,
    error_policy: int | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    require(principal, "policy.match", "read", target_org_id=principal.org_id)
    uscc = enterprise_code(db, principal)
    return render(
        request, "policies/services.html",
        {"matches": matches_for(db, uscc, principal.org_id or 0), "result_labels": RESULT_LABELS,
         "applications": applications(db, org_id=principal.org_id), "apply_error": error,
         "error_policy": error_policy, "steps": STEPS},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/services/policies", response_class=HTMLResponse)
def services_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the enterprise's matched policies with the reasons, and its applications."""
    return _services(request, db, principal)


@router.post("/services/policies/{policy_id:int}/apply", response_class=HTMLResponse)
def apply(
    request: Request, db: DbDep, principal: FormUser, policy_id: int,
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Apply for a policy (申报), or show why not next to it."""

    def refused(error: str, status: int, _: DomainError | None) -> Response:
        return _services(request, db, principal, error=error, error_policy=policy_id,
                         status_code=status)  # fmt: skip

    return act(
        db,
        lambda: acts.do_submit_application(
            db, actor=principal, policy_id=policy_id, data=ApplicationIn(note=note)
        ),
        done=lambda made: f"/services/policies/applications/{made.id}",
        refused=refused,
    )


def _application(
    request: Request, db: Session, principal: Principal, application_id: int, *,
    base: str, error: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    found = acts.get_application(db, principal, application_id)
    handler = is_allowed(principal, "policy.application", "update") and (
        str(principal.org_type) == "government"
    )
    return render(
        request, "policies/application.html",
        {"app": application_out(db, found), "steps": STEPS, "base": base,
         "can_handle": handler, "is_owner": principal.org_id == found.org_id, "error": error},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/services/policies/applications/{application_id:int}", response_class=HTMLResponse)
def my_application(
    request: Request, db: DbDep, principal: PageUser, application_id: int
) -> Response:
    """Show one of the enterprise's applications and its timeline."""
    return _application(request, db, principal, application_id, base="/services/policies")


@router.get("/policies/applications", response_class=HTMLResponse)
def handling_page(
    request: Request, db: DbDep, principal: PageUser, status: StatusQuery = ""
) -> Response:
    """Show every application for the government to handle, by status."""
    require(principal, "policy.application", "read")
    return render(
        request, "policies/applications.html",
        {"applications": applications(db, status=status), "status": status,
         "statuses": APPLICATION_STATUSES},
        principal=principal,
    )  # fmt: skip


@router.get("/policies/applications/{application_id:int}", response_class=HTMLResponse)
def handle_page(request: Request, db: DbDep, principal: PageUser, application_id: int) -> Response:
    """Show an application with the government's decisions."""
    require(principal, "policy.application", "read")
    return _application(request, db, principal, application_id, base="/policies/applications")


def _act(request: Request, db: Session, principal: Principal, application_id: int, base: str,
         change: Callable[[], Any]) -> Response:  # fmt: skip
    def refused(message: str, status: int, _: DomainError | None) -> Response:
        return _application(request, db, principal, application_id, base=base, error=message,
                            status_code=status)  # fmt: skip

    return act(db, change, done=f"{base}/applications/{application_id}", refused=refused,
               labels=FIELD_LABELS)  # fmt: skip


@router.post("/policies/applications/{application_id:int}/transition", response_class=HTMLResponse)
def transition(
    request: Request, db: DbDep, principal: FormUser, application_id: int,
    to: Annotated[str, Form(max_length=8)] = "", reason: Annotated[str, Form(max_length=4000)] = "",
    granted_wan_yuan: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    """Move an application one step, or return / refuse it with a reason."""

    def change() -> None:
        data = TransitionIn.model_validate(
            {"to": to, "reason": reason, "granted_wan_yuan": granted_wan_yuan.strip() or None}
        )
        acts.do_transition(db, actor=principal, application_id=application_id, data=data)

    return _act(request, db, principal, application_id, "/policies", change)


@router.post(
    "/services/policies/applications/{application_id:int}/resubmit", response_class=HTMLResponse
)
def resubmit(
    request: Request, db: DbDep, principal: FormUser, application_id: int,
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:  # fmt: skip
    """Submit a returned application again with what was corrected."""

    def change() -> None:
        acts.do_resubmit(db, actor=principal, application_id=application_id,
                         data=ApplicationIn(note=note))  # fmt: skip

    return _act(request, db, principal, application_id, "/services/policies", change)
