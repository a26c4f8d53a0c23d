"""JSON API of the chain: templates, the latest run with node figures, nodes, positions, labels."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from industry_brain.accounts.policy import require
from industry_brain.chain import actions, service
from industry_brain.chain.template import ChainTemplate, all_templates
from industry_brain.errors import NotFoundError
from industry_brain.web.deps import ApiUser, DbDep

router = APIRouter(prefix="/api/v1/chain", tags=["chain"])


class LabelIn(BaseModel):
    """An operator's decision: the enterprise's node, or null for 'not on this chain'."""

    uscc: str = Field(min_length=18, max_length=18)
    node_id: str | None = Field(default=None, max_length=64)
    reason: str = Field(default="", max_length=500)


def chain_overview(db: DbDep, template: ChainTemplate) -> dict[str, Any]:
    """The template, its latest run and every node's figures (shared by API and pages)."""
    run = service.latest_run(db, template.id)
    stats = service.node_stats(db, run.id) if run else {}
    nodes = []
    for node in template.nodes:
        stat = stats.get(node.id)
        nodes.append(
            {
                "id": node.id,
                "name": node.name,
                "stage": node.stage,
                "parent": node.parent,
                "importance": node.importance,
                "supplies": list(node.supplies),
                **(
                    {
                        "enterprises": stat.enterprises,
                        "local_enterprises": stat.local_enterprises,
                        "above_scale": stat.above_scale,
                        "revenue_12m_wan_yuan": stat.revenue_12m_wan_yuan,
                        "revenue_share_pct": stat.revenue_share_pct,
                        "revenue_yoy_pct": stat.revenue_yoy_pct,
                        "outside_dependence_pct": stat.outside_dependence_pct,
                        "health": stat.health,
                        "health_label": service.HEALTH_LABELS[stat.health],
                        "suggestion": stat.suggestion,
                        "leaders": json.loads(stat.leaders),
                    }
                    if stat
                    else {}
                ),
            }
        )
    return {
        "template": {"id": template.id, "name": template.name, "version": template.version},
        "run": None
        if run is None
        else {
            "id": run.id,
            "created_at": run.created_at.isoformat(),
            "method": run.method,
            "enterprises": run.enterprises,
            "assigned": run.assigned,
            "labels_used": run.labels_used,
            "completeness_pct": run.completeness_pct,
        },
        "nodes": nodes,
        "leaders": service.chain_leaders(run, template) if run else [],
        "evaluation": service.labelled_evaluation(template.id),
    }


@router.get("/templates")
def list_templates(db: DbDep, principal: ApiUser) -> list[dict[str, Any]]:
    """List the chain templates with their latest run's 健全度."""
    require(principal, "chain", "read")
    found = []
    for template in all_templates().values():
        run = service.latest_run(db, template.id)
        found.append(
            {
                "id": template.id,
                "name": template.name,
                "nodes": len(template.nodes),
                "completeness_pct": run.completeness_pct if run else None,
                "run_id": run.id if run else None,
            }
        )
    return found


@router.get("/templates/{template_id}")
def get_chain(db: DbDep, principal: ApiUser, template_id: str) -> dict[str, Any]:
    """Return the chain: nodes with figures, health, 链主 and suggestions (latest run)."""
    require(principal, "chain", "read")
    return chain_overview(db, service.template_or_404(template_id))


@router.get("/templates/{template_id}/nodes/{node_id}")
def get_node(db: DbDep, principal: ApiUser, template_id: str, node_id: str) -> dict[str, Any]:
    """Return a node's figures and its enterprises with confidence and evidence."""
    require(principal, "chain", "read")
    template = service.template_or_404(template_id)
    overview = chain_overview(db, template)
    node = next((n for n in overview["nodes"] if n["id"] == node_id), None)
    if node is None:
        raise NotFoundError(f"没有环节“{node_id}”")
    run = overview["run"]
    enterprises = service.node_enterprises(db, run["id"], node_id) if run else []
    return {**node, "enterprises": [e.__dict__ for e in enterprises]}


@router.get("/enterprises/{uscc}")
def get_positions(db: DbDep, principal: ApiUser, uscc: str) -> list[dict[str, Any]]:
    """Return an enterprise's chain position in every template."""
    require(principal, "chain", "read")
    return service.enterprise_positions(db, uscc)


@router.post("/templates/{template_id}/labels", status_code=201)
def label(db: DbDep, principal: ApiUser, template_id: str, body: LabelIn) -> dict[str, Any]:
    """Confirm or correct an enterprise's node (data admin); audited."""
    saved = actions.do_label_enterprise(
        db,
        actor=principal,
        template_id=template_id,
        uscc=body.uscc,
        node_id=body.node_id,
        reason=body.reason,
    )
    return {"id": saved.id, "uscc": saved.uscc, "node_id": saved.node_id, "status": saved.status}
