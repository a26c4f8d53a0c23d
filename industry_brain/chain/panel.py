"""The 产业图谱 cockpit panel: each chain's 健全度, node health, advice and 链主."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.chain.service import HEALTH_LABELS, chain_leaders, latest_run, node_stats
from industry_brain.chain.template import all_templates


def chain_panel_data(db: Session, params: dict[str, str]) -> dict[str, Any]:
    """Return, per template with a run, the figures the panel shows (periods do not apply)."""
    del params
    chains = []
    for template in all_templates().values():
        run = latest_run(db, template.id)
        if run is None:
            continue
        stats = node_stats(db, run.id)
        names = {node.id: node.name for node in template.nodes}
        health = Counter(stat.health for stat in stats.values())
        chains.append(
            {
                "id": template.id,
                "name": template.name,
                "completeness_pct": run.completeness_pct,
                "assigned": run.assigned,
                "health": {label: health.get(key, 0) for key, label in HEALTH_LABELS.items()},
                "advice": [
                    {"node_id": node_id, "node_name": names[node_id], "suggestion": stat.suggestion}
                    for node_id, stat in stats.items()
                    if stat.suggestion
                ],
                "leaders": chain_leaders(run, template)[:3],
            }
        )
    return {"chains": chains}
