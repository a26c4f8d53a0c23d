"""Queries of the warehouse and the workbooks it hands out (templates, rejected rows)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed, require
from industry_brain.accounts.principal import Principal
from industry_brain.errors import HiddenObjectError, NotFoundError
from industry_brain.warehouse.models import ImportBatch, QuarantinedRow
from industry_brain.warehouse.standards import Standard, get_standard

TYPE_HINTS = {
    "uscc": "18位统一社会信用代码",
    "text": "文本",
    "date": "日期，如 2024-03-18",
    "month": "年月，如 2024-03",
    "money": "金额（数字）",
    "decimal": "数字",
    "ratio": "百分比数字，如 35.5",
    "int": "整数",
    "bool": "是/否",
    "enum": "从代码表中选择",
    "industry_code": "GB/T 4754-2017 行业代码，如 3841",
}

STATUS_LABELS = {
    "received": "已接收",
    "loaded": "已入库",
    "failed": "失败",
    "duplicate": "重复文件",
}


def _visible_to(principal: Principal) -> ColumnElement[bool]:
    """Return the condition on batches the principal may see (all, or the own ones)."""
    if is_allowed(principal, "warehouse.batch", "read"):
        return true()
    require(principal, "warehouse.batch", "read", target_org_id=principal.org_id)
    return ImportBatch.org_id == principal.org_id


def list_batches(
    db: Session, *, principal: Principal, standard: str | None = None, limit: int = 100
) -> list[ImportBatch]:
    """Return the batches the principal may see, newest first."""
    query = select(ImportBatch).where(_visible_to(principal))
    query = query.order_by(ImportBatch.created_at.desc()).limit(limit)
    if standard:
        query = query.where(ImportBatch.standard == standard)
    return list(db.scalars(query))


@dataclass(frozen=True)
class BatchSummary:
    """Counts over the batches a principal may see."""

    batches: int
    by_status: dict[str, int]
    with_rejections: int
    rows_accepted: int
    rows_rejected: int
    quarantined: int


def batch_summary(db: Session, *, principal: Principal) -> BatchSummary:
    """Return how many batches the principal may see, by status, and their row counts."""
    visible = _visible_to(principal)
    by_status = {
        str(status): int(count)
        for status, count in db.execute(
            select(ImportBatch.status, func.count()).where(visible).group_by(ImportBatch.status)
        )
    }
    totals = db.execute(
        select(
            func.count(case((ImportBatch.rejected > 0, 1))),
            func.coalesce(func.sum(ImportBatch.accepted), 0),
            func.coalesce(func.sum(ImportBatch.rejected), 0),
        ).where(visible)
    ).one()
    quarantined = db.scalar(
        select(func.count()).select_from(QuarantinedRow).join(ImportBatch).where(visible)
    )
    return BatchSummary(
        batches=sum(by_status.values()),
        by_status=by_status,
        with_rejections=int(totals[0]),
        rows_accepted=int(totals[1]),
        rows_rejected=int(totals[2]),
        quarantined=int(quarantined or 0),
    )


def get_batch(db: Session, *, principal: Principal, batch_id: str) -> ImportBatch:
    """Return one batch the principal may see."""
    batch = db.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError("批次不存在")
    if not is_allowed(principal, "warehouse.batch", "read", target_org_id=batch.org_id):
        raise HiddenObjectError("批次不存在")
    return batch


def quarantined_rows(
    db: Session, *, batch_id: str, limit: int | None = None
) -> list[QuarantinedRow]:
    """Return the rejected rows of a batch in file order."""
    query = select(QuarantinedRow).where(QuarantinedRow.batch_id == batch_id)
    query = query.order_by(QuarantinedRow.row_number)
    return list(db.scalars(query.limit(limit) if limit else query))


def rule_counts(db: Session, *, batch_id: str) -> list[tuple[str, str, int]]:
    """Return (column, rule, count) of a batch's rejections, most frequent first."""
    rows = db.execute(
        select(QuarantinedRow.column_key, QuarantinedRow.rule, func.count())
        .where(QuarantinedRow.batch_id == batch_id)
        .group_by(QuarantinedRow.column_key, QuarantinedRow.rule)
        .order_by(func.count().desc())
    )
    return [(str(column), str(rule), int(count)) for column, rule, count in rows]


def template_workbook(standard: Standard) -> bytes:
    """Return the standard's XLSX template: a header row and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = standard.name[:31]
    sheet.append([column.label for column in standard.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = book.create_sheet("说明")
    notes.append([f"{standard.name}（{standard.code}）", standard.description])
    notes.append(["列名", "英文键", "类型", "必填", "单位", "取值范围或代码表", "说明"])
    for column in standard.columns:
        allowed = "、".join(column.values) if column.values else _range(column.min, column.max)
        notes.append(
            [
                column.label,
                column.key,
                TYPE_HINTS[column.type],
                "是" if column.required else "",
                column.unit or "",
                allowed,
                column.description,
            ]
        )
    notes.append([])
    notes.append(
        [
            "说明",
            "第一行为表头，可用中文列名或英文键；金额列可用(元)/(万元)/(亿元)标明单位；"
            "支持 UTF-8、GBK 编码的 CSV 或本 XLSX。请勿填写公式。",
        ]
    )
    return _save(book)


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return f"{'' if low is None else f'{low:g}'}～{'' if high is None else f'{high:g}'}"


def rejected_workbook(db: Session, *, batch: ImportBatch) -> bytes:
    """Return the rejected rows as XLSX: original cells plus the reasons, ready to fix."""
    from openpyxl import Workbook

    standard = get_standard(batch.standard)
    rows = quarantined_rows(db, batch_id=batch.id)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "被拒绝的行"
    labels = {column.key: column.label for column in standard.columns}
    width = max((len(json.loads(row.raw_json)) for row in rows), default=0)
    sheet.append(["原行号", "问题"] + [f"第{i + 1}列" for i in range(width)])
    for row in rows:
        errors = json.loads(row.errors_json)
        reasons = "；".join(
            f"{labels.get(e['column'], e['column'] or '整行')}：{e['message']}" for e in errors
        )
        sheet.append([row.row_number, reasons, *json.loads(row.raw_json)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # stored as text: Excel never evaluates it
    return _save(book)


def _save(book: object) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()
