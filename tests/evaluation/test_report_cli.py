"""``ib report``: the 自评报告 and the 调研报告 written from a migrated serving DB; a year without
data names the missing indicators instead of printing zeros; bad input is refused clearly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as open_word
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from industry_brain.cli import app
from industry_brain.settings import Settings
from tests.conftest import FAST_HASHING
from tests.evaluation.test_reports import pdf_text, word_text


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner over the test's freshly migrated (empty) serving DB."""
    monkeypatch.setenv("IB_DATA_DIR", str(settings.data_dir))
    for key, value in FAST_HASHING.items():
        monkeypatch.setenv(f"IB_{key.upper()}", str(value))
    return CliRunner()


def test_self_assessment_pdf_names_missing_indicators(run: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "自评报告.pdf"
    args = ["report", "self-assessment", "--system", "zhejiang-2025", "--year", "2025"]
    result = run.invoke(app, [*args, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and "（PDF，" in result.output
    assert "缺数据的指标" in result.output and "服务企业数量" in result.output
    text = pdf_text(output.read_bytes())
    assert "产业大脑2025年度建设运营情况自评报告" in text
    assert "服务企业数量" in text and "缺数据的指标" in text
    assert "服务企业数量 0" not in text


def test_self_assessment_docx_by_extension(run: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "report.docx"
    args = ["report", "self-assessment", "--system", "shandong-trial", "--year", "2025"]
    result = run.invoke(app, [*args, "--output", str(output)])
    assert result.exit_code == 0, result.output
    word = open_word(io.BytesIO(output.read_bytes()))
    assert word.tables, "the indicator tables"
    header = [cell.text for cell in word.tables[0].rows[0].cells]
    assert header[:3] == ["序号", "指标", "数值"]


def test_unknown_system_and_bad_format_are_refused(run: CliRunner, tmp_path: Path) -> None:
    unknown = run.invoke(app, ["report", "self-assessment", "--system", "nowhere", "--year",
                               "2025", "--output", str(tmp_path / "x.pdf")])  # fmt: skip
    assert unknown.exit_code == 1
    assert "nowhere" in unknown.output and "zhejiang-2025" in unknown.output
    assert not (tmp_path / "x.pdf").exists()
    bad = run.invoke(app, ["report", "self-assessment", "--system", "zhejiang-2025", "--year",
                           "2025", "--output", str(tmp_path / "x.xls")])  # fmt: skip
    assert bad.exit_code == 1 and "可选 pdf 或 docx" in bad.output
    year = run.invoke(app, ["report", "research", "--year", "1990", "--output", "x.docx"])
    assert year.exit_code == 2 and "2000" in year.output
    nowhere = run.invoke(app, ["report", "research", "--year", "2025",
                               "--output", str(tmp_path / "no" / "x.docx")])  # fmt: skip
    assert nowhere.exit_code == 1 and "不存在" in nowhere.output


def test_research_report_is_written_with_marked_fields(run: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "调研报告.docx"
    result = run.invoke(app, ["report", "research", "--year", "2025", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "待编写人填写的栏目" in result.output
    text = word_text(output.read_bytes())
    assert "产业情况调研报告" in text and "二、产业现状" in text
    assert "【待填写：" in text
    assert "运行监测尚未发布2025年的月度数据" in text


def test_refuses_an_uninitialised_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IB_DATA_DIR", str(tmp_path / "empty"))
    result = CliRunner().invoke(app, ["report", "research", "--year", "2025",
                                      "--output", str(tmp_path / "x.docx")])  # fmt: skip
    assert result.exit_code == 1 and "ib init" in result.output


def test_manual_value_and_its_evidence_are_reported(
    run: CliRunner, settings: Settings, db: Session, tmp_path: Path
) -> None:
    from industry_brain.accounts.principal import Principal
    from industry_brain.evaluation.actions import ManualIn, Upload, do_enter_manual_value
    from industry_brain.evaluation.systems import get_system

    do_enter_manual_value(
        db, actor=Principal.system("test"), data_dir=settings.data_dir,
        system=get_system("shandong-trial"), year=2025,
        data=ManualIn(key="L1P1", value="12.5", unit="亿元", note="据统计公报"),
        files=[Upload(io.BytesIO(b"%PDF-1.4 statistics"), "统计公报.pdf")],
    )  # fmt: skip
    output = tmp_path / "report.docx"
    args = ["report", "self-assessment", "--system", "shandong-trial", "--year", "2025"]
    result = run.invoke(app, [*args, "--output", str(output)])
    assert result.exit_code == 0, result.output
    missing_line = next(line for line in result.output.splitlines() if "缺数据的指标" in line)
    assert "产业规模" not in missing_line and "产业布局" in missing_line
    rows = [[c.text for c in row.cells] for t in open_word(output).tables for row in t.rows]
    scale = next(row for row in rows if row[:2] == ["L1P1", "产业规模"])
    assert scale[2:4] == ["12.5 亿元", "人工填报"] and "据统计公报" in scale[4]
    assert any(row[:2] == ["产业规模", "统计公报.pdf"] for row in rows)
    pdf = tmp_path / "report.pdf"
    assert run.invoke(app, [*args, "--output", str(pdf)]).exit_code == 0
    assert "L1P1 产业规模 12.5 亿元 人工填报" in pdf_text(pdf.read_bytes())
