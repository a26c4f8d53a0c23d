"""惠企政策 in a real browser, at desktop (1440×900) and phone (390×844) width: the
government enters a policy with the rule builder (a bad rule is refused next to the field),
sees who is eligible clause by clause; the enterprise sees its match, applies and follows it;
the notification arrives; no console errors and nothing wider than the phone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.db import Database
from tests.browser_support import ARTIFACTS, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.policies.support import arrange

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _arrange(tmp_path: Path) -> None:
    database = Database.from_settings(make_settings(tmp_path / "var"))
    try:
        arrange(database)
    finally:
        database.dispose()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _enter_policy(page: Page) -> None:
    from playwright.sync_api import expect

    nav_to(page, "惠企政策")
    page.locator("#new-policy").click()
    form = page.locator("#policy-form")
    form.get_by_label("政策名称").fill("专精特新企业奖励")
    form.get_by_label("发文机关").fill("常州市工业和信息化局")
    form.locator("select[name=status]").select_option("published")
    form.get_by_label("规则文本").fill("员工 >= 10")
    form.get_by_role("button", name="保存并评估").click()
    expect(page.locator("#rule-errors")).to_contain_text("未知的事实 “员工”")
    rule = page.locator("#rule-text")
    rule.fill("")
    builder = page.locator("#rule-builder")
    builder.get_by_label("事实").select_option("上年营业收入")
    builder.get_by_label("运算").select_option(">=")
    builder.get_by_label("值").fill("2000")
    builder.get_by_role("button", name="加入条件").click()
    builder.get_by_label("事实").select_option("荣誉")
    builder.get_by_label("运算").select_option("包含")
    builder.get_by_label("值").fill("专精特新")
    builder.get_by_role("button", name="加入条件").click()
    expect(rule).to_have_value('上年营业收入 >= 2000 且 荣誉 包含 "专精特新"')
    # 或 with 非: the clauses so far are bracketed; 非 发明专利数 < 10 adds 甲 and 丁 again.
    builder.get_by_label("事实").select_option("发明专利数")
    builder.get_by_label("运算").select_option("<")
    builder.get_by_label("值").fill("10")
    builder.get_by_label("连接").select_option("或")
    builder.get_by_label("非（不满足此条件）").check()
    builder.get_by_role("button", name="加入条件").click()
    expect(rule).to_have_value(
        '(上年营业收入 >= 2000 且 荣誉 包含 "专精特新") 或 非 发明专利数 < 10'
    )
    expect(builder.get_by_label("非（不满足此条件）")).not_to_be_checked()
    form.get_by_role("button", name="保存并评估").click()
    expect(page.locator("#policy-notice")).to_contain_text("已保存")
    expect(page.locator("#tab-met")).to_have_text("符合 2")  # 甲 and 丁
    page.locator("#tab-unknown").click()
    page.locator("#policy-results summary").first.click()
    expect(page.locator("#policy-results")).to_contain_text("缺少数据：上年营业收入")


def test_policies_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _arrange(tmp_path)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, "gov")
    _enter_policy(page)
    screenshot(page, request)
    page.set_viewport_size({"width": 390, "height": 844})
    assert overflow_px(page) <= 1, f"policy page is {overflow_px(page)}px wider than a phone"
    _shot(page, "policies-detail-phone")
    page.context.clear_cookies()
    log_in(page, live_server, "ent0")
    page.goto(f"{live_server}/services/policies")
    match = page.locator("#my-matches li").first
    expect(match).to_contain_text("符合")
    expect(match).to_contain_text("上年营业收入为 5200 万元")
    match.get_by_label("申报说明").fill("已备齐审计报告")
    match.get_by_role("button", name="在线申报").click()
    expect(page.locator("#application-status")).to_have_text("申报")
    assert overflow_px(page) <= 1, f"application is {overflow_px(page)}px wider than a phone"
    page.goto(f"{live_server}/services/policies")
    assert overflow_px(page) <= 1, f"matches are {overflow_px(page)}px wider than a phone"
    _shot(page, "policies-services-phone")
    page.goto(f"{live_server}/notifications")
    expect(page.locator("#notifications-unread")).to_have_text("1")
    expect(page.locator("#notification-list")).to_contain_text("新匹配惠企政策")
    # the one refused save answers 422, which the browser logs; nothing else went wrong
    assert errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
