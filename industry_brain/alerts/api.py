"""JSON API of warnings and rules under /api/v1/monitor (government users and data admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from industry_brain.accounts.people import Person, government_people
from industry_brain.accounts.policy import require
from industry_brain.alerts import actions, rule_actions, rules, service
from industry_brain.alerts.detail import warning_detail
from industry_brain.alerts.kinds import KINDS, SCOPE_LABELS
from industry_brain.alerts.schemas import (
    AssignIn,
    CloseIn,
    CommentIn,
    ReopenIn,
    RuleIn,
    RuleOut,
    RulePatch,
    WarningDetail,
    WarningPage,
)
from industry_brain.alerts.service import PER_PAGE, WarningFilter
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/monitor", tags=["alerts"])
LevelQuery = Annotated[str, Query(pattern="^(红|橙|黄|蓝)?$", description="红、橙、黄或蓝")]
ScopeQuery = Annotated[str, Query(pattern="^(enterprise|node|region|cluster)?$")]


@router.get("/warnings")
def list_warnings(
    db: DbDep,
    principal: ApiUser,
    level: LevelQuery = "",
    rule_id: int | None = None,
    scope: ScopeQuery = "",
    district: Annotated[str, Query(pattern=r"^(\d{6})?$")] = "",
    status: Annotated[str, Query(pattern="^(open|closed|all)$")] = "open",
    assignee: Annotated[str, Query(pattern=r"^(none|\d+)?$", description="用户编号或 none")] = "",
    overdue: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
) -> WarningPage:
    """List warnings, most severe first, with the counts by colour of the filtered set."""
    require(principal, "alerts", "read")
    spec = WarningFilter(level, rule_id, scope, district, status, assignee, overdue, page)
    total, by_level, items = service.list_warnings(db, spec=spec)
    return WarningPage(total=total, page=page, per_page=PER_PAGE, by_level=by_level, items=items)


@router.get("/warnings/assignees")
def assignees(db: DbDep, principal: ApiUser) -> list[Person]:
    """List the government users a warning can be assigned to."""
    require(principal, "alerts", "read")
    return government_people(db)


@router.get("/warnings/{warning_id}")
def get_warning(db: DbDep, principal: ApiUser, warning_id: int) -> WarningDetail:
    """Return a warning: explanation in words, facts, series for the chart and timeline."""
    require(principal, "alerts", "read")
    return warning_detail(db, warning_id)


@router.post("/warnings/{warning_id}/assign")
def assign(db: DbDep, principal: ApiUser, warning_id: int, body: AssignIn) -> WarningDetail:
    """Assign a warning to a government user with a due date (audited)."""
    actions.do_assign(db, actor=principal, warning_id=warning_id, data=body)
    return warning_detail(db, warning_id)


@router.post("/warnings/{warning_id}/comments", status_code=201)
def comment(db: DbDep, principal: ApiUser, warning_id: int, body: CommentIn) -> WarningDetail:
    """Record what was done about a warning (audited)."""
    actions.do_comment(db, actor=principal, warning_id=warning_id, text=body.text)
    return warning_detail(db, warning_id)


@router.post("/warnings/{warning_id}/close")
def close(db: DbDep, principal: ApiUser, warning_id: int, body: CloseIn) -> WarningDetail:
    """Close a warning with its outcome (audited)."""
    actions.do_close(db, actor=principal, warning_id=warning_id, data=body)
    return warning_detail(db, warning_id)


@router.post("/warnings/{warning_id}/reopen")
def reopen(db: DbDep, principal: ApiUser, warning_id: int, body: ReopenIn) -> WarningDetail:
    """Reopen a closed warning (audited)."""
    actions.do_reopen(db, actor=principal, warning_id=warning_id, reason=body.reason)
    return warning_detail(db, warning_id)


@router.get("/rules")
def list_rules(db: DbDep, principal: ApiUser) -> list[RuleOut]:
    """List the warning rules with their thresholds in words and open warnings."""
    require(principal, "alerts", "read")
    return rules.list_rules(db)


@router.get("/rules/kinds")
def rule_kinds(principal: ApiUser) -> list[dict[str, Any]]:
    """List the kinds of rule: scopes, whether an indicator is needed, typed parameters."""
    require(principal, "alerts", "read")
    return [
        {
            "id": kind.id,
            "label": kind.label,
            "summary": kind.summary,
            "measure": kind.measure,
            "scopes": {scope: SCOPE_LABELS[scope] for scope in kind.scopes},
            "needs_indicator": kind.needs_indicator,
            "thresholds": kind.direction != "none",
            "params": [param.__dict__ for param in kind.params],
        }  # fmt: skip
        for kind in KINDS.values()
    ]


@router.post("/rules", status_code=201)
def create_rule(db: DbDep, principal: ApiUser, body: RuleIn) -> RuleOut:
    """Create a rule; refused with a message naming the field when it is not valid."""
    return rules.rule_out(rule_actions.do_create_rule(db, actor=principal, data=body))


@router.get("/rules/{rule_id}")
def get_rule(db: DbDep, principal: ApiUser, rule_id: int) -> RuleOut:
    """Return a rule."""
    require(principal, "alerts", "read")
    return rules.rule_out(rules.get_rule(db, rule_id))


@router.patch("/rules/{rule_id}")
def update_rule(db: DbDep, principal: ApiUser, rule_id: int, body: RulePatch) -> RuleOut:
    """Change a rule (thresholds, parameters, enabled …); checked in full before saving."""
    saved = rule_actions.do_update_rule(db, actor=principal, rule_id=rule_id, patch=body)
    return rules.rule_out(saved)
