"""Pages of the policy library (government and operator): /policies (list), the new and edit
forms (the rule as text, shown clause by clause; a refused rule is shown next to the field
naming its clause, nothing saved) and /policies/{id} (eligible / not / unknown, clause by
clause; 免申即享 beneficiaries; applications)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import validation_message
from industry_brain.policies import actions
from industry_brain.policies.actions import RuleRefusedError
from industry_brain.policies.eligibility import clause_lines, load_rule
from industry_brain.policies.models import RESULT_LABELS, STATUS_LABELS
from industry_brain.policies.schemas import FIELD_LABELS, PolicyIn
from industry_brain.policies.service import (
    applications,
    get_policy,
    list_policies,
    policy_out,
    results,
)
from industry_brain.rules.facts import all_facts
from industry_brain.rules.model import RuleError
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
ResultQuery = Annotated[str, Query(pattern="^(met|not_met|unknown)?$")]
TEXT_FIELDS = ("title", "issuer", "doc_no", "region_code", "text", "benefits", "amount",
               "status", "rule_text")  # fmt: skip
DATE_FIELDS = ("published_on", "valid_from", "valid_until")


def _can_edit(principal: Principal) -> bool:
    return is_allowed(principal, "policy", "update")


@router.get("/policies", response_class=HTMLResponse)
def list_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the policy library with each policy's counts."""
    require(principal, "policy.match", "read")
    return render(
        request, "policies/list.html",
        {"policies": list_policies(db, published_only=not _can_edit(principal)),
         "status_labels": STATUS_LABELS, "can_edit": _can_edit(principal)},
        principal=principal,
    )  # fmt: skip


def _form(
    request: Request, principal: Principal, *, values: dict[str, Any], policy_id: int | None,
    errors: dict[str, list[str]] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    lines = []
    try:
        if values.get("rule_text"):
            from industry_brain.rules.text import parse

            lines = clause_lines(parse(str(values["rule_text"])))
    except RuleError:
        lines = []
    return render(
        request, "policies/form.html",
        {"values": values, "policy_id": policy_id, "errors": errors or {}, "lines": lines,
         "facts": list(all_facts().values()), "status_labels": STATUS_LABELS},
        principal=principal, status_code=status_code,
    )  # fmt: skip


@router.get("/policies/new", response_class=HTMLResponse)
def new_page(request: Request, principal: PageUser) -> Response:
    """Show the form of a new policy."""
    require(principal, "policy", "create")
    return _form(request, principal, values={"status": "draft"}, policy_id=None)


@router.get("/policies/{policy_id:int}/edit", response_class=HTMLResponse)
def edit_page(request: Request, db: DbDep, principal: PageUser, policy_id: int) -> Response:
    """Show the form of a policy with its rule as text."""
    require(principal, "policy", "update")
    out = policy_out(get_policy(db, policy_id))
    values = out.model_dump()
    values["region_code"] = out.region_code or ""
    return _form(request, principal, values=values, policy_id=policy_id)


def _values(form: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS}
    for name in DATE_FIELDS:
        values[name] = form.get(name) or None
    values["auto_grant"] = form.get("auto_grant") == "on"
    return values


def _save(request: Request, db: Any, principal: Principal, form: dict[str, str],
          policy_id: int | None) -> Response:  # fmt: skip
    values = _values(form)
    try:
        data = PolicyIn.model_validate(values)
        if policy_id is None:
            saved = actions.do_create_policy(db, actor=principal, data=data)
        else:
            saved = actions.do_update_policy(db, actor=principal, policy_id=policy_id, data=data)
    except ValidationError as exc:
        db.rollback()
        errors = {"form": [validation_message(exc, FIELD_LABELS)]}
        return _form(request, principal, values=values, policy_id=policy_id, errors=errors,
                     status_code=422)  # fmt: skip
    except RuleRefusedError as exc:
        db.rollback()
        return _form(request, principal, values=values, policy_id=policy_id,
                     errors={"rule": exc.problems}, status_code=422)  # fmt: skip
    return RedirectResponse(f"/policies/{saved.id}?notice=saved", status_code=303)


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value)[:20000] for key, value in form.items() if isinstance(value, str)}


@router.post("/policies", response_class=HTMLResponse)
async def create(request: Request, db: DbDep, principal: FormUser) -> Response:
    """Save a new policy and evaluate it."""
    return _save(request, db, principal, await _fields(request), None)


@router.post("/policies/{policy_id:int}", response_class=HTMLResponse)
async def update(request: Request, db: DbDep, principal: FormUser, policy_id: int) -> Response:
    """Save a policy's changes and evaluate it again."""
    return _save(request, db, principal, await _fields(request), policy_id)


@router.get("/policies/{policy_id:int}", response_class=HTMLResponse)
def detail_page(
    request: Request, db: DbDep, principal: PageUser, policy_id: int, result: ResultQuery = "",
    notice: Annotated[str, Query(max_length=10)] = "",
) -> Response:  # fmt: skip
    """Show a policy, who is eligible, not or unknown (clause by clause), its applications."""
    require(principal, "policy.match", "read")
    policy = get_policy(db, policy_id)
    shown = result or ("met" if policy.auto_grant else "")
    try:
        lines = clause_lines(load_rule(policy.rule))
    except RuleError as exc:
        lines, shown = [], shown or "met"
        del exc
    return render(
        request, "policies/detail.html",
        {"policy": policy_out(policy), "lines": lines,
         "results": results(db, policy.id, result=shown or None), "shown": shown,
         "result_labels": RESULT_LABELS, "status_labels": STATUS_LABELS,
         "applications": applications(db, policy_id=policy.id),
         "can_edit": _can_edit(principal), "saved": notice == "saved", "today": date.today()},
        principal=principal,
    )  # fmt: skip
