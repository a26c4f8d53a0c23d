"""Reads of the 招商 pipeline for the board, the lead page, the API and the candidate pages.

Due dates and months are Beijing dates (UTC+8): a lead due today is overdue from tomorrow
00:00 Beijing time, and only while it is still being worked (not 落地, not 放弃).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from industry_brain.accounts.people import Person, people_by_id
from industry_brain.chain.template import all_templates
from industry_brain.clock import BEIJING, beijing_today
from industry_brain.enterprise.service import served_name
from industry_brain.errors import NotFoundError
from industry_brain.invest.lead_models import ABANDONED, ALL_STAGES, STAGES, InvestLead
from industry_brain.invest.lead_schemas import LeadOut
from industry_brain.months import add_months
from industry_brain.warehouse.pipeline.publish import is_published

# Today's date in Beijing (due dates are Beijing dates); tests replace it to move the clock.
today = beijing_today

POOL_TABLE = "ads_invest_pool"
PER_COLUMN = 100
FINISHED = (STAGES[-1], ABANDONED)  # no longer worked: 落地, 放弃


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """Return the UTC start and end of a Beijing calendar month."""
    start = datetime(month.year, month.month, 1, tzinfo=BEIJING)
    following = add_months(month.replace(day=1), 1)
    end = datetime(following.year, following.month, 1, tzinfo=BEIJING)
    return start.astimezone(UTC), end.astimezone(UTC)


def open_key(uscc: str, template_id: str, node_id: str) -> str:
    """Return the key that at most one open lead holds."""
    return f"{uscc}|{template_id}|{node_id}"


def lead_for(db: Session, uscc: str, template_id: str, node_id: str) -> int | None:
    """Return the id of the open lead of a candidate for a node (None when there is none)."""
    return db.scalar(
        select(InvestLead.id).where(InvestLead.open_key == open_key(uscc, template_id, node_id))
    )


def get_lead(db: Session, lead_id: int) -> InvestLead:
    """Return a lead or raise NotFoundError."""
    lead = db.get(InvestLead, lead_id)
    if lead is None:
        raise NotFoundError(f"没有编号为 {lead_id} 的招商线索")
    return lead


def node_names(template_id: str, node_id: str) -> tuple[str, str]:
    """Return the chain's and the node's names (the ids when the template is gone)."""
    template = all_templates().get(template_id)
    if template is None:
        return template_id, node_id
    names = {node.id: node.name for node in template.nodes}
    return template.name, names.get(node_id, node_id)


def known_node(template_id: str, node_id: str) -> bool:
    """Tell whether a node belongs to an installed chain template."""
    template = all_templates().get(template_id)
    return template is not None and any(node.id == node_id for node in template.nodes)


def is_overdue(lead: InvestLead) -> bool:
    """Tell whether a lead still being worked is past its due date."""
    return lead.stage not in FINISHED and lead.due_on is not None and lead.due_on < today()


def lead_out(lead: InvestLead, assignee: Person | None) -> LeadOut:
    """Return a lead as the board shows it."""
    template_name, node_name = node_names(lead.template_id, lead.node_id)
    return LeadOut(
        id=lead.id, uscc=lead.uscc, name=lead.name, template_id=lead.template_id,
        template_name=template_name, node_id=lead.node_id, node_name=node_name,
        stage=lead.stage,  # one of ALL_STAGES, kept by the actions
        assignee=assignee, due_on=lead.due_on, overdue=is_overdue(lead),
        score_at_add=lead.score_at_add, abandon_reason=lead.abandon_reason,
        abandoned_from=lead.abandoned_from, created_by=lead.created_by,
        created_at=lead.created_at, updated_at=lead.updated_at, href=f"/invest/leads/{lead.id}",
    )  # fmt: skip


@dataclass(frozen=True)
class LeadFilter:
    """The board's filters; empty strings mean "any".

    ``assignee`` is a user id, ``me`` or ``none``; ``reached`` keeps the leads that ever
    reached a stage, and with ``month`` (``YYYY-MM``) those that first reached it that month
    (线索: created that month) — the funnel panel's figures link to exactly these sets."""

    stage: str = ""
    assignee: str = ""
    template: str = ""
    node: str = ""
    overdue: bool = False
    reached: str = ""
    month: str = ""


Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def _reached(stage: str, month: str) -> Select[Any]:
    """Return the ids of the leads that reached ``stage`` (first in ``month`` if given)."""
    from industry_brain.invest.lead_models import InvestLeadEvent as Event

    query = (
        select(Event.lead_id)
        .where(Event.kind == "stage", Event.stage == stage)
        .group_by(Event.lead_id)
    )
    if month:
        start, end = month_bounds(date.fromisoformat(f"{month}-01"))
        query = query.having(func.min(Event.at) >= start, func.min(Event.at) < end)
    return query


