"""运行监测 in a real browser: charts drawn, drill-downs to the right lists, phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.db import Database
from tests.browser_support import (
    ARTIFACTS,
    DATA_ADMIN,
    log_in,
    nav_to,
    overflow_px,
    screenshot,
    watch_errors,
)
from tests.conftest import make_settings
from tests.monitor.monitor_data import WUJIN, load_monitor_cluster

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# The pixel of a month's point on the trend chart (series 4: after the two interval bands).
POINT = """([period]) => {
  const holder = document.querySelector('[data-monitor-chart=trend]');
  holder.scrollIntoView({block: 'center'});
  const chart = echarts.getInstanceByDom(holder);
  const months = chart.getOption().xAxis[0].data;
  const value = chart.getOption().series[4].data[months.indexOf(period)].value;
  const [x, y] = chart.convertToPixel({seriesIndex: 4}, [months.indexOf(period), value]);
  const box = holder.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""


def _load(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    try:
        load_monitor_cluster(settings, database, tmp_path)
    finally:
        database.dispose()


def _canvas_drawn(page: Page, selector: str) -> None:
    from playwright.sync_api import expect

    canvas = page.locator(f"{selector} canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200, selector


def test_monitor_page_charts_rankings_and_drill_downs(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _load(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "运行监测")
    expect(page).to_have_url(f"{live_server}/monitor")
    expect(page.locator("#monitor-trend h2")).to_contain_text("营业收入")
    expect(page.locator("#monitor-latest")).to_have_text("200.0")
    expect(page.locator("#monitor-mape")).to_have_text(re.compile(r"^\d+\.\d%$"))
    _canvas_drawn(page, "[data-monitor-chart=trend]")
    _canvas_drawn(page, "[data-monitor-chart=prosperity]")
    expect(page.locator("#monitor-prosperity-latest")).to_have_text("43.3")
    # A click on a month of the chart opens that month's enterprises.
    x, y = page.evaluate(POINT, ["2025-01"])
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/enterprises\?local=true&period=2025-01$"))
    expect(page.locator("#directory-total")).to_have_text("2")
    page.go_back()
    page.get_by_label("维度").select_option("region")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"dimension=region"))
    rows = page.locator("#monitor-ranking-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("武进区")
    _canvas_drawn(page, "[data-monitor-chart=compare]")
    screenshot(page, request)
    rows.first.get_by_role("link", name="2", exact=True).click()  # its 报送企业数
    expect(page).to_have_url(
        re.compile(rf"/enterprises\?local=true&region={WUJIN}&period=2025-03$")
    )
    expect(page.locator("#directory-total")).to_have_text("2")
    expect(page.locator("#directory-month")).to_contain_text("营业收入 160.0 万元")
    page.go_back()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _canvas_drawn(page, "[data-monitor-chart=trend]")
    overflow = overflow_px(page)
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-phone.png"), full_page=True)
    page.goto(f"{live_server}/cockpit")
    expect(page.locator("#panel-prosperity")).to_contain_text("荣枯线 50")
    expect(page.locator("#panel-prosperity [data-prosperity-panel] canvas")).to_be_visible()
    assert errors == []
