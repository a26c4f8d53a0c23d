"""Bindings of the cluster's industry: scale, concentration, enterprises, the chain.

"The cluster's enterprises" are the published profiles registered in the cluster's region
(``is_local``, as the cockpit counts them) that reported operations in the year
(``ads_enterprise_month``): the registry has no history, the monthly reports do. Honours are
those valid at the latest pipeline run (the profile's ``tags``). The chain is the template whose
latest run placed the most enterprises (its structure has no history: the latest run is used).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from industry_brain.chain.models import ChainAssignment, ChainRun
from industry_brain.evaluation.bindings_support import (
    Spec,
    Year,
    period_params,
    period_query,
    unpublished,
    yi,
)
from industry_brain.evaluation.model import Binding, Measured
from industry_brain.warehouse.pipeline.publish import ENTERPRISE_PROFILE

MONTH = "ads_enterprise_month"
CLUSTER_MONTH = "ads_cluster_month"
LISTED = ("上市", "挂牌")
ADVANTAGED = ("专精特新", "小巨人", "单项冠军", "瞪羚", "独角兽")

SCALE = Spec("亿元", f"{CLUSTER_MONTH}（服务库）")
CONCENTRATION = Spec("%", f"{CLUSTER_MONTH}（服务库）")
COUNT = Spec("家", f"{ENTERPRISE_PROFILE}、{MONTH}、chain_runs、chain_assignments（服务库）")
FIRMS = Spec("家", f"{ENTERPRISE_PROFILE}、{MONTH}（服务库）")
COMPLETENESS = Spec("%", "chain_runs（服务库）")
LEADER_OUTPUT = Spec("亿元", f"chain_runs、{MONTH}（服务库）")


def industry_scale(db: Session, year: int) -> Measured:
    """产业规模: the year's revenue of the cluster's enterprises, 万元 in 亿元."""
    if reason := unpublished(db, CLUSTER_MONTH):
        return SCALE.missing(year, reason)
    rows = db.execute(
        period_query(
            f"SELECT period, revenue_wan_yuan FROM {CLUSTER_MONTH} WHERE period >= :first "
            "AND period < :next_first AND revenue_wan_yuan IS NOT NULL ORDER BY period"
        ),
        period_params(Year(year)),
    ).all()
    if not rows:
        return SCALE.missing(year, f"{year}年没有集群企业的经营月报")
    by_month = {str(period)[:7]: float(revenue) for period, revenue in rows}
    total = sum(by_month.values())
    computation = (
        f"{year}年集群区域内企业各月营业收入之和（{len(by_month)}个月有报送），万元折合亿元"
    )
    detail = {"months": len(by_month), "revenue_wan_yuan": total, "by_month": by_month}
    return SCALE.value(year, yi(total), computation, detail)


def industry_concentration(db: Session, year: int) -> Measured:
    """产业集聚度: the cluster's share of its region's total, which the platform does not hold."""
    del db
    return CONCENTRATION.missing(
        year,
        "平台没有所在地区的工业总产值（营业收入）总量，无法计算集群所占比重；"
        "请依据统计公报人工填报并上传佐证",
        "集群产值 ÷ 所在地区工业总产值 × 100%",
    )


def _local_firms(db: Session, year: int) -> list[dict[str, Any]] | None:
    """Return the cluster's enterprises that reported in the year (None: nothing published).

    Four bindings ask for them (about 1 s at 100,000 enterprises): they are read once and kept
    until the next pipeline run republishes the tables. The list is shared: never changed.
    """
    from industry_brain.warehouse.pipeline.publish import cached_until_republished

    if unpublished(db, ENTERPRISE_PROFILE, MONTH):
        return None
    return cached_until_republished(
        db, ("evaluation.local_firms", year), lambda: _read_local_firms(db, year)
    )


def _read_local_firms(db: Session, year: int) -> list[dict[str, Any]]:
    rows = db.execute(
        period_query(
            f"SELECT p.uscc, p.name, p.above_scale, p.tags, p.honors FROM {ENTERPRISE_PROFILE} "
            f"AS p WHERE p.is_local AND EXISTS (SELECT 1 FROM {MONTH} AS m WHERE m.uscc = p.uscc"
            " AND m.period >= :first AND m.period < :next_first) ORDER BY p.uscc"
        ),
        period_params(Year(year)),
    ).mappings()
    return [dict(row) for row in rows]


def _no_firms(spec: Spec, db: Session, year: int) -> Measured:
    reason = unpublished(db, ENTERPRISE_PROFILE, MONTH)
    return spec.missing(year, reason or f"{year}年集群区域内没有报送经营数据的企业")


def _tags(firm: dict[str, Any]) -> list[str]:
    return [tag for tag in (firm["tags"] or "").split("、") if tag]


def main_run(db: Session) -> tuple[ChainRun, list[ChainRun]] | None:
    """Return the latest run of the template that placed the most enterprises, and the latest
    run of every template (None when no template has a run that placed any)."""
    from industry_brain.chain.service import latest_run
    from industry_brain.chain.template import all_templates

    runs = [run for t in sorted(all_templates()) if (run := latest_run(db, t)) is not None]
    placed = [run for run in runs if run.assigned > 0]
    if not placed:
        return None
    return max(placed, key=lambda run: run.assigned), runs


def enterprise_count(db: Session, year: int) -> Measured:
    """产业链企业数量: the cluster's enterprises placed on a node of a chain (rank 1)."""
    firms = _local_firms(db, year)
    if not firms:
        return _no_firms(COUNT, db, year)
    found = main_run(db)
    if found is None:
        return COUNT.missing(year, "尚未把企业归入产业链环节（没有产业链分析结果）")
    _, runs = found
    placed = db.execute(
        select(ChainAssignment.uscc, ChainRun.template_id)
        .join(ChainRun, ChainRun.id == ChainAssignment.run_id)
        .where(ChainAssignment.run_id.in_([run.id for run in runs]), ChainAssignment.rank == 1)
    ).all()
    local = {firm["uscc"] for firm in firms}
    on_chain = {uscc for uscc, _ in placed if uscc in local}
    by_template = Counter(template for uscc, template in placed if uscc in local)
    computation = f"{year}年报送经营数据的集群区域内企业中，在最近一次产业链分析里归入环节的企业数"
    return COUNT.value(year, len(on_chain), computation, {"by_template": dict(by_template)})


