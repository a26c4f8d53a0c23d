"""迁移监测 in a real browser at 1440×900 and 390×844: ranking with contribution bars, the
enterprise page's charts drawn, adding to and removing from the watch list, no console errors,
no horizontal overflow."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.accounts.roles import OrgType
from industry_brain.db import Database
from tests.browser_support import ARTIFACTS, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.factories import make_org, make_user
from tests.relocation.conftest import load_dataset
from tests.relocation.dataset import IDLE, MOVING

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
DRAWN = """() => [...document.querySelectorAll('[data-series]')].map(holder => {
  const canvas = holder.querySelector('canvas');
  return canvas ? [canvas.width, canvas.height] : [0, 0];
})"""


def _load(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    try:
        load_dataset(settings, database, tmp_path)
        with database.writer() as db:
            make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="reloc_gov")
    finally:
        database.dispose()


def _assert_charts_drawn(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("[data-series] canvas")).to_have_count(4)
    sizes = page.evaluate(DRAWN)
    assert len(sizes) == 4 and all(w > 0 and h > 0 for w, h in sizes), sizes


def test_ranking_signals_and_watch_list_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _load(tmp_path)
    log_in(page, live_server, "reloc_gov")
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "迁移监测")
    expect(page).to_have_url(f"{live_server}/relocation")
    expect(page.locator("#relocation-total")).to_have_text("4")
    first = page.locator("#relocation-ranking tbody tr").first
    expect(first).to_contain_text("常州甲机械有限公司")
    expect(first.locator(".risk-bar span")).to_have_count(6)
    expect(first).to_contain_text("在区外设立分支机构")
    width = first.locator(".risk-bar .sig-address_out").bounding_box()
    bar = first.locator(".risk-bar").bounding_box()
    assert width and bar and abs(width["width"] / bar["width"] - 30 / 105.8) < 0.01
    page.locator("#relocation-filters select[name=level]").select_option("黄")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#relocation-total")).to_have_text("1")
    expect(page.locator("#relocation-ranking")).to_contain_text("常州乙电子有限公司")
    screenshot(page, request)
    page.get_by_role("link", name="常州乙电子有限公司").click()
    expect(page).to_have_url(f"{live_server}/relocation/{IDLE}")
    _assert_charts_drawn(page)
    page.get_by_label("备注").fill("已约谈，企业称暂无外迁计划")
    page.get_by_role("button", name="加入关注名单").click()
    expect(page).to_have_url(f"{live_server}/relocation/{IDLE}")
    expect(page.locator("#risk-summary")).to_contain_text("已关注")
    expect(page.locator("#watch-change")).to_have_text("+0.0")
    page.locator("main").get_by_role("link", name="迁移监测").click()
    page.get_by_role("link", name=re.compile("关注名单（1）")).click()
    expect(page.locator("#watch-list")).to_contain_text("已约谈，企业称暂无外迁计划")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/relocation")
    expect(page.locator("#relocation-total")).to_have_text("4")
    assert overflow_px(page) <= 1, f"ranking is {overflow_px(page)}px wider than a phone"
    page.goto(f"{live_server}/relocation/{MOVING}")
    _assert_charts_drawn(page)
    assert overflow_px(page) <= 1, f"enterprise page is {overflow_px(page)}px wider than a phone"
    page.goto(f"{live_server}/relocation?tab=watch")
    assert overflow_px(page) <= 1
    page.get_by_role("button", name="移出").click()
    expect(page.locator("#watch-list")).to_contain_text("关注名单为空")
    phone = ARTIFACTS / f"{request.node.name}_phone.png"
    page.screenshot(path=str(phone), full_page=True)
    assert phone.stat().st_size > 10_000
    assert errors == []
