"""The Jiangxi 产业情况调研报告 (江西省产业大脑建设指南（2023年版）附件2 模板) for a year:
the template's sections in order; 产业现状 filled from the bindings and 运行监测's published
figures; the judgement parts (调研计划, 问题分析, 转型需求, 建议 …) left as marked fields
【待填写：…】 for the author, each with the platform's figures that bear on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from industry_brain.evaluation.reports.blocks import (
    Block,
    Chart,
    Document,
    Heading,
    Paragraph,
    Series,
    Table,
    ToFill,
)
from industry_brain.evaluation.reports.formatting import NO_DATA, number_text, scalar_text
from industry_brain.evaluation.reports.research_data import MONTHLY, ResearchData

SOURCE = "《江西省产业大脑建设指南（2023年版）》附件2 江西省产业情况调研报告（模板）"


def fact_text(data: ResearchData, binding_id: str) -> str:
    """Return one figure as a sentence: name, value and unit, source; or why it is missing."""
    fact = data.facts.get(binding_id)
    if fact is None:
        return f"{binding_id}：{NO_DATA}（平台没有这项计算）"
    measured = fact.measured
    if measured.value is None:
        return f"{fact.name}：{NO_DATA}（{measured.missing or '没有数据'}）"
    unit = f" {measured.unit}" if measured.unit else ""
    source = f"（{measured.computation}；{measured.source}）" if measured.source else ""
    return f"{fact.name}：{scalar_text(measured.value)}{unit}{source}"


def _facts(data: ResearchData, *ids: str) -> tuple[str, ...]:
    return tuple(fact_text(data, binding_id) for binding_id in ids)


def _sentence(data: ResearchData, *ids: str) -> str:
    return "；".join(_facts(data, *ids)) + "。"


def _preparation(data: ResearchData) -> Iterator[Block]:
    yield Heading("一、调研准备")
    yield Heading("（一）制定调研计划", 3)
    yield ToFill(
        "调研计划：产业集群名称、产业领域简介、上下游企业情况、数字化情况，调研时间、方式、"
        "对象和问题提纲（分起始、建设过程、建设完成阶段）",
        (f"产业集群：{data.cluster or NO_DATA + '（未设置集群，见 ib cluster set）'}",
         *_facts(data, "enterprise.count", "chain.completeness")),
    )  # fmt: skip
    yield Heading("（二）调研团队", 3)
    yield ToFill("调研团队及联合体成员")
    yield Heading("（三）调研对象", 3)
    yield ToFill("1. 开发区：产业大脑所服务产业集群情况")
    yield ToFill(
        "2. 企业：30家及以上大中小、上中下、产供销企业（类型分布均衡）",
        _facts(data, "usage.served_enterprises", "enterprise.above_scale"),
    )


def _monthly_blocks(data: ResearchData) -> Iterator[Block]:
    if not data.months or data.monthly is None:
        yield Paragraph(f"运行监测尚未发布{data.year}年的月度数据（需运行数据处理流水线）。")
        return
    monthly = data.monthly
    header = ("月份", *(f"{name}（{unit}）" for _, name, unit in MONTHLY))
    rows = tuple(
        (month, *(NO_DATA if monthly[key][i] is None else number_text(monthly[key][i] or 0.0)
                  for key, _, _ in MONTHLY))
        for i, month in enumerate(data.months)
    )  # fmt: skip
    yield Table(header, rows, f"{data.year}年集群月度运行情况（运行监测，全集群）")
    yield Chart(
        f"{data.year}年营业收入与工业总产值（月度）", "line", data.months,
        (Series("营业收入", monthly["revenue"]), Series("工业总产值", monthly["output"])), "万元",
    )  # fmt: skip


def _breakdown(title: str, label: str, totals: tuple[tuple[str, float], ...]) -> Iterator[Block]:
    if not totals:
        return
    rows = tuple((name, number_text(round(value, 2))) for name, value in totals)
    yield Table((label, "营业收入（万元，年内各月合计）"), rows, title)


def _status(data: ResearchData) -> Iterator[Block]:
    yield Heading("二、产业现状")
    yield Heading("（一）产业概况", 3)
    yield Paragraph("1. 企业发展情况。")
    yield Paragraph(_sentence(data, "enterprise.count", "enterprise.above_scale",
                              "enterprise.listed", "enterprise.advantaged"))  # fmt: skip
    yield ToFill(
        "企业数字化应用、运营管理、数字化人才、工业互联网网络与平台建设、数据建设及数据服务"
        "需求、产品发展及未来数字化发展计划",
        _facts(data, "diagnosis.assessments", "catalogue.requests_completed"),
    )
    yield Paragraph("2. 产业发展情况。")
    yield Paragraph(_sentence(data, "industry.scale", "industry.concentration",
                              "chain.completeness", "chain.leader_output"))  # fmt: skip
    yield from _monthly_blocks(data)
    yield from _breakdown(f"{data.year}年营业收入按区县", "区县", data.regions)
    yield from _breakdown(f"{data.year}年营业收入按产业链环节", "产业链环节", data.nodes)
    yield ToFill(
        "集群发展历程、产业发展阶段、供需结构、数字化人才培育和招引、市场渠道、竞争门槛、"
        "关键核心技术、要素供给、企业分工及竞争合作，行业上下游数据治理、应用和汇聚需求",
        _facts(data, "invest.leads", "invest.landed"),
    )
    yield Paragraph("3. 开发区数字服务情况。")
    yield ToFill(
        "开发区管理、服务、监管、产业和保障方面数字化建设情况，公共数据与产业数据的融合应用清单",
        _facts(data, "lake.tables", "lake.size_tb", "policies.published",
               "policies.beneficiaries", "catalogue.offerings"),
    )  # fmt: skip
    yield Heading("（二）产业特征", 3)
    yield ToFill(
        "行业关键优劣势、工艺技术、产品及客户特征、商业模式、产业特色，与国内同类细分行业对比",
        _facts(data, "industry.concentration", "enterprise.advantaged"),
    )


def _judgements(data: ResearchData) -> Iterator[Block]:
    yield Heading("三、产业存在问题分析")
    yield ToFill(
        "与国内同类细分行业对标，分析积极、消极因素和中长期结构性问题，企业认知水平、发展基础、"
        "数字化人才、技术平台等方面问题及原因，提出转型升级的思路和方向",
        _facts(data, "alerts.warnings", "chain.completeness", "monitor.indicators"),
    )
    yield Heading("四、产业发展转型需求")
    yield ToFill(
        "对上下游企业分级分类，凝练开发区和同类企业共性重点需求，逐一给出解决路径与抓手",
        _facts(data, "diagnosis.assessments", "catalogue.requests_completed"),
    )
    yield Heading("五、推进“产业大脑”建设诉求及发展建议")
    yield ToFill(
        "建设过程中的诉求（资本、人才、技术等要素）及发展建议",
        _facts(data, "usage.served_enterprises", "usage.active_users", "usage.scenarios"),
    )
    yield Paragraph("附件：")
    for annex in ("2-1. 分阶段调研材料", "2-2. 调研单位及专家介绍", "2-3. 重点企业介绍",
                  "2-4. 产业集群介绍", "2-5. 产业图谱"):  # fmt: skip
        yield ToFill(annex)


def research_report(data: ResearchData, *, today: date | None = None) -> Document:
    """Return the 产业情况调研报告 of a year as a document of blocks."""
    subject = data.cluster or "【待填写：产业名称】"
    filled = (today or date.today()).isoformat()
    return Document(
        title=f"江西省{subject}产业情况调研报告",
        subtitle=f"{data.year}年度；数据部分由产业大脑于{filled}填写，【待填写】处由编写人补充。"
        f"模板：{SOURCE}",
        blocks=(*_preparation(data), *_status(data), *_judgements(data)),
        filename=f"产业情况调研报告-{data.year}",
    )