def enterprise_above_scale(db: Session, year: int) -> Measured:
    """规上企业数量: the cluster's enterprises registered 规上."""
    firms = _local_firms(db, year)
    if not firms:
        return _no_firms(FIRMS, db, year)
    count = sum(1 for firm in firms if firm["above_scale"])
    computation = f"{year}年报送经营数据的集群区域内企业中，登记为规模以上的企业数"
    return FIRMS.value(year, count, computation, {"reporting": len(firms)})


def _honoured(spec: Spec, db: Session, year: int, words: tuple[str, ...], what: str) -> Measured:
    firms = _local_firms(db, year)
    if not firms:
        return _no_firms(spec, db, year)
    if not any(firm["honors"] for firm in firms):
        return spec.missing(year, f"{year}年报送的集群企业没有资质荣誉数据，无法判断{what}")
    by_name: Counter[str] = Counter()
    count = 0
    for firm in firms:
        matched = [tag for tag in _tags(firm) if any(word in tag for word in words)]
        by_name.update(matched)
        count += bool(matched)
    computation = (
        f"{year}年报送经营数据的集群区域内企业中，有效资质荣誉含“{'/'.join(words)}”的企业数"
        "（荣誉有效期以最近一次数据处理为准）"
    )
    return spec.value(year, count, computation, {"by_honor": dict(sorted(by_name.items()))})


