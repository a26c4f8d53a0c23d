"""Pages of the warehouse: upload and batches, a batch's rejected rows, template downloads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote as url_quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.warehouse import service
from industry_brain.warehouse.ingest.service import import_stream
from industry_brain.warehouse.standards import all_standards, get_standard
from industry_brain.web.deps import DbDep, FormUser, PageUser, SettingsDep, get_database
from industry_brain.web.templating import render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, name: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{url_quote(name)}"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})


@router.get("/warehouse", response_class=HTMLResponse)
def warehouse_page(request: Request, db: DbDep, principal: PageUser) -> Response:
    """Show the upload form, the templates and the latest batches."""
    batches = service.list_batches(db, principal=principal)
    return render(
        request,
        "warehouse/index.html",
        {
            "batches": batches,
            "standards": list(all_standards().values()),
            "status_labels": service.STATUS_LABELS,
            "can_upload": is_allowed(principal, "warehouse.batch", "create"),
        },
        principal=principal,
    )


@router.post("/warehouse/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    settings: SettingsDep,
    principal: FormUser,
    standard: Annotated[str, Form(max_length=40)],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import an uploaded file and go to its batch."""
    require(principal, "warehouse.batch", "create")
    get_standard(standard)
    result = import_stream(
        settings=settings,
        database=get_database(request),
        standard_code=standard,
        stream=file.file,
        file_name=file.filename or "upload",
        actor=principal,
        source="upload",
    )
    return RedirectResponse(f"/warehouse/batches/{result.batch_id}", status_code=303)


@router.get("/warehouse/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(request: Request, db: DbDep, principal: PageUser, batch_id: str) -> Response:
    """Show a batch: counts, status, and its rejected rows with the reasons."""
    batch = service.get_batch(db, principal=principal, batch_id=batch_id)
    standard = get_standard(batch.standard)
    return render(
        request,
        "warehouse/batch.html",
        {
            "batch": batch,
            "standard": standard,
            "status_labels": service.STATUS_LABELS,
            "labels": {column.key: column.label for column in standard.columns},
            "rules": service.rule_counts(db, batch_id=batch.id),
            "rows": service.quarantined_rows(db, batch_id=batch.id, limit=200),
            # An enterprise reaches its own batches from its workbench, not the import page.
            "back": ("/warehouse", "数据导入")
            if is_allowed(principal, "warehouse.batch", "create")
            else ("/workbench", "企业工作台"),
        },
        principal=principal,
    )


@router.get("/warehouse/batches/{batch_id}/rejected.xlsx")
def rejected_download(db: DbDep, principal: PageUser, batch_id: str) -> Response:
    """Download the rejected rows with their reasons, to fix and upload again."""
    batch = service.get_batch(db, principal=principal, batch_id=batch_id)
    return _attachment(service.rejected_workbook(db, batch=batch), f"被拒绝的行-{batch.id}.xlsx")


@router.get("/warehouse/templates/{code}.xlsx")
def template_download(principal: PageUser, code: str) -> Response:
    """Download the XLSX template of a data standard."""
    del principal
    standard = get_standard(code)
    return _attachment(service.template_workbook(standard), f"{standard.name}模板.xlsx")
