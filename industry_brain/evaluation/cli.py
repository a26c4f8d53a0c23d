"""``ib report``: the annual 自评报告 of an indicator system (PDF or Word) and the Jiangxi
产业情况调研报告 (Word or PDF), written to a file from the serving DB."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from industry_brain.cli_errors import fail

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from industry_brain.evaluation.reports.blocks import Document
    from industry_brain.evaluation.reports.service import ReportFormat

report_app = typer.Typer(
    help="评估报告：指标体系年度自评报告（PDF/Word）与产业情况调研报告（Word/PDF）。",
    no_args_is_help=True,
)
FORMATS = ("pdf", "docx")
YearOption = Annotated[int, typer.Option(min=2000, max=2100, help="评估年度，如 2025。")]
OutputOption = Annotated[
    Path, typer.Option(dir_okay=False, writable=True, help="输出文件，如 自评报告.pdf。")
]


def _format(chosen: str | None, output: Path, *, default: str) -> ReportFormat:
    fmt = (chosen or output.suffix.lstrip(".") or default).lower()
    if fmt not in FORMATS:
        raise fail(f"错误：格式“{fmt}”不支持，可选 pdf 或 docx（--format，或输出文件的扩展名）")
    return "pdf" if fmt == "pdf" else "docx"


def _write(output: Path, fmt: ReportFormat, build: Callable[[Session], Document]) -> Document:
    from industry_brain.cli_support import load_settings, open_database
    from industry_brain.errors import DomainError
    from industry_brain.evaluation.reports.service import render

    if not output.parent.is_dir():
        raise fail(f"错误：输出目录 {output.parent} 不存在")
    database = open_database(load_settings())
    started = time.perf_counter()
    try:
        with database.reader() as db:
            document = build(db)
        content = render(document, fmt)
    except DomainError as exc:
        raise fail(f"错误：{exc.message}") from exc
    output.write_bytes(content)
    seconds = time.perf_counter() - started
    typer.echo(f"已生成 {output}（{fmt.upper()}，{len(content) / 1024:.0f} KB，{seconds:.1f} 秒）")
    return document


@report_app.command("self-assessment")
def self_assessment(
    system: Annotated[str, typer.Option(help="指标体系编号，如 zhejiang-2025。")],
    year: YearOption,
    output: OutputOption,
    fmt: Annotated[
        str | None, typer.Option("--format", help="pdf 或 docx（默认取输出文件的扩展名）。")
    ] = None,
    snapshot: Annotated[
        int | None, typer.Option(help="定稿编号：按该定稿生成（不重新计算），如 3。")
    ] = None,
) -> None:
    """Write the year's 自评报告 of an indicator system (missing indicators named, not 0),
    live or, with --snapshot, as frozen (定稿)."""
    from industry_brain.evaluation.reports.service import (
        self_assessment_document,
        snapshot_document,
    )

    def build(db: Session) -> Document:
        if snapshot is not None:
            return snapshot_document(db, system_id=system, year=year, snapshot_id=snapshot)
        return self_assessment_document(db, system_id=system, year=year)

    chosen = _format(fmt, output, default="pdf")
    document = _write(output, chosen, build)
    if document.missing:
        names = "、".join(document.missing)
        typer.secho(f"缺数据的指标（{len(document.missing)} 项）：{names}", fg="yellow")


@report_app.command("research")
def research(
    year: YearOption,
    output: OutputOption,
    fmt: Annotated[
        str | None, typer.Option("--format", help="docx 或 pdf（默认取输出文件的扩展名）。")
    ] = None,
) -> None:
    """Write the year's 产业情况调研报告 (Jiangxi template): data filled, judgements marked."""
    from industry_brain.evaluation.reports.blocks import ToFill
    from industry_brain.evaluation.reports.service import research_document

    chosen = _format(fmt, output, default="docx")
    document = _write(output, chosen, lambda db: research_document(db, year=year))
    marked = sum(isinstance(block, ToFill) for block in document.blocks)
    typer.echo(f"待编写人填写的栏目：{marked} 处（【待填写：…】）")
