"""The cockpit in a real browser: panels and charts drawn, no console errors, phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser_support import DATA_ADMIN, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.chain.test_chain_browser import _load

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_cockpit_draws_its_panels_and_drills_down(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _load(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "驾驶舱")
    expect(page.locator("#panel-overview")).to_contain_text("产业概况")
    expect(page.locator("#panel-chain")).to_contain_text("产业链健全度")
    canvas = page.locator("#panel-overview [data-chart] canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 200
    expect(page.locator("#panel-map [data-map] canvas").first).to_be_visible()
    screenshot(page, request)
    page.locator("#overview-reporting").click()  # the month's reporting enterprises
    expect(page).to_have_url(re.compile(r"/enterprises\?local=true&period=2024-12$"))
    expect(page.locator("#directory-total")).to_have_text("2")
    expect(page.locator("#directory-month")).to_contain_text("营业收入 210.0 万元")
    page.go_back()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#panel-overview [data-chart] canvas")).to_be_visible()
    overflow = overflow_px(page)
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    page.get_by_role("link", name=re.compile("规上企业")).click()
    expect(page).to_have_url(re.compile(r"/enterprises\?local=true&above_scale=true$"))
    expect(page.locator("#directory-total")).to_have_text("2")
    expect(page.locator("#directory")).to_contain_text("常州乙新材料有限公司")
    assert errors == []


def test_big_screen_fills_1920_by_1080_without_scrolling(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    _load(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server}/cockpit")
    page.get_by_role("link", name="大屏模式").click()
    expect(page).to_have_url(re.compile(r"/cockpit\?screen=big$"))
    refresh = page.locator("meta[http-equiv=refresh]")
    assert refresh.get_attribute("content") == "300"
    canvas = page.locator("#panel-overview [data-chart] canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1080
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert sizes[0] <= 1920 and sizes[1] <= 1080, sizes
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 23, 38)"
    screenshot(page, request)
