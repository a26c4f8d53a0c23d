"""Reads of the chain for pages and API: the latest run, node figures, enterprises, positions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from industry_brain.chain.models import ChainAssignment, ChainLabel, ChainNodeStat, ChainRun
from industry_brain.chain.template import ChainTemplate, all_templates, get_template
from industry_brain.errors import NotFoundError
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE, is_published

HEALTH_LABELS = {"strong": "强", "medium": "中", "weak": "弱", "missing": "缺失"}
PROFILE = ENTERPRISE_PROFILE
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class NodeEnterprise:
    """An enterprise on a node: the assignment and what the profile says of it."""

    uscc: str
    name: str
    rank: int
    confidence: float
    evidence: list[str]
    source: str
    is_local: bool
    above_scale: bool
    revenue_12m_wan_yuan: float | None


def template_or_404(template_id: str) -> ChainTemplate:
    """Return an installed template or raise NotFoundError."""
    try:
        return get_template(template_id)
    except KeyError as exc:
        raise NotFoundError(f"没有产业链模板“{template_id}”") from exc


def latest_run(db: Session, template_id: str) -> ChainRun | None:
    """Return the latest classification run of a template."""
    return db.scalar(
        select(ChainRun)
        .where(ChainRun.template_id == template_id)
        .order_by(ChainRun.created_at.desc(), ChainRun.id.desc())
        .limit(1)
    )


def chain_leaders(run: ChainRun, template: ChainTemplate) -> list[dict[str, Any]]:
    """Return the run's 链主 (best 规上 local enterprises, docs/chain.md) with node names."""
    return [
        {**leader, "node_name": template.node(leader["node_id"]).name}
        for leader in json.loads(run.leaders)
    ]


def node_stats(db: Session, run_id: str) -> dict[str, ChainNodeStat]:
    """Return the node figures of a run by node id."""
    rows = db.scalars(select(ChainNodeStat).where(ChainNodeStat.run_id == run_id))
    return {row.node_id: row for row in rows}


def _profiles(db: Session, codes: list[str]) -> dict[str, dict[str, Any]]:
    if not codes or not is_published(db, PROFILE):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(codes), 500):
        rows = db.execute(
            text(
                f"SELECT uscc, name, is_local, above_scale, revenue_12m_wan_yuan FROM {PROFILE} "
                "WHERE uscc IN :codes"
            ).bindparams(bindparam("codes", expanding=True)),
            {"codes": codes[start : start + 500]},
        ).mappings()
        found.update({row["uscc"]: dict(row) for row in rows})
    return found


def node_enterprises(db: Session, run_id: str, node_id: str) -> list[NodeEnterprise]:
    """Return the enterprises on a node in a run, main-node ones first, largest first."""
    assignments = db.scalars(
        select(ChainAssignment).where(
            ChainAssignment.run_id == run_id, ChainAssignment.node_id == node_id
        )
    ).all()
    profiles = _profiles(db, [a.uscc for a in assignments])
    found = []
    for a in assignments:
        profile = profiles.get(a.uscc, {})
        revenue = profile.get("revenue_12m_wan_yuan")
        found.append(
            NodeEnterprise(
                uscc=a.uscc,
                name=str(profile.get("name") or a.uscc),
                rank=a.rank,
                confidence=a.confidence,
                evidence=json.loads(a.evidence),
                source=a.source,
                is_local=bool(profile.get("is_local")),
                above_scale=bool(profile.get("above_scale")),
                revenue_12m_wan_yuan=float(revenue) if revenue is not None else None,
            )
        )
    found.sort(key=lambda e: (e.rank, not e.is_local, -(e.revenue_12m_wan_yuan or 0), e.uscc))
    return found


def enterprise_positions(db: Session, uscc: str) -> list[dict[str, Any]]:
    """Return the enterprise's nodes in the latest run of every template, with its label."""
    positions = []
    for template in all_templates().values():
        run = latest_run(db, template.id)
        if run is None:
            continue
        rows = db.scalars(
            select(ChainAssignment)
            .where(ChainAssignment.run_id == run.id, ChainAssignment.uscc == uscc)
            .order_by(ChainAssignment.rank)
        ).all()
        label = active_label(db, template.id, uscc)
        positions.append(
            {
                "template_id": template.id,
                "template_name": template.name,
                "run_id": run.id,
                "nodes": [
                    {
                        "node_id": a.node_id,
                        "node_name": template.node(a.node_id).name,
                        "stage": template.node(a.node_id).stage,
                        "rank": a.rank,
                        "confidence": a.confidence,
                        "evidence": json.loads(a.evidence),
                        "source": a.source,
                    }
                    for a in rows
                ],
                "label": None
                if label is None
                else {"node_id": label.node_id, "by": label.created_by},
            }
        )
    return positions


def active_label(db: Session, template_id: str, uscc: str) -> ChainLabel | None:
    """Return the operator's current decision on an enterprise, if any."""
    return db.scalar(
        select(ChainLabel).where(
            ChainLabel.template_id == template_id,
            ChainLabel.uscc == uscc,
            ChainLabel.status == "active",
        )
    )


@lru_cache(maxsize=8)
def labelled_evaluation(template_id: str) -> dict[str, Any] | None:
    """Return the classifier's figures on the template's shipped labelled set, if any."""
    from industry_brain.chain.evaluate import evaluate_file

    path = DATA_DIR / f"labelled_{template_id}.csv"
    if not path.exists():
        return None
    figures = evaluate_file(template_id, path)
    return {
        "rows": figures.total,
        "accuracy": figures.accuracy,
        "macro_precision": figures.macro_precision,
        "macro_recall": figures.macro_recall,
        "macro_f1": figures.macro_f1,
        "file": path.name,
    }
