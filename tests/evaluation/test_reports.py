"""The 自评报告 and the 调研报告 rendered from hand-made data: the PDF's text has the title and
an indicator with its value, the Word file opens and holds the indicator tables, a missing
indicator is named and never printed as 0, and missing system packages give clear errors."""

from __future__ import annotations

import io

import pypdf
import pytest
from docx import Document as open_word

from industry_brain.evaluation.model import Measured
from industry_brain.evaluation.reports import fonts, pdf
from industry_brain.evaluation.reports.blocks import Chart, Series, Table, ToFill
from industry_brain.evaluation.reports.charts import render_chart
from industry_brain.evaluation.reports.content import self_assessment
from industry_brain.evaluation.reports.docx import render_docx
from industry_brain.evaluation.reports.research import research_report
from industry_brain.evaluation.reports.research_data import Fact, ResearchData
from tests.evaluation.report_support import evaluation

TITLE = "常州市新能源汽车产业大脑2025年度建设运营情况自评报告"


def pdf_text(content: bytes) -> str:
    """Return a PDF's text, pages joined, without line breaks (titles may wrap)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def word_tables(content: bytes) -> list[list[list[str]]]:
    """Return every table of a .docx as rows of cell texts."""
    word = open_word(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]


def word_text(content: bytes) -> str:
    """Return the paragraphs of a .docx, one per line."""
    return "\n".join(p.text for p in open_word(io.BytesIO(content)).paragraphs)


def test_pdf_has_title_indicator_value_and_grade() -> None:
    document = self_assessment(evaluation(), cluster="常州市新能源汽车")
    text = pdf_text(pdf.render_pdf(document))
    assert TITLE in text
    assert "服务企业数量 37 家 自动计算" in text
    assert "达到等级：基础级" in text
    assert "服务企业达到 50 家以上" in text  # the next grade's unmet condition


def test_docx_opens_with_indicator_table_rows() -> None:
    content = render_docx(self_assessment(evaluation(), cluster="常州市新能源汽车"))
    rows = [row for table in word_tables(content) for row in table]
    assert ["18", "服务企业数量", "37 家", "自动计算",
            "2025年有使用记录的企业组织数（usage_monthly（服务库））", "10"] in rows  # fmt: skip
    assert ["2", "安全保障", "是", "人工填报",
            "数据管理员 填报：等保二级测评报告（2026-01-15 10:30）", "5"] in rows  # fmt: skip
    assert ["安全保障", "等保测评报告.pdf", "2.0 KB", "ab" * 8] in rows  # the evidence list
    assert TITLE in word_text(content)


def test_missing_indicator_is_named_never_zero() -> None:
    document = self_assessment(evaluation(served=None))
    rows = [row for table in word_tables(render_docx(document)) for row in table]
    served = next(row for row in rows if row[1] == "服务企业数量")
    assert served[2:5] == ["缺数据", "缺数据", "2025年没有使用记录"]
    text = pdf_text(pdf.render_pdf(document))
    assert "以下 2 项指标本年度没有数据" in text
    assert "服务企业数量：2025年没有使用记录" in text
    assert "业务收益：尚未人工填报（需审计财务报告）" in text
    assert "达到等级：未达到基础级" in text
    assert "服务企业数量0" not in text.replace(" ", "")


def test_sections_are_numbered_in_order_without_gaps() -> None:
    plain = evaluation()
    document = self_assessment(
        type(plain)(system=plain.system, year=plain.year, values=plain.values)
    )
    headings = [b.text for b in document.blocks if type(b).__name__ == "Heading"]
    assert headings == ["一、评估概要", "二、指标明细", "三、缺数据的指标", "四、佐证材料"]


def test_chart_gap_is_no_bar_and_formats_render() -> None:
    chart = Chart("测试", "bar", ("一月", "二月"), (Series("营业收入", (1.0, None)),), "万元")
    assert render_chart(chart, "png").startswith(b"\x89PNG")
    assert b"<svg" in render_chart(chart, "svg")


def research_data() -> ResearchData:
    scale = Measured(12.5, "亿元", "2025", "dws_enterprise_month（服务库）", "营业收入之和")
    share = Measured(None, "%", "2025", "", "", missing="平台没有地区工业总产值")
    return ResearchData(
        year=2025,
        cluster="上饶市光伏",
        facts={"industry.scale": Fact("产业规模", scale),
               "industry.concentration": Fact("产业集聚度", share)},
        months=("2025-01", "2025-02"),
        monthly={"revenue": (100.0, 120.5), "output": (90.0, None), "tax": (5.0, 6.0),
                 "employees": (300.0, 310.0), "reporting": (3.0, 3.0), "above_scale": (2.0, 2.0)},
        regions=(("信州区", 150.5), ("广丰区", 70.0)),
    )  # fmt: skip


def test_research_report_fills_data_and_marks_judgements() -> None:
    document = research_report(research_data())
    content = render_docx(document)
    text = word_text(content)
    assert "江西省上饶市光伏产业情况调研报告" in text
    assert "产业规模：12.5 亿元（营业收入之和；dws_enterprise_month（服务库））" in text
    assert "产业集聚度：缺数据（平台没有地区工业总产值）" in text
    assert "【待填写：" in text and "三、产业存在问题分析" in text
    assert "应用场景数量" not in text and "usage.scenarios：缺数据（平台没有这项计算）" in text
    tables = word_tables(content)
    assert ["2025-02", "120.5", "缺数据", "6", "310", "3", "2"] in tables[0]
    assert ["信州区", "150.5"] in tables[1]
    marked = [b for b in document.blocks if isinstance(b, ToFill)]
    assert len(marked) >= 10 and all(b.text.startswith("【待填写：") for b in marked)


def test_research_without_monitor_says_so() -> None:
    data = ResearchData(year=2024, cluster=None, facts={})
    document = research_report(data)
    assert document.title == "江西省【待填写：产业名称】产业情况调研报告"
    assert not any(isinstance(b, Table) for b in document.blocks)
    text = pdf_text(pdf.render_pdf(document))
    assert "运行监测尚未发布2024年的月度数据" in text


def test_missing_pango_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(fonts.ReportDependencyError, match="Pango.*scripts/system-deps.sh"):
        pdf.load_weasyprint()


def test_missing_chinese_font_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    fonts.cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(fonts, "WQY_FILE", fonts.Path("/nonexistent/wqy.ttc"))
    monkeypatch.setattr(fonts, "_fontconfig_chinese", lambda: None)
    try:
        with pytest.raises(fonts.ReportDependencyError, match="中文字体.*fonts-wqy-microhei"):
            fonts.cjk_font()
    finally:
        fonts.cjk_font.cache_clear()
