"""The 自评报告 of one system for one year, as blocks: overview, grade and its conditions,
scores by category, every indicator with its value and how it was obtained, what the next
grade needs, the missing indicators by name, and the evidence files."""

from __future__ import annotations

from collections.abc import Iterator

from industry_brain.evaluation.model import Evaluation, IndicatorValue
from industry_brain.evaluation.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Paragraph,
    Series,
    Table,
    numbered,
)
from industry_brain.evaluation.reports.formatting import (
    CONDITION_LABELS,
    STATUS_LABELS,
    how_text,
    moment_text,
    number_text,
    related_text,
    value_text,
)
from industry_brain.raw_files import size_label


def report_title(evaluation: Evaluation, cluster: str | None = None) -> str:
    """Return the report's title, e.g. 常州市新能源汽车产业大脑2025年度自评报告."""
    subject = f"{cluster}产业大脑" if cluster else "产业大脑"
    return f"{subject}{evaluation.year}年度建设运营情况自评报告"


def _overview(evaluation: Evaluation) -> Iterator[Block]:
    system, values = evaluation.system, evaluation.values
    counts = {status: sum(v.status == status for v in values) for status in STATUS_LABELS}
    yield Heading("评估概要")
    yield Paragraph(
        f"评估依据：《{system.title}》（{system.issuer}，{system.version}）。"
        f"评估年度：{evaluation.year}年。来源：{system.source}。"
    )
    yield Paragraph(
        f"共 {len(values)} 项指标：自动计算 {counts['measured']} 项，人工填报 "
        f"{counts['manual']} 项，缺数据 {counts['missing']} 项"
        + ("（见“缺数据的指标”）。" if counts["missing"] else "。")
    )
    if system.grades:
        grade = evaluation.grade or f"未达到{system.grades[0]}"
        yield Paragraph(f"达到等级：{grade}。")
    if evaluation.total is not None:
        top = [s for s in evaluation.scores if len(s.category.path) == 1] or evaluation.scores
        unscored = sum(score.unscored for score in top)  # sub-categories are inside their top
        pending = f"，另有 {number_text(unscored)} 分的指标待填报" if unscored else ""
        yield Paragraph(
            f"指标体系得分：{number_text(evaluation.total)} 分（满分 100 分{pending}）。"
        )
    if evaluation.computed_at is not None:
        yield Paragraph(f"计算时间：{moment_text(evaluation.computed_at)}（北京时间）。")


def _conditions(evaluation: Evaluation) -> Iterator[Block]:
    if not evaluation.conditions:
        return
    yield Heading("分级条件")
    rows = tuple(
        (c.condition.grade, c.condition.area, c.condition.text, CONDITION_LABELS[c.status],
         c.reason)
        for c in evaluation.conditions
    )  # fmt: skip
    unmet = frozenset(i for i, c in enumerate(evaluation.conditions) if c.status != "met")
    yield Table(("等级", "方面", "条件", "结果", "说明"), rows, "分级能力条件逐条核对", unmet)
    if evaluation.next_steps:
        yield Paragraph("达到下一等级还需：")
        yield Bullets(evaluation.next_steps)


def _scores(evaluation: Evaluation) -> Iterator[Block]:
    if not evaluation.scores:
        return
    yield Heading("分类得分")
    rows = tuple(
        ("／".join(s.category.path), number_text(s.category.points), number_text(s.score),
         number_text(s.unscored) if s.unscored else "—")
        for s in evaluation.scores
    )  # fmt: skip
    yield Table(("类别", "满分", "得分", "待填报分值"), rows, "各类别得分")
    labels = tuple("／".join(s.category.path) for s in evaluation.scores)
    yield Chart(
        "各类别得分与满分",
        "barh",
        labels,
        (
            Series("得分", tuple(s.score for s in evaluation.scores)),
            Series("满分", tuple(s.category.points for s in evaluation.scores)),
        ),
        "分",
    )


def _groups(values: tuple[IndicatorValue, ...]) -> dict[str, list[IndicatorValue]]:
    groups: dict[str, list[IndicatorValue]] = {}
    for value in values:
        groups.setdefault("／".join(value.indicator.category) or "指标", []).append(value)
    return groups


def _how(value: IndicatorValue) -> str:
    """Return the 来源与计算 cell: how the value came about, then any related figures."""
    related = related_text(value)
    return f"{how_text(value)}。{related}" if related else how_text(value)


def _indicators(evaluation: Evaluation) -> Iterator[Block]:
    yield Heading("指标明细")
    scored = any(v.indicator.points is not None for v in evaluation.values)
    base: tuple[str, ...] = ("序号", "指标", "数值", "状态", "来源与计算")
    header = (*base, "满分") if scored else base
    for group, values in _groups(evaluation.values).items():
        rows: list[tuple[str, ...]] = []
        for value in values:
            row: tuple[str, ...] = (
                value.indicator.code or "", value.indicator.name, value_text(value),
                STATUS_LABELS[value.status], _how(value),
            )  # fmt: skip
            points = value.indicator.points
            rows.append(
                (*row, number_text(points) if points is not None else "—") if scored else row
            )
        missing = frozenset(i for i, v in enumerate(values) if v.status == "missing")
        yield Table(header, tuple(rows), group, missing, nowrap=frozenset({0, 2, 3}))
    counts = [sum(v.status == s for v in evaluation.values) for s in STATUS_LABELS]
    yield Chart(
        "指标取值方式", "bar", tuple(STATUS_LABELS.values()),
        (Series("指标数", tuple(float(c) for c in counts)),), "项",
    )  # fmt: skip


def _missing(evaluation: Evaluation) -> Iterator[Block]:
    yield Heading("缺数据的指标")
    if not evaluation.missing:
        yield Paragraph("所有指标均已取得数值。")
        return
    yield Paragraph(
        f"以下 {len(evaluation.missing)} 项指标本年度没有数据，也没有人工填报，"
        "未计入数值（不按 0 计）："
    )
    yield Bullets(
        tuple(f"{v.indicator.name}：{v.missing or '没有数据'}" for v in evaluation.missing)
    )


def _evidence(evaluation: Evaluation) -> Iterator[Block]:
    yield Heading("佐证材料")
    rows = tuple(
        (value.indicator.name, item.filename, size_label(item.size), item.sha256[:16])
        for value in evaluation.values
        for item in value.evidence
    )
    if not rows:
        yield Paragraph("本年度没有人工填报的佐证材料。")
        return
    yield Table(("指标", "文件", "大小", "SHA-256（前16位）"), rows, "人工填报指标的佐证材料")


def self_assessment(evaluation: Evaluation, *, cluster: str | None = None) -> Document:
    """Return the 自评报告 of an evaluation as a document of blocks."""
    parts = (
        *_overview(evaluation),
        *_conditions(evaluation),
        *_scores(evaluation),
        *_indicators(evaluation),
        *_missing(evaluation),
        *_evidence(evaluation),
    )
    system = evaluation.system
    return Document(
        title=report_title(evaluation, cluster),
        subtitle=f"依据《{system.title}》评估",
        blocks=numbered(parts),
        filename=f"自评报告-{system.id}-{evaluation.year}",
        missing=tuple(value.indicator.name for value in evaluation.missing),
    )
