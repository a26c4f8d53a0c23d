"""The 产业地图 in a real browser: drawn, drilled down by a click on the map or a row, the
list behind a district counting what the map counts; at desktop and phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.codes.regions import get_region
from tests.browser_support import DATA_ADMIN, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.known_cluster import ALPHA, ALPHA_NAME, ALPHA_SITE, WUJIN, load_for_live_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _click_at(page: Page, lon_lat: tuple[float, float], *, below: float = 0) -> None:
    """Click the map where a coordinate is drawn (ECharts converts it to a pixel), or
    ``below`` pixels under it."""
    chart = page.locator("[data-map]").first
    pixel = page.evaluate(
        "([lon, lat]) => echarts.getInstanceByDom(document.querySelector('[data-map]'))"
        ".convertToPixel({geoIndex: 0}, [lon, lat])",
        list(lon_lat),
    )
    box = chart.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + pixel[0], box["y"] + pixel[1] + below)


def _expect_drawn(page: Page, min_width: float) -> None:
    from playwright.sync_api import expect

    canvas = page.locator("[data-map] canvas").first
    expect(canvas).to_be_visible()
    expect(page.locator("[data-map]").first).to_have_attribute("data-drawn", "true")
    box = canvas.bounding_box()
    assert box is not None and box["width"] > min_width and box["height"] > 300, box


def test_map_drills_down_to_a_district_and_its_list_at_desktop_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    load_for_live_server(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server}/cockpit")
    expect(page.locator("#panel-map [data-map] canvas").first).to_be_visible()
    expect(page.locator("#map-panel-total")).to_have_text("2")
    nav_to(page, "产业地图")
    expect(page.locator("#map-region")).to_have_text("常州市")  # the cluster's region
    _expect_drawn(page, 700)
    expect(page.locator("#map-regions")).to_contain_text("武进区")
    expect(page.locator("#map-regions")).to_contain_text("新北区")
    screenshot(page, request)
    wujin = get_region(WUJIN)
    assert wujin is not None
    # The 武进区 bubble, below its centre where ALPHA's point sits.
    _click_at(page, (wujin.longitude, wujin.latitude), below=12)
    expect(page).to_have_url(re.compile(r"/map\?region=320412$"))
    expect(page.locator("#map-region")).to_have_text("武进区")
    _expect_drawn(page, 700)
    expect(page.locator("#map-enterprises")).to_contain_text(ALPHA_NAME)
    expect(page.locator("#map-total")).to_have_text("1")
    page.locator("#map-list").click()
    expect(page).to_have_url(re.compile(rf"/enterprises\?region={WUJIN}$"))
    expect(page.locator("#directory-total")).to_have_text("1")
    page.go_back()
    _expect_drawn(page, 700)
    _click_at(page, ALPHA_SITE)  # the enterprise's point
    expect(page).to_have_url(re.compile(rf"/enterprises/{ALPHA}$"))
    assert errors == []


def test_map_stacks_and_drills_down_by_its_table_at_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    load_for_live_server(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/map?above_scale=true")
    _expect_drawn(page, 300)
    overflow = overflow_px(page)
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    chart = page.locator("[data-map]").bounding_box()
    filters = page.locator("#map-filters").bounding_box()
    assert chart is not None and filters is not None and chart["y"] < filters["y"]
    expect(page.locator("#map-regions")).not_to_contain_text("新北区")  # not 规上
    screenshot(page, request)
    page.locator("#map-regions").get_by_role("link", name="武进区", exact=True).click()
    expect(page).to_have_url(re.compile(r"/map\?above_scale=true&region=320412$"))
    page.locator("#map-list").click()
    expect(page).to_have_url(re.compile(r"/enterprises\?above_scale=true&region=320412$"))
    expect(page.locator("#directory-total")).to_have_text("1")
    assert errors == []
