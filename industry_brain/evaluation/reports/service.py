"""The reports as the pages and ``ib report`` produce them: evaluate (or gather) from the
serving DB, or read a frozen snapshot (定稿), build the document, render it to the chosen
format. A snapshot's report is built by the same code from the evaluation it froze."""

from __future__ import annotations

import dataclasses
from typing import Literal

from sqlalchemy.orm import Session

from industry_brain.errors import ValidationFailedError
from industry_brain.evaluation.reports.blocks import Document, Paragraph

ReportFormat = Literal["pdf", "docx"]
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year: int) -> int:
    """Return the year, or raise ValidationFailedError when it is not a plausible one."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailedError(f"年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间", field="year")
    return year


def _cluster_name(db: Session) -> str | None:
    from industry_brain.warehouse.cluster import get_cluster

    profile = get_cluster(db)
    return profile.name if profile else None


def self_assessment_document(db: Session, *, system_id: str, year: int) -> Document:
    """Evaluate the system for the year and return its 自评报告."""
    from industry_brain.evaluation.reports.content import self_assessment
    from industry_brain.evaluation.service import evaluate

    evaluation = evaluate(db, system_id, check_year(year))
    return self_assessment(evaluation, cluster=_cluster_name(db))


def snapshot_document(db: Session, *, system_id: str, year: int, snapshot_id: int) -> Document:
    """Return the 自评报告 of a frozen snapshot (定稿), as frozen, labelled with its SHA-256."""
    from industry_brain.evaluation.reports.content import self_assessment
    from industry_brain.evaluation.reports.formatting import moment_text
    from industry_brain.evaluation.snapshots import from_payload, get_snapshot

    row = get_snapshot(db, system_id=system_id, year=check_year(year), snapshot_id=snapshot_id)
    document = self_assessment(from_payload(row.payload), cluster=_cluster_name(db))
    frozen = f"定稿于 {moment_text(row.created_at)}（北京时间），定稿人 {row.created_by}"
    label = Paragraph(
        f"本报告依据第 {row.id} 号定稿生成：{frozen}"
        + (f"，说明：{row.note}" if row.note else "")
        + f"。定稿内容 SHA-256：{row.sha256}。此后数据的变更不影响本报告。"
    )
    return dataclasses.replace(
        document, subtitle=f"{document.subtitle}（{frozen}）", blocks=(label, *document.blocks),
        filename=f"{document.filename}-定稿{row.id}",
    )  # fmt: skip


def research_document(db: Session, *, year: int) -> Document:
    """Gather the year's figures and return the 产业情况调研报告."""
    from industry_brain.evaluation.reports.research import research_report
    from industry_brain.evaluation.reports.research_data import gather

    return research_report(gather(db, year=check_year(year)))


def render(document: Document, fmt: ReportFormat) -> bytes:
    """Return the document rendered as PDF or Word."""
    if fmt == "pdf":
        from industry_brain.evaluation.reports.pdf import render_pdf

        return render_pdf(document)
    from industry_brain.evaluation.reports.docx import render_docx

    return render_docx(document)
