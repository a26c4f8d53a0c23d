"""One sentence per factor, in words, from a candidate's raw features in ``ads_invest_pool``.

Built only for the rows a page shows. A row that lacks a feature (e.g. arrays without the
serving DB) gets the factor's value alone; a missing factor always says what is unknown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

PRECISION_LABELS = {
    "address": "登记坐标",
    "county": "区县中心",
    "city": "地市中心",
    "province": "省中心",
}


def _num(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def _evidence(row: Mapping[str, Any], factor: str) -> list[str]:
    raw = row.get("evidence")
    if not raw:
        return []
    try:
        found = json.loads(str(raw)).get(factor, [])
    except (ValueError, AttributeError):
        return []
    return [str(item) for item in found] if isinstance(found, list) else []


def _wan(value: float) -> str:
    return f"{value:,.0f} 万元" if value >= 10 else f"{value:,.1f} 万元"


def _fit(row: Mapping[str, Any]) -> str:
    confidence = _num(row, "confidence")
    if confidence is None:
        return f"环节匹配度 {_num(row, 'fit') or 0:.0f} 分"
    node = row.get("node_name") or row.get("node_id")
    rank = int(row.get("assign_rank") or 1)
    which = "主环节" if rank == 1 else f"第 {rank} 候选环节"
    because = "、".join(_evidence(row, "fit")[:3])
    sentence = f"分类器以 {100 * confidence:.0f}% 的置信度将其归入“{node}”（{which}）"
    return sentence + (f"，依据：{because}" if because else "")


def _scale(row: Mapping[str, Any]) -> str:
    revenue, capital = _num(row, "revenue_12m_wan_yuan"), _num(row, "registered_capital_wan_yuan")
    employees = _num(row, "employees")
    parts = []
    if revenue is not None:
        parts.append(f"近12个月营业收入 {_wan(revenue)}")
    else:
        if employees is not None:
            parts.append(f"从业人数 {employees:,.0f} 人")
        if capital is not None:
            parts.append(f"注册资本 {_wan(capital)}")
    if row.get("above_scale"):
        parts.append("规上企业")
    if not parts:
        return "规模未知：没有营业收入、从业人数、注册资本数据"
    prefix = "" if revenue is not None else "无营业收入数据；"
    return prefix + "，".join(parts)


def _growth(row: Mapping[str, Any]) -> str:
    growth, ratio = _num(row, "revenue_growth_pct"), _num(row, "capital_ratio")
    if growth is not None:
        verb = "增长" if growth >= 0 else "下降"
        return f"近12个月月均营业收入较前12个月{verb} {abs(growth):.1f}%"
    if ratio is not None:
        before, after = _num(row, "capital_before_wan_yuan"), _num(row, "capital_after_wan_yuan")
        amounts = f"由 {_wan(before)} 变为 {_wan(after)}" if before and after else ""
        return f"无经营数据；近24个月注册资本{amounts}（{ratio:.2f} 倍）"
    return "成长性未知：没有经营数据，近24个月也没有注册资本变更"


def _innovation(row: Mapping[str, Any]) -> str:
    if row.get("innovation") is None:
        return "创新能力未知：仓库尚无专利与资质荣誉数据"
    invention, other = int(row.get("invention_patents") or 0), int(row.get("other_patents") or 0)
    parts = []
    if invention or other:
        parts.append(f"发明专利 {invention} 件、其他专利 {other} 件")
    if row.get("high_tech"):
        parts.append("有效期内的高新技术企业")
    if row.get("specialised"):
        parts.append("专精特新企业")
    return "，".join(parts) if parts else "没有专利与高新技术、专精特新等资质记录"


def _network(row: Mapping[str, Any]) -> str:
    if row.get("network") is None:
        return "本地供需关联未知：没有供需关系数据，模板中该环节也没有上下游环节"
    parts = []
    buyers, suppliers = int(row.get("local_buyers") or 0), int(row.get("local_suppliers") or 0)
    if row.get("relations_known"):
        if buyers or suppliers:
            names = "、".join(_evidence(row, "network")[:3])
            links = [f"向 {buyers} 家本地企业供货" if buyers else "",
                     f"从 {suppliers} 家本地企业采购" if suppliers else ""]  # fmt: skip
            where = f"（{names}）" if names else ""
            parts.append("已" + "、".join(filter(None, links)) + where)
        else:
            parts.append("与本地企业尚无供需往来记录")
    edges, present = int(row.get("edge_nodes") or 0), int(row.get("edge_nodes_local") or 0)
    if edges:
        local = row.get("edge_names_local") or ""
        where = f"（{local}）" if local else ""
        parts.append(f"模板上下游 {edges} 个环节中 {present} 个在本地有企业{where}")
    return "；".join(parts)


def _relatedness(row: Mapping[str, Any]) -> str:
    density = _num(row, "relatedness")
    if density is None:
        return "产业关联度未知：可比较的地区太少，无法计算环节邻近度"
    near = "、".join(_evidence(row, "relatedness")[:3])
    sentence = f"本地显性优势环节在其所在环节周围的密度为 {density / 100:.2f}"
    return sentence + (f"，最相关的本地优势环节：{near}" if near else "，周围没有本地优势环节")


def _distance(row: Mapping[str, Any]) -> str:
    km = _num(row, "distance_km")
    if km is None:
        return "距离未知：没有企业或其所在区划的坐标"
    precision = PRECISION_LABELS.get(str(row.get("location_precision") or ""), "")
    place = row.get("city_name") or row.get("province_name") or ""
    where = f"（{place}，按{precision}）" if place and precision else ""
    return f"距集群区域中心约 {km:,.0f} 公里{where}"


_SENTENCES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "fit": _fit,
    "scale": _scale,
    "growth": _growth,
    "innovation": _innovation,
    "network": _network,
    "relatedness": _relatedness,
    "distance": _distance,
}


def factor_sentence(factor: str, row: Mapping[str, Any]) -> str:
    """Return the sentence that explains one factor of a candidate."""
    return _SENTENCES[factor](row)
