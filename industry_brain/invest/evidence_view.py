"""The raw evidence behind a candidate's factors, labelled for the candidate page and API,
and the candidate's 招商线索 when it already is one.

The evidence is read from the candidate's row of ``ads_invest_pool``: every feature the row
holds is listed under its factor, with its unit; a feature the warehouse does not know is
shown as 未知 (never as 0). Columns this list does not know are left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.invest import pool_store
from industry_brain.invest.factors import FACTOR_IDS
from industry_brain.invest.schemas import EvidenceItem

PRECISIONS = {"address": "登记地址", "county": "区县中心", "city": "地市中心", "province": "省中心"}
# (column, factor or None for the enterprise itself, label, kind); kind formats the value.
FIELDS: tuple[tuple[str, str | None, str, str], ...] = (
    ("industry_name", None, "国民经济行业", "text"),
    ("industry_code", None, "行业代码", "text"),
    ("province_name", None, "省份", "text"),
    ("city_name", None, "地市", "text"),
    ("county_name", None, "区县", "text"),
    ("status", None, "登记状态", "text"),
    ("confidence", "fit", "分类置信度", "percent"),
    ("assign_rank", "fit", "该环节在分类结果中的名次", "int"),
    ("revenue_12m_wan_yuan", "scale", "近12个月营业收入（万元）", "number"),
    ("employees", "scale", "从业人数（人）", "int"),
    ("registered_capital_wan_yuan", "scale", "注册资本（万元）", "number"),
    ("above_scale", "scale", "规上企业", "bool"),
    ("revenue_growth_pct", "growth", "月均营业收入增速（%）", "number"),
    ("capital_before_wan_yuan", "growth", "24个月前注册资本（万元）", "number"),
    ("capital_after_wan_yuan", "growth", "当前注册资本（万元）", "number"),
    ("capital_ratio", "growth", "注册资本变更倍数", "ratio"),
    ("invention_patents", "innovation", "发明专利（件）", "int"),
    ("other_patents", "innovation", "其他专利（件）", "int"),
    ("high_tech", "innovation", "高新技术企业", "bool"),
    ("specialised", "innovation", "专精特新企业", "bool"),
    ("relations_known", "network", "有供需关系数据", "bool"),
    ("local_buyers", "network", "本地客户（家）", "int"),
    ("local_suppliers", "network", "本地供应商（家）", "int"),
    ("local_sales_wan_yuan", "network", "向本地企业销售（万元）", "number"),
    ("local_purchases_wan_yuan", "network", "从本地企业采购（万元）", "number"),
    ("edge_nodes", "network", "模板上下游环节数", "int"),
    ("edge_nodes_local", "network", "其中本地有企业的环节数", "int"),
    ("edge_names_local", "network", "本地有企业的上下游环节", "text"),
    ("distance_km", "distance", "到集群区域中心（公里）", "number"),
    ("location_precision", "distance", "坐标精度", "precision"),
    ("longitude", "distance", "经度", "coordinate"),
    ("latitude", "distance", "纬度", "coordinate"),
)
EVIDENCE_LABELS = {
    "fit": "分类依据",
    "network": "供需往来企业",
    "relatedness": "最相关的本地优势环节",
}


def _format(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "未知"
    if kind == "bool":
        return "是" if value in (True, 1, "true", "True", "1") else "否"
    if kind == "percent":
        return f"{100 * float(value):.0f}%"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "number":
        return f"{float(value):,.1f}"
    if kind == "ratio":
        return f"{float(value):.2f} 倍"
    if kind == "coordinate":
        return f"{float(value):.4f}"
    if kind == "precision":
        return PRECISIONS.get(str(value), str(value))
    return str(value)


def _listed(raw: Any) -> dict[str, list[str]]:
    """Return the row's ``evidence`` JSON as lists of phrases by factor (empty when absent)."""
    try:
        found = json.loads(str(raw)) if raw else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): [str(x) for x in v] for k, v in found.items() if isinstance(v, list) and v}


def evidence_from_row(row: Mapping[str, Any]) -> list[EvidenceItem]:
    """Return the labelled features of a pool row and its evidence phrases, the enterprise's
    own first, then factor by factor in the score's order."""
    items = [
        EvidenceItem(factor=factor, label=label, value=_format(row[column], kind))
        for column, factor, label, kind in FIELDS
        if column in row
    ]
    for factor, phrases in _listed(row.get("evidence")).items():
        label = EVIDENCE_LABELS.get(factor, "依据")
        items.append(EvidenceItem(factor=factor, label=label, value="、".join(phrases)))
    order = {factor: index for index, factor in enumerate((None, *FACTOR_IDS))}
    return sorted(items, key=lambda item: order.get(item.factor, len(order)))


def evidence_items(db: Session, template_id: str, node_id: str, uscc: str) -> list[EvidenceItem]:
    """Return the raw evidence of one candidate of a node (empty when it is not in the pool)."""
    rows = pool_store.fetch_rows(db, template_id, node_id, [uscc])
    return evidence_from_row(rows[uscc]) if uscc in rows else []


def lead_of(db: Session, uscc: str, template_id: str, node_id: str) -> int | None:
    """Return the id of the candidate's open 招商线索, or None (also before leads exist)."""
    try:
        from industry_brain.invest.lead_service import lead_for
    except ImportError:
        return None
    return lead_for(db, uscc, template_id, node_id)
