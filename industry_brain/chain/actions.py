"""Operator decisions on the chain: confirm or correct an enterprise's node (audited)."""

from __future__ import annotations

import json

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.chain.models import ChainAssignment, ChainLabel
from industry_brain.chain.service import latest_run, template_or_404
from industry_brain.enterprise.service import served_name
from industry_brain.errors import ValidationFailedError


def do_label_enterprise(
    db: Session,
    *,
    actor: Principal,
    template_id: str,
    uscc: str,
    node_id: str | None,
    reason: str = "",
) -> ChainLabel:
    """Confirm or correct an enterprise's node (None: not on this chain).

    The label supersedes any earlier one, wins over the classifier from now on (the latest
    run's assignments of the enterprise are replaced at once; node figures follow on the
    next pipeline run) and trains the classifier of later runs.
    """
    require(actor, "chain.label", "create")
    template = template_or_404(template_id)
    if node_id is not None and node_id not in {node.id for node in template.nodes}:
        raise ValidationFailedError(f"模板 {template.name} 中没有环节“{node_id}”")
    if served_name(db, uscc) is None:
        raise ValidationFailedError(f"企业 {uscc} 不在已发布的企业画像中（请先导入并运行数据管道）")
    run = latest_run(db, template_id)
    previous = None
    if run is not None:
        previous = db.scalar(
            select(ChainAssignment.node_id).where(
                ChainAssignment.run_id == run.id,
                ChainAssignment.uscc == uscc,
                ChainAssignment.rank == 1,
            )
        )
    db.execute(
        update(ChainLabel)
        .where(
            ChainLabel.template_id == template_id,
            ChainLabel.uscc == uscc,
            ChainLabel.status == "active",
        )
        .values(status="superseded")
    )
    label = ChainLabel(
        template_id=template_id,
        uscc=uscc,
        node_id=node_id,
        previous_node_id=previous,
        reason=reason,
        created_by=actor.username,
    )
    db.add(label)
    if run is not None:
        _apply_to_run(db, run_id=run.id, uscc=uscc, node_id=node_id, who=actor.username)
    db.flush()
    audit.append(
        db,
        actor=actor,
        event_type="chain.label",
        object_type="enterprise",
        object_id=uscc,
        detail={
            "template": template_id,
            "node_id": node_id,
            "previous_node_id": previous,
            "reason": reason,
        },
    )
    db.commit()
    return label


def _apply_to_run(db: Session, *, run_id: str, uscc: str, node_id: str | None, who: str) -> None:
    db.execute(
        delete(ChainAssignment).where(
            ChainAssignment.run_id == run_id, ChainAssignment.uscc == uscc
        )
    )
    if node_id is not None:
        db.add(
            ChainAssignment(
                run_id=run_id,
                uscc=uscc,
                node_id=node_id,
                rank=1,
                confidence=1.0,
                evidence=json.dumps([f"人工确认（{who}）"], ensure_ascii=False),
                source="confirmed",
            )
        )