def filtered(query: Query, spec: LeadFilter, *, me: int | None) -> Query:
    """Return the query restricted to the leads matching the filters."""
    lead = InvestLead
    if spec.stage in ALL_STAGES:
        query = query.where(lead.stage == spec.stage)
    if spec.assignee == "none":
        query = query.where(lead.assignee_id.is_(None))
    elif spec.assignee == "me":
        query = query.where(lead.assignee_id == (me if me is not None else -1))
    elif spec.assignee.isdigit():
        query = query.where(lead.assignee_id == int(spec.assignee))
    if spec.template:
        query = query.where(lead.template_id == spec.template)
    if spec.node:
        query = query.where(lead.node_id == spec.node)
    if spec.overdue:
        query = query.where(lead.stage.not_in(FINISHED), lead.due_on < today())
    if spec.reached in ALL_STAGES:
        query = query.where(lead.id.in_(_reached(spec.reached, spec.month)))
    return query


def count_by_stage(db: Session, spec: LeadFilter, *, me: int | None) -> dict[str, int]:
    """Return the matching leads counted by stage (every stage, zeros included)."""
    query = filtered(select(InvestLead.stage, func.count()), spec, me=me)
    counts = {str(stage): int(n) for stage, n in db.execute(query.group_by(InvestLead.stage))}
    return {stage: int(counts.get(stage, 0)) for stage in ALL_STAGES}


def list_leads(
    db: Session, spec: LeadFilter, *, me: int | None, stage: str | None = None,
    limit: int = PER_COLUMN, offset: int = 0,
) -> list[LeadOut]:  # fmt: skip
    """Return the matching leads (of one stage if given), most recently changed first."""
    query = filtered(select(InvestLead), spec, me=me)
    if stage is not None:
        query = query.where(InvestLead.stage == stage)
    leads = db.scalars(
        query.order_by(InvestLead.updated_at.desc(), InvestLead.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    people = people_by_id(db, {lead.assignee_id for lead in leads if lead.assignee_id})
    return [lead_out(lead, people.get(lead.assignee_id or 0)) for lead in leads]


def board_columns(db: Session, spec: LeadFilter, *, me: int | None) -> dict[str, list[LeadOut]]:
    """Return the board's columns: up to PER_COLUMN matching leads of each stage."""
    return {stage: list_leads(db, spec, me=me, stage=stage) for stage in ALL_STAGES}


def filter_choices(db: Session) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return the chains and nodes that have leads, with their names, for the filters."""
    pairs = db.execute(select(InvestLead.template_id, InvestLead.node_id).distinct()).all()
    chains: dict[str, list[tuple[str, str]]] = {}
    for template_id, node_id in sorted(pairs):
        chains.setdefault(template_id, []).append((node_id, node_names(template_id, node_id)[1]))
    return [(t, node_names(t, "")[0], nodes) for t, nodes in chains.items()]


def candidate_facts(
    db: Session, *, uscc: str, template_id: str, node_id: str
) -> tuple[str, float | None] | None:
    """Return the name and the score of a candidate as the pages show it now: from the
    candidate pool (``ads_invest_pool``, scored with the current weights) when it is there,
    else the name from the enterprise profile without a score; None for an unknown code."""
    if is_published(db, POOL_TABLE):
        name = db.execute(
            text(
                f"SELECT name FROM {POOL_TABLE} "
                "WHERE template_id = :t AND node_id = :n AND uscc = :u"
            ),
            {"t": template_id, "n": node_id, "u": uscc},
        ).scalar()
        if name is not None:
            return str(name), _pool_score(db, uscc, template_id, node_id)
    name = served_name(db, uscc)
    return (name, None) if name is not None else None


def _pool_score(db: Session, uscc: str, template_id: str, node_id: str) -> float | None:
    """Return the candidate's score from the ranking service of the 招商 engine."""
    if importlib.util.find_spec("industry_brain.invest.service") is None:
        return None  # the engine is not installed: the lead keeps no score
    engine: Any = importlib.import_module("industry_brain.invest.service")
    scored = engine.candidate(db, template_id, node_id, uscc)
    return None if scored is None or scored.score is None else round(float(scored.score), 2)
