"""Export of served data resources under the rule of their grade (see ``classification``)."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import is_allowed
from industry_brain.accounts.principal import Principal
from industry_brain.errors import PermissionDeniedError, ValidationFailedError
from industry_brain.warehouse.classification import ExportRule, export_rule, mask
from industry_brain.warehouse.models import CatalogEntry
from industry_brain.warehouse.pipeline.publish import is_published

SERVING_PREFIX = "serving."
MAX_EXPORT_ROWS = 1_000_000


def may_export(principal: Principal, rule: ExportRule) -> bool:
    """Tell whether the principal may export a resource under this rule."""
    if not rule.allowed:
        return False
    if rule.admins_only:
        return is_allowed(principal, "warehouse.export", "important")
    return is_allowed(principal, "warehouse.export", "general")


def masks_for(principal: Principal, rule: ExportRule) -> bool:
    """Tell whether sensitive fields are masked in this principal's export."""
    return rule.always_masked or not is_allowed(principal, "warehouse.export", "unmasked")


def export_entry(
    db: Session, *, principal: Principal, entry: CatalogEntry, purpose: str
) -> tuple[bytes, int, list[str]]:
    """Return the CSV (UTF-8 with BOM), its row count and the masked columns."""
    rule = export_rule(entry.grade, entry.sharing)
    if not entry.code.startswith(SERVING_PREFIX):
        raise ValidationFailedError("仅应用层（服务库）数据资源可导出")
    if not may_export(principal, rule):
        raise PermissionDeniedError(f"无权导出该数据资源（{rule.text}）")
    if rule.admins_only and not purpose.strip():
        raise ValidationFailedError("导出重要数据须说明用途")
    table = entry.code[len(SERVING_PREFIX) :]
    if not is_published(db, table):
        raise ValidationFailedError("该数据资源尚未发布，请先运行数据管道")
    fields = json.loads(entry.fields_json)
    names = [f["name"] for f in fields]
    kinds = {f["name"]: f.get("sensitive") or None for f in fields}
    masking = masks_for(principal, rule)
    masked = [name for name in names if kinds[name] and masking]
    quoted = ", ".join('"' + name.replace('"', '""') + '"' for name in names)
    result = db.execute(text(f'SELECT {quoted} FROM "{table}" LIMIT {MAX_EXPORT_ROWS}'))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f["label"] or f["name"] for f in fields])
    rows = 0
    for row in result:
        writer.writerow(
            [
                mask(value, kinds[name]) if name in masked else value
                for name, value in zip(names, row, strict=True)
            ]
        )
        rows += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), rows, masked
