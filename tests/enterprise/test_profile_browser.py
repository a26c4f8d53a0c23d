"""Search → profile in a real browser: suggestions under the header box, charts and the
supplier graph drawn, no console errors, at desktop and phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser_support import DATA_ADMIN, log_in, overflow_px, screenshot, watch_errors
from tests.known_cluster import ALPHA, ALPHA_FORMER, ALPHA_NAME, BETA, load_for_live_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
DRAWN = """(selector) => [...document.querySelectorAll(selector)].map(holder => {
  const canvas = holder.querySelector('canvas');
  return canvas ? [canvas.width, canvas.height] : [0, 0];
})"""


def _assert_drawn(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("[data-chart] canvas")).to_have_count(2)  # revenue, employees
    expect(page.locator("#relations-graph canvas")).to_have_count(1)
    for selector in ("[data-chart]", "#relations-graph"):
        sizes = page.evaluate(DRAWN, selector)
        assert sizes and all(w > 0 and h > 0 for w, h in sizes), (selector, sizes)


def test_search_leads_to_the_profile_with_its_charts_at_desktop_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    load_for_live_server(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 1440, "height": 900})
    box = page.get_by_role("combobox", name="搜索企业")
    box.press_sequentially("甲电池", delay=30)
    suggestion = page.locator("#search-suggestions [role=option]").first
    expect(suggestion).to_contain_text(ALPHA_NAME)
    expect(suggestion).to_contain_text(f"曾用名：{ALPHA_FORMER}")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-1")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server}/enterprises/{ALPHA}")
    expect(page.get_by_role("heading", level=1)).to_have_text(ALPHA_NAME)
    _assert_drawn(page)
    expect(page.locator("#score-growth .score-value")).to_have_text("67")
    box = page.locator("#relations-graph").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] >= 240
    screenshot(page, request)
    page.get_by_role("link", name="常州乙材料有限公司").click()
    expect(page).to_have_url(f"{live_server}/enterprises/{BETA}")
    expect(page.locator("#score-growth .score-missing")).to_have_text("数据不足")
    assert errors == []


def test_search_and_profile_fit_a_phone(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    load_for_live_server(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.get_by_role("combobox", name="搜索企业")
    box.press_sequentially("新能源科技常州甲", delay=20)  # reordered words
    suggestion = page.locator("#search-suggestions [role=option]").first
    expect(suggestion).to_contain_text(ALPHA_NAME)
    overflow = overflow_px(page)
    assert overflow <= 1, f"the suggestions are {overflow}px wider than a phone"
    suggestion.click()
    expect(page).to_have_url(re.compile(rf"/enterprises/{ALPHA}$"))
    _assert_drawn(page)
    overflow = overflow_px(page)
    assert overflow <= 1, f"the profile is {overflow}px wider than a phone"
    screenshot(page, request)
    box = page.get_by_role("combobox", name="搜索企业")
    box.fill("常州")
    box.press("Enter")  # no suggestion chosen: the full list
    expect(page).to_have_url(re.compile(r"/enterprises\?q=%E5%B8%B8%E5%B7%9E$"))
    expect(page.locator("#directory-total")).to_have_text("2")
    assert errors == []
