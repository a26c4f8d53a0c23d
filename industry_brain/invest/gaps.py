"""The chain's gaps (招商 targets): missing and weak nodes and those with a suggestion.

From the latest classification run of each template (``chain_node_stats``), every node that
is missing or weak or has a 补链/延链/强链 suggestion is a gap. Its priority (0–100) is a
weighted mean of four terms, each 0–1:

- importance of the node in the template (weight 0.45);
- health: missing 1, weak 0.6 (weight 0.25);
- suggestion: 补链 1, 强链 0.8, 延链 0.5, none 0 (weight 0.15);
- outside dependence: the share of local buyers' purchases of the node's goods bought from
  outside (weight 0.15); when unknown (no purchases recorded) its weight is shared among the
  other three, as for candidate factors.

Gaps are ordered by priority, then template and node order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sqlalchemy.orm import Session

from industry_brain.chain.service import HEALTH_LABELS, latest_run, node_stats
from industry_brain.chain.template import ChainTemplate, all_templates
from industry_brain.invest.engine_schemas import Gap

PRIORITY_WEIGHTS = {"importance": 0.45, "health": 0.25, "suggestion": 0.15, "dependence": 0.15}
HEALTH_TERMS = {"missing": 1.0, "weak": 0.6, "medium": 0.0, "strong": 0.0}
SUGGESTION_TERMS = {"补链": 1.0, "强链": 0.8, "延链": 0.5}
SUGGESTION_WORDS = {
    "补链": "建议补链（引进企业填补缺失环节）",
    "强链": "建议强链（引进企业壮大薄弱的重要环节）",
    "延链": "建议延链（向相邻环节延伸）",
}


class NodeFigures(Protocol):
    """What a gap needs of a node's figures (``ChainNodeStat``)."""

    node_id: str
    local_enterprises: int
    outside_dependence_pct: float | None
    health: str
    suggestion: str | None


def priority(
    importance: float, health: str, suggestion: str | None, dependence_pct: float | None
) -> float:
    """Return a gap's priority 0–100 (see the module's definition)."""
    terms = {
        "importance": importance,
        "health": HEALTH_TERMS.get(health, 0.0),
        "suggestion": SUGGESTION_TERMS.get(suggestion or "", 0.0),
    }
    if dependence_pct is not None:
        terms["dependence"] = min(100.0, max(0.0, dependence_pct)) / 100
    total = sum(PRIORITY_WEIGHTS[key] for key in terms)
    weighted = sum(PRIORITY_WEIGHTS[key] * value for key, value in terms.items())
    # The epsilon rounds halves up (57.75 is 57.749… in binary).
    return round(100 * weighted / total + 1e-9, 1)


def _reason(template: ChainTemplate, stat: NodeFigures, present: set[str]) -> str:
    node = template.node(stat.node_id)
    if stat.health == "missing":
        state = "缺失环节：本地没有企业"
    else:
        health = HEALTH_LABELS[stat.health]
        state = f"薄弱环节：本地 {stat.local_enterprises} 家企业（健康度{health}）"
    parts = [state, f"重要度 {node.importance:.2f}"]
    upstream = [n.name for n in template.nodes if stat.node_id in n.supplies and n.id in present]
    downstream = [template.node(b).name for b in node.supplies if b in present]
    if upstream:
        parts.append(f"上游“{'、'.join(upstream)}”在本地有企业")
    if downstream:
        parts.append(f"下游“{'、'.join(downstream)}”在本地有企业")
    if stat.outside_dependence_pct is not None:
        parts.append(f"本地企业采购该环节产品 {stat.outside_dependence_pct:.0f}% 来自区外")
    else:
        parts.append("本地企业采购该环节产品的来源未知（无供需数据）")
    if stat.suggestion:
        parts.append(SUGGESTION_WORDS.get(stat.suggestion, stat.suggestion))
    return "；".join(parts)


def gaps_of(
    template: ChainTemplate,
    stats: Mapping[str, NodeFigures],
    *,
    run_id: str = "",
    counts: Mapping[tuple[str, str], int] | None = None,
) -> list[Gap]:
    """Return the gaps of one template's run, in node order."""
    present = {node_id for node_id, stat in stats.items() if stat.local_enterprises > 0}
    found = []
    for node in template.nodes:
        stat = stats.get(node.id)
        if stat is None or (stat.health not in ("missing", "weak") and not stat.suggestion):
            continue
        found.append(
            Gap(
                template_id=template.id,
                template_name=template.name,
                node_id=node.id,
                node_name=node.name,
                stage=node.stage,
                health=stat.health,
                suggestion=stat.suggestion,
                importance=node.importance,
                local_enterprises=stat.local_enterprises,
                dependence_pct=stat.outside_dependence_pct,
                priority=priority(
                    node.importance, stat.health, stat.suggestion, stat.outside_dependence_pct
                ),
                reason=_reason(template, stat, present),
                candidates=(counts or {}).get((template.id, node.id), 0),
                run_id=run_id,
            )
        )
    return found


def all_gaps(db: Session) -> list[Gap]:
    """Return the gaps of every template's latest run, highest priority first."""
    from industry_brain.invest.pool_store import candidate_counts

    counts = candidate_counts(db)
    found: list[tuple[int, int, Gap]] = []
    for t_index, template in enumerate(all_templates().values()):
        run = latest_run(db, template.id)
        if run is None:
            continue
        gaps = gaps_of(template, node_stats(db, run.id), run_id=run.id, counts=counts)
        found += [(t_index, n_index, gap) for n_index, gap in enumerate(gaps)]
    found.sort(key=lambda item: (-item[2].priority, item[0], item[1]))
    return [gap for _, _, gap in found]
