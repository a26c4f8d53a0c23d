"""How each published score was computed: its inputs and the points they give.

The scores themselves come from the SQL model ``ads_enterprise_scores.sql``; this module only
restates its arithmetic per input for the profile (docs/scores.md defines both). The score
shown is always the published one, never a recomputation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from industry_brain.enterprise.schemas import Score, ScoreComponent

CLOSED_STATUSES = ("迁出", "注销", "吊销")
MIN_MONTHS = 6
LABELS: dict[Literal["growth", "innovation", "stability"], str] = {
    "growth": "成长性",
    "innovation": "创新能力",
    "stability": "经营稳定性",
}


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _pct(value: float | None) -> str:
    return "未报送" if value is None else f"{value:+.2f}%"


def _number(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def growth(row: Mapping[str, Any]) -> Score:
    """Explain 成长性: revenue and employee growth, 12 months on the 12 before."""
    revenue, staff = _number(row, "revenue_growth_pct"), _number(row, "employees_growth_pct")
    months, previous = int(row.get("months_12") or 0), int(row.get("months_prev_12") or 0)
    revenue_weight = 1.0 if staff is None else 0.7
    revenue_rule = f"{revenue_weight:g} ×（50 + 增速），50 + 增速截取在 0–100"
    components = [
        ScoreComponent(
            label="营业收入增速",
            value=_pct(revenue),
            points=None if revenue is None else round(revenue_weight * _clamp(50 + revenue), 2),
            rule=revenue_rule,
        ),
        ScoreComponent(
            label="从业人数增速",
            value=_pct(staff),
            points=None if staff is None or revenue is None else round(0.3 * _clamp(50 + staff), 2),
            rule="0.3 ×（50 + 增速），50 + 增速截取在 0–100；缺失时不计入，营业收入增速权重为 1",
        ),
        ScoreComponent(
            label="报送月数",
            value=f"近12个月 {months} 个月，前12个月 {previous} 个月",
            rule="增速为近12个月月均比前12个月月均，两段各需至少 6 个月",
        ),
    ]
    reason = None
    if revenue is None:
        reason = (
            f"数据不足：近12个月报送 {months} 个月、前12个月报送 {previous} 个月，各需至少 6 个月"
            if months < MIN_MONTHS or previous < MIN_MONTHS
            else "数据不足：营业收入未报送或前12个月为零，无法计算增速"
        )
    return Score(
        key="growth",
        label=LABELS["growth"],
        score=row.get("growth_score"),
        reason=reason,
        formula="0.7 × 营业收入增速得分 + 0.3 × 从业人数增速得分",
        components=components,
    )


def innovation(row: Mapping[str, Any]) -> Score:
    """Explain 创新能力: patents, 高新技术企业, 专精特新, R&D intensity."""
    invention, other = int(row.get("invention_patents") or 0), int(row.get("other_patents") or 0)
    high_tech, specialised = bool(row.get("high_tech")), bool(row.get("specialised"))
    rd_ratio = _number(row, "rd_ratio_pct")
    components = [
        ScoreComponent(
            label="发明专利",
            value=f"{invention} 件",
            points=float(min(30, 6 * invention)),
            rule="每件 6 分，最多 30 分",
        ),
        ScoreComponent(
            label="实用新型与外观设计专利",
            value=f"{other} 件",
            points=float(min(10, other)),
            rule="每件 1 分，最多 10 分",
        ),
        ScoreComponent(
            label="高新技术企业",
            value="有效期内" if high_tech else "否",
            points=20.0 if high_tech else 0.0,
            rule="有效期内 20 分",
        ),
        ScoreComponent(
            label="专精特新（含小巨人）",
            value="有效期内" if specialised else "否",
            points=15.0 if specialised else 0.0,
            rule="有效期内 15 分",
        ),
        ScoreComponent(
            label="研发投入强度",
            value="未报送" if rd_ratio is None else f"{rd_ratio:.2f}%",
            points=round(min(25.0, 5 * max(0.0, rd_ratio or 0.0)), 2),
            rule="近12个月研发投入占营业收入的百分数 × 5，最多 25 分；未报送计 0 分",
        ),
    ]
    return Score(
        key="innovation",
        label=LABELS["innovation"],
        score=row.get("innovation_score"),
        formula="各项得分之和（满分 100）",
        components=components,
    )


def stability(row: Mapping[str, Any]) -> Score:
    """Explain 经营稳定性: months reported and the volatility of revenue growth."""
    status = row.get("status")
    reported, yoy_months = (
        int(row.get("months_reported_24") or 0),
        int(row.get("revenue_yoy_months") or 0),
    )
    spread = _number(row, "revenue_yoy_std_pct")
    closed = status in CLOSED_STATUSES
    usable = not closed and yoy_months >= MIN_MONTHS and spread is not None
    components = [
        ScoreComponent(
            label="登记状态",
            value=str(status or "—"),
            factor=0.0 if closed else None,
            rule="迁出、注销或吊销的企业计 0 分",
        ),
        ScoreComponent(
            label="近24个月报送月数",
            value=f"{reported} 个月",
            factor=round(reported / 24, 4) if usable else None,
            rule="系数 = 报送月数 / 24",
        ),
        ScoreComponent(
            label="营业收入同比增速的标准差",
            value="—" if spread is None else f"{spread:.2f} 个百分点（{yoy_months} 个月）",
            factor=round(max(0.0, 1 - spread / 100), 4) if usable and spread is not None else None,
            rule="系数 = max(0, 1 − 标准差 / 100)；增速先截取在 −100% 至 200%，至少 6 个月",
        ),
    ]
    reason = None
    if not closed and not usable:
        reason = (
            f"数据不足：近24个月仅 {yoy_months} 个月有营业收入同比增速（需上年同月数据），"
            "至少需要 6 个月"
        )
    return Score(
        key="stability",
        label=LABELS["stability"],
        score=row.get("stability_score"),
        reason=reason,
        formula="100 × 报送月数系数 × 波动系数",
        components=components,
    )


def explain_scores(row: Mapping[str, Any] | None) -> list[Score]:
    """Return the three scores with their inputs; without a published row, all missing."""
    if row is None:
        return [
            Score(
                key=key,
                label=label,
                score=None,
                reason="尚未计算评分（请运行数据管道）",
                formula="",
                components=[],
            )
            for key, label in LABELS.items()
        ]
    return [growth(row), innovation(row), stability(row)]
