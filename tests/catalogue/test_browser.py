"""服务目录 in a real browser: an enterprise filters the catalogue by category, opens an offering
and sends a request at desktop width (1440×900); the provider responds and the enterprise
rates at phone width (390×844); no page is wider than the phone, no console errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.db import Database
from tests.browser_support import ARTIFACTS, nav_to, overflow_px, screenshot, watch_errors
from tests.catalogue.support import make_world, offer
from tests.conftest import make_settings
from tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _load(tmp_path: Path) -> None:
    database = Database.from_settings(make_settings(tmp_path / "var"))
    try:
        with database.writer() as db:
            world = make_world(db)
            offer(db, world.provider)
            offer(db, world.other_provider, title="发明专利申请代理", category="知识产权",
                  description="技术交底、检索、撰写与答复审查意见。")  # fmt: skip
    finally:
        database.dispose()


def _log_in(page: Page, url: str, username: str) -> None:
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto(f"{url}/login?next=/services/catalogue")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("服务目录")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    assert overflow_px(page) <= 1, f"{page.url} is {overflow_px(page)}px wider than a phone"


def test_catalogue_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _load(tmp_path)
    page.set_viewport_size({"width": 1440, "height": 900})
    _log_in(page, live_server, "firm")
    expect(page.locator("#catalogue-total")).to_have_text("2")
    cards = [page.locator(".offering-card").nth(i).bounding_box() for i in (0, 1)]
    assert cards[0] and cards[1] and cards[1]["x"] > cards[0]["x"]  # side by side
    page.locator("#category-filter").get_by_role("link", name="数字化改造").click()
    expect(page.locator("#catalogue-total")).to_have_text("1")
    screenshot(page, request)
    page.get_by_role("link", name="MES 制造执行系统实施").click()
    expect(page.locator("#offering-price")).to_have_text("150,000–600,000 元/项目")
    page.get_by_label("需求说明").fill("计划三个月内上线 MES")
    page.get_by_role("button", name="提交需求").click()
    expect(page.locator("#request-list")).to_contain_text("计划三个月内上线 MES")
    _shot(page, "catalogue-requests-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "provider")
    _fits(page)
    page.locator("label.nav-toggle-label").click()
    nav_to(page, "我的服务")
    card = page.locator(".request-card").first
    card.get_by_label("响应内容（方案、报价或联系安排）").fill("下周二上门调研")
    card.get_by_role("button", name="响应").click()
    for step in ("进行中", "已完成"):
        page.locator(".request-card").first.get_by_role("button", name=f"改为“{step}”").click()
        expect(page.locator(".request-card .request-status").first).to_have_text(step)
    _fits(page)
    _shot(page, "catalogue-provider-phone")
    _log_in(page, live_server, "firm")
    page.goto(f"{live_server}/services/requests")
    rate = page.locator('[data-form="rate"]')
    rate.get_by_label("4 分").check()
    rate.get_by_label("评价").fill("交付及时")
    rate.get_by_role("button", name="提交评价").click()
    expect(page.locator("[data-rated]")).to_contain_text("4 分，交付及时")
    _fits(page)
    _shot(page, "catalogue-requests-phone")
    page.goto(f"{live_server}/services/catalogue")
    expect(page.locator(".offering-card").first).to_contain_text("★ 4.0（1 条评价）")
    _fits(page)
    assert errors == []
