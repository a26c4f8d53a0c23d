"""评估 in a real browser: the data admin opens 评估 from the navigation, picks Zhejiang 2025
on an empty platform (every item 缺失, no grade), enters 工业互联网平台建设 = 是 with an evidence
file through the page's form, sees it counted as 人工填报 with its file and points, and
downloads the Word 自评报告 holding it; then the page fits a phone. No console errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser_support import DATA_ADMIN, log_in, nav_to, overflow_px, screenshot, watch_errors

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_enter_a_value_and_download_the_report(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from docx import Document
    from playwright.sync_api import expect

    errors = watch_errors(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, DATA_ADMIN)
    nav_to(page, "评估")
    choose = page.locator("#evaluation-choose")
    choose.get_by_label("指标体系").select_option("zhejiang-2025")
    choose.get_by_label("评估年度").select_option("2025")
    choose.get_by_role("button", name="查看评估").click()
    expect(page).to_have_url(f"{live_server}/evaluation/zhejiang-2025/2025")
    expect(page.locator("#evaluation-no-data")).to_contain_text("不按 0 计")
    row = page.locator("#v-zj-21")
    expect(row).to_have_attribute("data-status", "missing")
    entry = row.locator("details").filter(has=page.locator("summary", has_text="人工填报"))
    entry.locator("summary").click()
    form = entry.locator("form.evaluation-manual")
    form.locator("select[name=value]").select_option("是")
    evidence = tmp_path / "入选名单.pdf"
    evidence.write_bytes(b"%PDF-1.4 list of platforms")
    form.locator("input[name=evidence]").set_input_files(str(evidence))
    form.get_by_role("button", name="保存").click()
    expect(page).to_have_url(f"{live_server}/evaluation/zhejiang-2025/2025?notice=saved#v-zj-21")
    expect(row).to_have_attribute("data-status", "manual")
    expect(page.locator("p.notice")).to_have_count(1)  # said once
    expect(row).to_contain_text("入选名单.pdf")
    expect(page.locator("#evaluation-no-data")).to_have_count(0)
    screenshot(page, request)
    with page.expect_download() as download:
        page.locator("#report-docx").click()
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = [cell.text for table in document.tables for r in table.rows for cell in r.cells]
    assert "工业互联网平台建设" in cells and "是" in cells
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert overflow_px(page) == 0, f"{overflow_px(page)} px wider than the phone"
    assert errors == [], errors
