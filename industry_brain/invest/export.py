"""The Excel export of a gap's ranked candidates (/invest/gaps/{t}/{n}/export.xlsx).

Sheet 说明 says the gap, the filters, the weights and when the list was made; sheet 候选企业
holds one row per candidate with every factor's value, contribution and sentence. A factor
the warehouse does not know is written as 未知 (never 0). Text that starts like a formula is
stored as text, so Excel never evaluates it.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.orm import Session

from industry_brain.accounts.policy import require
from industry_brain.clock import BEIJING
from industry_brain.codes.regions import get_region
from industry_brain.invest import service
from industry_brain.invest.api import (
    NodeId,
    PageMinScore,
    PageProvince,
    TemplateId,
    gap_out,
    node_names,
    page_filters,
)
from industry_brain.invest.engine_schemas import ScoredCandidate
from industry_brain.invest.map_data import ranked
from industry_brain.web.deps import DbDep, PageUser

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
BASE_COLUMNS = (
    "排名", "企业名称", "统一社会信用代码", "省份", "地市", "区县", "行业",
    "距离（公里）", "得分", "未知因子",
)  # fmt: skip


def _append(sheet: Any, cells: list[Any]) -> None:
    """Append a row; text starting with "=" is kept as text, never a formula."""
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _row(found: ScoredCandidate) -> list[Any]:
    labels = {f.id: f.label for f in found.factors}
    cells: list[Any] = [
        found.position,
        found.name,
        found.uscc,
        found.province_name,
        found.city_name,
        found.county_name,
        found.industry_name or found.industry_code,
        None if found.distance_km is None else round(found.distance_km, 1),
        found.score,
        "、".join(labels[f] for f in found.missing) or "无",
    ]
    for factor in found.factors:
        value = "未知" if factor.missing else factor.value
        contribution = "未知" if factor.missing else factor.contribution
        cells += [value, contribution, factor.sentence]
    return cells


def _summary(
    db: Session, template_id: str, node_id: str, filters: dict[str, Any], shown: tuple[int, int]
) -> list[list[Any]]:
    """Return the rows of sheet 说明: the gap, filters, counts, date, then the weights."""
    template_name, node_name = node_names(template_id, node_id)
    found = service.get_gap(db, template_id, node_id)
    gap = gap_out(found) if found else None
    province = get_region(filters["province"]) if filters["province"] else None
    state = f"{gap.health_label}（{gap.suggestion or '无建议'}）" if gap else "当前不是缺口"
    made = datetime.now(UTC).astimezone(BEIJING)
    rows: list[list[Any]] = [
        ["精准招商候选企业名单"],
        ["产业链", template_name],
        ["环节", node_name],
        ["缺口状态", state],
        ["招商优先级（0–100）", gap.priority if gap else "—"],
        ["缺口原因", gap.reason if gap else "—"],
        ["筛选：省份", province.name if province else "全部"],
        ["筛选：最低得分", "不限" if filters["min_score"] is None else filters["min_score"]],
        ["符合条件的候选企业", shown[0]],
        ["本表列出", f"前 {shown[1]} 家" if shown[1] < shown[0] else f"全部 {shown[1]} 家"],
        ["导出时间（北京时间）", made.strftime("%Y-%m-%d %H:%M")],
        [
            "得分说明",
            "得分为各因子贡献之和；未知因子不计分，其权重按比例分给已知因子（docs/invest.md）",
        ],
        [],
        ["因子", "权重", "定义"],
    ]
    weights = service.current_weights(db)
    for factor in service.factor_definitions():
        rows.append([factor.label, weights.get(factor.id, 0.0), factor.definition])
    return rows


def workbook(
    db: Session,
    template_id: str,
    node_id: str,
    *,
    province: str | None = None,
    min_score: float | None = None,
) -> bytes:
    """Return the XLSX of a gap's ranked candidates (at most ``MAX_ROWS``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    total, best = ranked(
        db, template_id, node_id, province=province, min_score=min_score, limit=MAX_ROWS
    )
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    filters = {"province": province, "min_score": min_score}
    for line in _summary(db, template_id, node_id, filters, (total, len(best))):
        _append(notes, line)
    notes["A1"].font = Font(bold=True, size=14)
    sheet = book.create_sheet("候选企业")
    header = list(BASE_COLUMNS)
    for factor in service.factor_definitions():
        header += [f"{factor.label}·值", f"{factor.label}·贡献", f"{factor.label}·说明"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for found in best:
        _append(sheet, _row(found))
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@router.get("/invest/gaps/{template_id}/{node_id}/export.xlsx")
def export_candidates(
    db: DbDep,
    principal: PageUser,
    template_id: TemplateId,
    node_id: NodeId,
    province: PageProvince = "",
    min_score: PageMinScore = "",
) -> Response:
    """Download the gap's ranked candidates (filters as on the page) as an Excel file."""
    require(principal, "invest", "read")
    region, score = page_filters(province, min_score)
    content = workbook(db, template_id, node_id, province=region, min_score=score)
    _, node_name = node_names(template_id, node_id)
    name = f"招商候选企业-{node_name}-{datetime.now(BEIJING):%Y%m%d}.xlsx"
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})
