"""Downloads of the reports, linked from the evaluation pages: the 自评报告 as PDF or Word and
the 产业情况调研报告 as Word (or PDF), and the 自评报告 of a frozen snapshot (定稿). Same
permission as the pages: ``evaluation`` read."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from industry_brain.accounts.policy import require
from industry_brain.evaluation.reports.blocks import Document
from industry_brain.evaluation.reports.service import (
    FIRST_YEAR,
    LAST_YEAR,
    MEDIA_TYPES,
    ReportFormat,
    render,
    research_document,
    self_assessment_document,
    snapshot_document,
)
from industry_brain.web.deps import DbDep, PageUser

router = APIRouter(include_in_schema=False)
POLICY = "evaluation"
YearQuery = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="评估年度")]


def _download(document: Document, fmt: ReportFormat) -> Response:
    name = f"{document.filename}.{fmt}"
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(
        render(document, fmt), media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": disposition},
    )  # fmt: skip


@router.get("/evaluation/{system_id}/{year:int}/report.{fmt}")
def self_assessment(
    db: DbDep, principal: PageUser, system_id: str, year: int, fmt: ReportFormat
) -> Response:
    """Download the year's 自评报告 of the system as PDF or Word."""
    require(principal, POLICY, "read")
    return _download(self_assessment_document(db, system_id=system_id, year=year), fmt)


@router.get("/evaluation/{system_id}/{year:int}/snapshots/{snapshot_id:int}/report.{fmt}")
def snapshot_report(
    db: DbDep, principal: PageUser, system_id: str, year: int, snapshot_id: int,
    fmt: ReportFormat,
) -> Response:  # fmt: skip
    """Download the 自评报告 of a frozen snapshot (定稿) as PDF or Word, as it was frozen."""
    require(principal, POLICY, "read")
    document = snapshot_document(db, system_id=system_id, year=year, snapshot_id=snapshot_id)
    return _download(document, fmt)


@router.get("/evaluation/research-report.{fmt}")
def research_report(db: DbDep, principal: PageUser, year: YearQuery, fmt: ReportFormat) -> Response:
    """Download the year's 产业情况调研报告 (Jiangxi template) as Word or PDF."""
    require(principal, POLICY, "read")
    return _download(research_document(db, year=year), fmt)
