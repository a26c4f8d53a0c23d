"""A report document as Word (.docx) with python-docx: headings, tables, charts as PNG,
marked fields in red for the author."""

from __future__ import annotations

import io

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from industry_brain.evaluation.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
    ToFill,
)
from industry_brain.evaluation.reports.charts import render_chart
from industry_brain.evaluation.reports.fonts import cjk_font

RED = RGBColor(0xB0, 0x00, 0x20)


def _set_fonts(word: WordDocument, family: str) -> None:
    """Use the Chinese font for Latin and East Asian text in the body and the headings."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = word.styles[name]
        style.font.name = family
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), family)
    word.styles["Normal"].font.size = Pt(10.5)


def _table(word: WordDocument, block: Table) -> None:
    if block.caption:
        word.add_paragraph(block.caption, style="Caption")
    table = word.add_table(rows=1, cols=len(block.header))
    table.style = word.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for index, row in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            if index in block.marks:
                run.font.color.rgb = RED
    word.add_paragraph()


def _to_fill(word: WordDocument, block: ToFill) -> None:
    run = word.add_paragraph().add_run(block.text)
    run.bold, run.font.color.rgb = True, RED
    if block.prompts:
        word.add_paragraph("参考数据：")
        for prompt in block.prompts:
            word.add_paragraph(prompt, style="List Bullet")


def _block(word: WordDocument, block: Block) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=min(max(block.level - 1, 1), 3))
    elif isinstance(block, Paragraph):
        word.add_paragraph(block.text)
    elif isinstance(block, ToFill):
        _to_fill(word, block)
    elif isinstance(block, Bullets):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Chart):
        word.add_picture(io.BytesIO(render_chart(block, "png")), width=Cm(16))


def render_docx(document: Document) -> bytes:
    """Return the document as .docx bytes."""
    word = new_word_document()
    _set_fonts(word, cjk_font().family)
    word.core_properties.title = document.title
    title = word.add_heading(document.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = word.add_paragraph(document.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in document.blocks:
        _block(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
