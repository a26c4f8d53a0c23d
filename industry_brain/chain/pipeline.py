"""The pipeline's chain step: classify every enterprise of the warehouse, analyse, store.

Runs at the end of ``ib pipeline run`` (a ``PipelineStep``), once per installed template.
Each run is versioned (``chain_runs``: id, time, template version, method, counts): its
assignments keep confidence and evidence, and its node figures are stored with it. An
operator's confirmed labels (``chain_labels``) win over the classifier and are passed to it
as training examples, so corrections survive re-runs and shape the next one.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import time
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.chain import cache
from industry_brain.chain.analytics import ChainAnalysis, Firm, NodeStat, analyse
from industry_brain.chain.classify import Candidate, ChainClassifier, Enterprise, Label
from industry_brain.chain.models import ChainAssignment, ChainLabel, ChainNodeStat, ChainRun
from industry_brain.chain.template import ChainTemplate, all_templates
from industry_brain.db import Database, utcnow

if TYPE_CHECKING:
    import duckdb

METHOD = "模板词表 + 行业代码 + 字符二元组相似度 + 人工确认标签"
TOP_K = 3
KEEP_RUNS = 5
PARALLEL_FROM = 20_000
MAX_WORKERS = 4

_ENTERPRISES = """
SELECT e.uscc, e.name, coalesce(e.business_scope, ''), coalesce(e.industry_code, ''),
  coalesce(p.products, ''), coalesce(a.is_local, FALSE), coalesce(e.above_scale, FALSE),
  coalesce(a.revenue_12m_wan_yuan, 0), a.revenue_12m_yoy_pct
FROM dwd.enterprise AS e
LEFT JOIN (
  SELECT uscc, string_agg(product_name, ';' ORDER BY revenue_share DESC NULLS LAST,
    product_name) AS products
  FROM dwd.products GROUP BY uscc
) AS p ON p.uscc = e.uscc
LEFT JOIN ads.enterprise_profile AS a ON a.uscc = e.uscc
ORDER BY e.uscc
"""
# The last 12 months of supply relations (all of them when they carry no period).
_RELATIONS = """
SELECT supplier_uscc, buyer_uscc, sum(coalesce(amount_wan_yuan, 0))
FROM dwd.relations
WHERE period IS NULL
  OR period > (SELECT max(period) FROM dwd.relations) - INTERVAL 12 MONTH
GROUP BY 1, 2
"""


def chain_step(con: duckdb.DuckDBPyConnection, database: Database, actor: Principal) -> str:
    """Classify and analyse against every template; return a summary for the job log."""
    runs = [
        classify_warehouse(con, database=database, actor=actor, template=template)
        for template in all_templates().values()
    ]
    return "；".join(
        f"{run.template_id}: {run.assigned}/{run.enterprises} 家企业归入环节，"
        f"健全度 {run.completeness_pct}%"
        for run in runs
    )


def classify_warehouse(
    con: duckdb.DuckDBPyConnection, *, database: Database, actor: Principal, template: ChainTemplate
) -> ChainRun:
    """Run one classification of the warehouse against a template and store it."""
    started = time.perf_counter()
    rows = con.execute(_ENTERPRISES).fetchall()
    texts = {r[0]: Enterprise(r[1], r[2], r[4], r[3]) for r in rows}
    firms = {
        r[0]: Firm(r[0], r[1], bool(r[5]), bool(r[6]), float(r[7]), _previous(r[7], r[8]))
        for r in rows
    }
    labels = active_labels(database, template.id)
    classifier = ChainClassifier(
        template, labels=[(texts[u], node) for u, (node, _) in labels.items() if u in texts]
    )
    assignments, main_node = [], {}
    unlabelled = [uscc for uscc in texts if uscc not in labels]
    found = _classify_changed(con, classifier, {u: texts[u] for u in unlabelled})
    for uscc in texts:
        for rank, (node_id, confidence, evidence, source) in enumerate(
            _decide(found.get(uscc, []), labels.get(uscc)), start=1
        ):
            assignments.append((uscc, node_id, rank, confidence, evidence, source))
            if rank == 1:
                main_node[uscc] = node_id
    relations = [(s, b, float(a)) for s, b, a in con.execute(_RELATIONS).fetchall()]
    analysis = analyse(template, main_node=main_node, firms=firms, relations=relations)
    return _store(
        database,
        actor=actor,
        template=template,
        analysis=analysis,
        assignments=assignments,
        counts=(len(texts), len(main_node), len(labels)),
        seconds=time.perf_counter() - started,
    )


def _previous(revenue: object, yoy_pct: object) -> float | None:
    """The previous 12 months' revenue, from the last 12 months' and its growth."""
    if revenue is None or yoy_pct is None or float(str(yoy_pct)) <= -100:
        return None
    return float(str(revenue)) / (1 + float(str(yoy_pct)) / 100)


def _classify_changed(
    con: duckdb.DuckDBPyConnection, classifier: ChainClassifier, texts: dict[str, Enterprise]
) -> dict[str, list[Candidate]]:
    """Classify the enterprises whose text (or the template, or the labels) changed since
    the stored results; reuse the others' results, and store them all for the next run."""
    template = classifier.template
    print_ = cache.fingerprint(template, classifier.labels)
    stored = cache.load(con, template, print_)
    hashes = {uscc: cache.text_hash(enterprise) for uscc, enterprise in texts.items()}
    changed = [uscc for uscc in texts if stored.get(uscc, ("", []))[0] != hashes[uscc]]
    fresh = dict(zip(changed, _classify(classifier, [texts[u] for u in changed]), strict=True))
    found = {uscc: fresh[uscc] if uscc in fresh else stored[uscc][1] for uscc in texts}
    cache.store(con, template, print_, {u: (hashes[u], found[u]) for u in texts})
    return found


def _classify(classifier: ChainClassifier, enterprises: list[Enterprise]) -> list[list[Candidate]]:
    """Classify many enterprises; large sets in one worker process per core.

    Workers are spawned (not forked: the lake connection's threads must not be copied) and
    each builds its own classifier from the template and labels, which are small.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(enterprises) < PARALLEL_FROM:
        return classifier.classify_many(enterprises, top_k=TOP_K)
    size = -(-len(enterprises) // workers)
    chunks = [enterprises[start : start + size] for start in range(0, len(enterprises), size)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(
            _classify_chunk,
            [(classifier.template, classifier.labels, chunk) for chunk in chunks],
        )
        return [result for part in parts for result in part]


def _classify_chunk(
    job: tuple[ChainTemplate, list[Label], list[Enterprise]],
) -> list[list[Candidate]]:
    template, labels, enterprises = job
    return ChainClassifier(template, labels=labels).classify_many(enterprises, top_k=TOP_K)


def _decide(
    candidates: list[Candidate], label: tuple[str | None, str] | None
) -> list[tuple[str, float, str, str]]:
    """Return (node, confidence, evidence JSON, source) by rank: a label wins."""
    if label is not None:
        node_id, who = label
        note = json.dumps([f"人工确认（{who}）"], ensure_ascii=False)
        return [(node_id, 1.0, note, "confirmed")] if node_id else []
    return [
        (c.node_id, c.confidence, json.dumps(list(c.evidence), ensure_ascii=False), "model")
        for c in candidates
    ]


def active_labels(database: Database, template_id: str) -> dict[str, tuple[str | None, str]]:
    """Return the active labels of a template: uscc → (node id or None, who confirmed)."""
    with database.reader() as db:
        rows = db.execute(
            select(ChainLabel.uscc, ChainLabel.node_id, ChainLabel.created_by).where(
                ChainLabel.template_id == template_id, ChainLabel.status == "active"
            )
        ).all()
    return {uscc: (node_id, who) for uscc, node_id, who in rows}


def _store(
    database: Database,
    *,
    actor: Principal,
    template: ChainTemplate,
    analysis: ChainAnalysis,
    assignments: list[tuple[str, str, int, float, str, str]],
    counts: tuple[int, int, int],
    seconds: float,
) -> ChainRun:
    run = ChainRun(
        id=f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}",
        template_id=template.id,
        template_version=template.version,
        method=METHOD,
        enterprises=counts[0],
        assigned=counts[1],
        labels_used=counts[2],
        completeness_pct=analysis.completeness_pct,
        leaders=json.dumps(
            [
                {
                    "uscc": leader.uscc,
                    "name": leader.name,
                    "node_id": leader.node_id,
                    "score": leader.score,
                }
                for leader in analysis.leaders
            ],
            ensure_ascii=False,
        ),
        seconds=round(seconds, 2),
        created_by=actor.username,
    )
    with database.writer() as db:
        db.add(run)
        db.flush()
        keys = ("uscc", "node_id", "rank", "confidence", "evidence", "source")
        if assignments:
            db.execute(
                insert(ChainAssignment),
                [{"run_id": run.id, **dict(zip(keys, row, strict=True))} for row in assignments],
            )
        db.execute(insert(ChainNodeStat), [_stat_row(run.id, s) for s in analysis.nodes.values()])
        _prune(db, template.id)
        audit.append(
            db,
            actor=actor,
            event_type="chain.classify",
            object_type="chain_run",
            object_id=run.id,
            detail={"template": template.id, "enterprises": counts[0], "assigned": counts[1]},
        )
        db.commit()
        db.refresh(run)
        db.expunge(run)
    return run


def _stat_row(run_id: str, stat: NodeStat) -> dict[str, object]:
    leaders = [
        {"uscc": leader.uscc, "name": leader.name, "score": leader.score} for leader in stat.leaders
    ]
    return {
        "run_id": run_id,
        "node_id": stat.node_id,
        "enterprises": stat.enterprises,
        "local_enterprises": stat.local_enterprises,
        "above_scale": stat.above_scale,
        "revenue_12m_wan_yuan": round(stat.revenue_12m, 4),
        "revenue_share_pct": stat.revenue_share_pct,
        "revenue_yoy_pct": stat.revenue_yoy_pct,
        "local_purchases_wan_yuan": round(stat.local_purchases, 4),
        "outside_purchases_wan_yuan": round(stat.outside_purchases, 4),
        "outside_dependence_pct": stat.outside_dependence_pct,
        "health": stat.health,
        "suggestion": stat.suggestion,
        "leaders": json.dumps(leaders, ensure_ascii=False),
    }


def _prune(db: Session, template_id: str) -> None:
    """Keep the assignments of the latest runs only; older runs keep their figures."""
    older = db.scalars(
        select(ChainRun.id)
        .where(ChainRun.template_id == template_id)
        .order_by(ChainRun.created_at.desc(), ChainRun.id.desc())
        .offset(KEEP_RUNS)
    ).all()
    if older:
        db.execute(delete(ChainAssignment).where(ChainAssignment.run_id.in_(older)))
