"""Pages of the rules: the list with a form for a new rule (/alerts/rules) and the edit page
of one rule (/alerts/rules/{id}); saving is refused with the field's message when invalid."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.alerts import rule_actions, rules
from industry_brain.alerts.forms import field_name, form_values, posted_values, rule_fields
from industry_brain.alerts.kinds import KINDS, LEVEL_NAMES, LEVELS, SCOPE_LABELS
from industry_brain.alerts.schemas import RuleIn, RulePatch
from industry_brain.errors import DomainError, PermissionDeniedError, validation_message
from industry_brain.web.deps import DbDep, FormUser, PageUser
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)


def _indicators() -> list[dict[str, Any]]:
    from industry_brain.monitor.indicators import all_indicators

    return [
        {"id": i.id, "name": i.name, "unit": i.unit, "enterprise": i.enterprise_field is not None,
         "dimensions": list(i.dimensions)}
        for i in all_indicators().values()
    ]  # fmt: skip


def _page(
    request: Request, db: Session, principal: Principal, *, values: dict[str, Any],
    rule_id: int | None = None, error: str | None = None, status_code: int = 200,
    notice: str | None = None,
) -> Response:  # fmt: skip
    require(principal, "alerts", "read")
    return render(
        request,
        "alerts/rule_edit.html" if rule_id else "alerts/rules.html",
        {
            "rules": rules.list_rules(db),
            "values": values,
            "rule_id": rule_id,
            "kinds": list(KINDS.values()),
            "indicators": _indicators(),
            "levels": LEVELS,
            "level_names": LEVEL_NAMES,
            "scope_labels": SCOPE_LABELS,
            "field_name": field_name,
            "can_edit": is_allowed(principal, "alerts.rule", "update"),
            "error": error,
            "notice": notice,
        },  # fmt: skip
        principal=principal,
        status_code=status_code,
    )


@router.get("/alerts/rules", response_class=HTMLResponse)
def rules_page(request: Request, db: DbDep, principal: PageUser, saved: int = 0) -> Response:
    """List the rules and, for those who may, a form for a new one."""
    notice = f"规则 #{saved} 已保存，下次运行数据管道时按新设置评估。" if saved else None
    return _page(request, db, principal, values=form_values(None), notice=notice)


@router.get("/alerts/rules/{rule_id:int}", response_class=HTMLResponse)
def rule_page(request: Request, db: DbDep, principal: PageUser, rule_id: int) -> Response:
    """Show a rule's form to edit it."""
    values = form_values(rules.get_rule(db, rule_id))
    return _page(request, db, principal, values=values, rule_id=rule_id)


@router.post("/alerts/rules", response_class=HTMLResponse)
async def create_rule(request: Request, db: DbDep, principal: FormUser) -> Response:
    """Create a rule from the form."""
    values = posted_values(await request.form())
    try:
        data = RuleIn.model_validate(rule_fields(values))
        rule = rule_actions.do_create_rule(db, actor=principal, data=data)
    except PermissionDeniedError:
        raise
    except (DomainError, ValidationError) as exc:
        db.rollback()
        return _refused(request, db, principal, values, exc, rule_id=None)
    return RedirectResponse(f"/alerts/rules?saved={rule.id}", status_code=303)


@router.post("/alerts/rules/{rule_id:int}", response_class=HTMLResponse)
async def update_rule(request: Request, db: DbDep, principal: FormUser, rule_id: int) -> Response:
    """Save a rule's form (thresholds, parameters, enabled …)."""
    values = posted_values(await request.form())
    values["kind"] = rules.get_rule(db, rule_id).kind  # the kind of a rule does not change
    try:
        fields = rule_fields(values)
        del fields["kind"]
        patch = RulePatch.model_validate(fields)
        rule_actions.do_update_rule(db, actor=principal, rule_id=rule_id, patch=patch)
    except PermissionDeniedError:
        raise
    except (DomainError, ValidationError) as exc:
        db.rollback()
        return _refused(request, db, principal, values, exc, rule_id=rule_id)
    return RedirectResponse(f"/alerts/rules?saved={rule_id}", status_code=303)


@router.post("/alerts/rules/{rule_id:int}/toggle", response_class=HTMLResponse)
def toggle_rule(request: Request, db: DbDep, principal: FormUser, rule_id: int) -> Response:
    """Enable a disabled rule, or disable an enabled one."""
    enabled = rules.get_rule(db, rule_id).enabled
    patch = RulePatch(enabled=not enabled)
    rule_actions.do_update_rule(db, actor=principal, rule_id=rule_id, patch=patch)
    return RedirectResponse(f"/alerts/rules?saved={rule_id}", status_code=303)


def _refused(
    request: Request, db: Session, principal: Principal, values: dict[str, Any],
    exc: DomainError | ValidationError, *, rule_id: int | None,
) -> Response:  # fmt: skip
    if isinstance(exc, ValidationError):
        message, status = validation_message(exc, {"name": "规则名称", "why": "为什么重要"}), 422
    else:
        message, status = exc.message, exc.status_code
    return _page(request, db, principal, values=values, rule_id=rule_id, error=message,
                 status_code=status)  # fmt: skip
