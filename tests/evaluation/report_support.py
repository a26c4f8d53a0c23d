"""Hand-made evaluations for the report tests: a small Zhejiang-like system with a grade,
scores, a manual value with evidence, and one indicator without data."""

from __future__ import annotations

from datetime import UTC, datetime

from industry_brain.evaluation.model import (
    Category,
    CategoryScore,
    ConditionResult,
    Evaluation,
    Evidence,
    GradeCondition,
    Indicator,
    IndicatorSystem,
    IndicatorValue,
)

AT = datetime(2026, 1, 15, 2, 30, tzinfo=UTC)
SERVED = Indicator("zj-18", "18", "服务企业数量", "服务企业数量", ("运营情况", "服务企业情况"),
                   unit="家", binding="usage.served_enterprises", points=10.0)  # fmt: skip
REVENUE = Indicator("zj-17", "17", "业务收益", "上一年度行业产业大脑运营相关业务营收额",
                    ("运营情况", "平台运营情况"), unit="万元", points=5.0)  # fmt: skip
SAFETY = Indicator("zj-2", "2", "安全保障", "建立安全保障措施情况及等级保护认定情况",
                   ("基础功能", "平台基础功能"), kind="bool", points=5.0)  # fmt: skip
SYSTEM = IndicatorSystem(
    id="zhejiang-test",
    title="行业产业大脑建设指南（2025年修订版）",
    issuer="浙江省制造业高质量发展（数字经济发展）领导小组办公室",
    version="2025",
    source="附件1、附件2（测试用节选）",
    indicators=(SAFETY, REVENUE, SERVED),
    categories=(Category(("基础功能",), 15.0), Category(("运营情况",), 30.0)),
    grades=("基础级", "卓越级", "领航级"),
    conditions=(
        GradeCondition("ops-2", "基础级", "运营情况", "服务企业 20家以上。"),
        GradeCondition("ops-3", "卓越级", "运营情况", "服务企业 50家以上。"),
    ),
)


def evaluation(*, served: int | None = 37) -> Evaluation:
    """Return a 2025 evaluation; ``served=None`` leaves 服务企业数量 without data."""
    measured = IndicatorValue(
        SERVED, "measured", served, "家", "2025", "usage_monthly（服务库）",
        "2025年有使用记录的企业组织数",
    )  # fmt: skip
    if served is None:
        measured = IndicatorValue(SERVED, "missing", None, "家", "2025", "", "",
                                  missing="2025年没有使用记录")  # fmt: skip
    manual = IndicatorValue(
        SAFETY, "manual", True, "", "2025", "人工填报", "数据管理员 填报：等保二级测评报告", at=AT,
        entered_by="数据管理员", evidence=(Evidence(1, "等保测评报告.pdf", "ab" * 32, 2048),),
    )  # fmt: skip
    revenue = IndicatorValue(REVENUE, "missing", None, "万元", "2025", "", "",
                             missing="尚未人工填报（需审计财务报告）")  # fmt: skip
    met = served is not None and served >= 20
    return Evaluation(
        system=SYSTEM,
        year=2025,
        values=(manual, revenue, measured),
        conditions=(
            ConditionResult(
                SYSTEM.conditions[0],
                "met" if met else "not_met",
                f"服务企业 {served} 家" if served is not None else "缺数据",
            ),
            ConditionResult(SYSTEM.conditions[1], "not_met", "服务企业不足 50 家"),
        ),  # fmt: skip
        grade="基础级" if met else None,
        scores=(
            CategoryScore(SYSTEM.categories[0], 5.0, 0.0),
            CategoryScore(SYSTEM.categories[1], 7.4, 5.0),
        ),
        total=12.4,
        next_steps=("服务企业达到 50 家以上（现为 37 家）",),
        computed_at=AT,
    )
