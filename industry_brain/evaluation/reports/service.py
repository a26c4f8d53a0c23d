"""The reports as the pages and ``ib report`` produce them: evaluate (or gather) from the
serving DB, build the document, render it to the chosen format."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from industry_brain.errors import ValidationFailedError
from industry_brain.evaluation.reports.blocks import Document

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