def enterprise_listed(db: Session, year: int) -> Measured:
    """上市挂牌企业数量: the cluster's enterprises whose honours say 上市 or 挂牌."""
    return _honoured(FIRMS, db, year, LISTED, "上市挂牌")


def enterprise_advantaged(db: Session, year: int) -> Measured:
    """优势企业数量: the cluster's enterprises holding 专精特新/小巨人/单项冠军/瞪羚/独角兽."""
    return _honoured(FIRMS, db, year, ADVANTAGED, "优势企业")


def chain_completeness(db: Session, year: int) -> Measured:
    """产业链健全度: the main chain's importance-weighted share of nodes with a local firm."""
    found = main_run(db)
    if found is None:
        return COMPLETENESS.missing(year, "尚未把企业归入产业链环节（没有产业链分析结果）")
    run, runs = found
    at = run.created_at.date().isoformat()
    computation = (
        f"主导产业链（{run.template_id}）有本地企业的环节按重要度加权占全部环节的比例；"
        f"产业链结构无历史版本，取最近一次分析（{at}）"
    )
    detail: dict[str, Any] = {"template": run.template_id, "run_at": at}
    detail["by_template"] = {r.template_id: r.completeness_pct for r in runs}
    if run.completeness_pct is None:
        return COMPLETENESS.missing(year, "最近一次产业链分析没有健全度", computation)
    return COMPLETENESS.value(year, run.completeness_pct, computation, detail)


def chain_leader_output(db: Session, year: int) -> Measured:
    """链主企业产值: the year's 工业总产值 of the main chain's 链主, 万元 in 亿元."""
    found = main_run(db)
    if found is None:
        return LEADER_OUTPUT.missing(year, "尚未把企业归入产业链环节（没有产业链分析结果）")
    leaders = {row["uscc"]: row["name"] for row in json.loads(found[0].leaders)}
    if not leaders:
        return LEADER_OUTPUT.missing(year, "最近一次产业链分析没有识别出链主企业")
    if reason := unpublished(db, MONTH):
        return LEADER_OUTPUT.missing(year, reason)
    codes = {f"l{i}": uscc for i, uscc in enumerate(sorted(leaders))}
    marks = ", ".join(f":{key}" for key in codes)
    output = {
        uscc: float(total)
        for uscc, total in db.execute(
            period_query(
                f"SELECT uscc, sum(output_value_wan_yuan) FROM {MONTH} WHERE period >= :first"
                f" AND period < :next_first AND output_value_wan_yuan IS NOT NULL"
                f" AND uscc IN ({marks}) GROUP BY uscc"
            ),
            {**period_params(Year(year)), **codes},
        )
    }
    if not output:
        return LEADER_OUTPUT.missing(year, f"链主企业{year}年没有报送工业总产值")
    computation = f"最近一次产业链分析识别的链主企业{year}年各月工业总产值之和，万元折合亿元"
    detail: dict[str, Any] = {
        "by_leader": {leaders[uscc]: yi(value) for uscc, value in sorted(output.items())}
    }
    detail["leaders_without_output"] = sorted(leaders[u] for u in leaders if u not in output)
    return LEADER_OUTPUT.value(year, yi(sum(output.values())), computation, detail)


BINDINGS = [
    Binding("industry.scale", "产业规模", SCALE.unit, industry_scale),
    Binding("industry.concentration", "产业集聚度", CONCENTRATION.unit, industry_concentration),
    Binding("enterprise.count", "产业链企业数量", COUNT.unit, enterprise_count),
    Binding("enterprise.above_scale", "规上企业数量", FIRMS.unit, enterprise_above_scale),
    Binding("enterprise.listed", "上市挂牌企业数量", FIRMS.unit, enterprise_listed),
    Binding("enterprise.advantaged", "优势企业数量", FIRMS.unit, enterprise_advantaged),
    Binding("chain.completeness", "产业链健全度", COMPLETENESS.unit, chain_completeness),
    Binding("chain.leader_output", "链主企业产值", LEADER_OUTPUT.unit, chain_leader_output),
]
