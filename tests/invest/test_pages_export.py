"""The Excel export of a gap's candidates: it opens with openpyxl, the 说明 sheet says the gap,
filters, weights and date, and the 候选企业 sheet holds every ranked row with each factor's
value, contribution and sentence (unknown factors written as 未知, never 0)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from openpyxl import load_workbook

from tests.conftest import page_login
from tests.invest.pages_support import (
    ALPHA,
    BETA,
    BLANK,
    EMPTY,
    NODE,
    TEMPLATE,
    PagesApp,
    pages_app,
)

EXPORT = f"/invest/gaps/{TEMPLATE}/{NODE}/export.xlsx"
__all__ = ["pages_app"]


def _book(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content), read_only=False)


def test_export_holds_every_candidate_with_factors_and_a_header_sheet(pages_app: PagesApp) -> None:
    page_login(pages_app.client, "analyst")
    answer = pages_app.client.get(EXPORT)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = unquote(answer.headers["content-disposition"])
    assert disposition.startswith("attachment;") and "招商候选企业-动力电池-" in disposition
    book = _book(answer.content)
    assert book.sheetnames == ["说明", "候选企业"]
    notes = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row[0]}
    assert notes["产业链"] == "新能源汽车" and notes["环节"] == "动力电池"
    assert notes["缺口状态"] == "缺失（补链）" and notes["招商优先级（0–100）"] == 100
    assert notes["符合条件的候选企业"] == 26 and notes["本表列出"] == "全部 26 家"
    assert notes["环节匹配度"] == 25 and notes["距离"] == 10
    made = datetime.strptime(notes["导出时间（北京时间）"], "%Y-%m-%d %H:%M")
    beijing = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=8)
    assert abs((beijing - made).total_seconds()) < 120
    rows = list(book["候选企业"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:10] == ("排名", "企业名称", "统一社会信用代码", "省份", "地市", "区县", "行业",
                           "距离（公里）", "得分", "未知因子")  # fmt: skip
    assert header[10:13] == ("环节匹配度·值", "环节匹配度·贡献", "环节匹配度·说明")
    assert len(header) == 10 + 3 * 7 and len(rows) == 27
    beta = dict(zip(header, rows[1], strict=True))
    assert beta["统一社会信用代码"] == BETA and beta["得分"] == 75.0 and beta["排名"] == 1
    assert beta["未知因子"] == "创新能力、距离"
    assert beta["创新能力·值"] == "未知" and beta["创新能力·贡献"] == "未知"
    assert beta["本地供需关联·贡献"] == 25.0 and beta["本地供需关联·值"] == 100.0
    assert beta["成长性·说明"] == "近12个月月均营业收入较前12个月下降 10.0%"
    alpha = dict(zip(header, rows[2], strict=True))
    assert alpha["统一社会信用代码"] == ALPHA and alpha["距离（公里）"] == 1200.0
    assert alpha["未知因子"] == "无" and alpha["距离·贡献"] == 2.0
    assert rows[-1][2] == BLANK and rows[-1][8] is None


def test_export_follows_the_filters_and_a_gap_without_candidates(pages_app: PagesApp) -> None:
    page_login(pages_app.client, "analyst")
    filtered = pages_app.client.get(EXPORT, params={"province": "350000", "min_score": 50})
    book = _book(filtered.content)
    notes = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row[0]}
    assert notes["筛选：省份"] == "福建省" and notes["筛选：最低得分"] == 50
    rows = list(book["候选企业"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [BETA]
    empty = pages_app.client.get(f"/invest/gaps/{TEMPLATE}/{EMPTY}/export.xlsx")
    assert empty.status_code == 200
    assert len(list(_book(empty.content)["候选企业"].iter_rows(values_only=True))) == 1
