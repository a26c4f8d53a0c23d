"""A report document as PDF: blocks → HTML (``templates/report.html``) → WeasyPrint.

WeasyPrint lays text out with Pango, a system library; when it cannot be loaded the error
names Pango and ``scripts/system-deps.sh``. Charts are embedded as SVG with their text drawn
as paths; the running text uses the Chinese font found by ``fonts.cjk_font``.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from industry_brain.evaluation.reports.blocks import Chart, Document
from industry_brain.evaluation.reports.charts import render_chart
from industry_brain.evaluation.reports.fonts import INSTALL, ReportDependencyError, cjk_font

TEMPLATES = Path(__file__).parent / "templates"


def load_weasyprint() -> Any:
    """Return the weasyprint module, or raise ReportDependencyError naming Pango."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # WeasyPrint ships no type hints
    except (OSError, ImportError) as exc:
        raise ReportDependencyError(
            f"生成 PDF 需要 Pango（WeasyPrint 的排版库），无法加载：{exc}。{INSTALL}，"
            "或安装 libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    return weasyprint


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
    )


def _svg_uri(chart: Chart) -> str:
    encoded = base64.b64encode(render_chart(chart, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def document_html(document: Document) -> str:
    """Return the document as one self-contained HTML page (charts inlined as SVG)."""
    font = cjk_font()
    kinds = [type(block).__name__ for block in document.blocks]
    charts = {i: _svg_uri(b) for i, b in enumerate(document.blocks) if isinstance(b, Chart)}
    return _environment().get_template("report.html").render(
        document=document, blocks=list(zip(kinds, document.blocks, strict=True)),
        charts=charts, font_family=font.family,
    )  # fmt: skip


def render_pdf(document: Document) -> bytes:
    """Return the document as PDF bytes."""
    weasyprint = load_weasyprint()
    html = document_html(document)
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf
