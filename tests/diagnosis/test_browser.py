"""数字化诊断 in a real browser: an enterprise user takes the questionnaire at desktop width
(a missing answer is refused with the question marked), sees the report with the radar
drawn, then retakes it at phone width and sees the progress and the history chart; the
government reader sees the summary. No console errors, nothing wider than a phone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.db import Database
from tests.browser_support import ARTIFACTS, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.diagnosis.support import FIRST, SECOND, make_users

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _load(tmp_path: Path) -> None:
    database = Database.from_settings(make_settings(tmp_path / "var"))
    try:
        make_users(database)
    finally:
        database.dispose()


def _answer(page: Page, answers: dict[str, list[str]], skip: str = "") -> None:
    for question, chosen in answers.items():
        if question == skip:
            continue
        for option in chosen:
            page.locator(f'input[name="q_{question}"][value="{option}"]').check()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_take_the_questionnaire_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    _load(tmp_path)
    log_in(page, live_server, "firm")
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "数字化诊断")
    page.get_by_role("link", name="开始诊断").click()
    _answer(page, FIRST, skip="quality")
    page.get_by_role("button", name="提交诊断").click()
    expect(page.get_by_role("alert")).to_have_text("质量题“产品或服务质量管理有何变化？”尚未作答")
    expect(page.locator("#question-quality")).to_have_class("question is-missing")
    expect(page.locator('input[name="q_rnd"][value="c"]')).to_be_checked()
    page.locator('input[name="q_quality"][value="b"]').check()
    page.get_by_role("button", name="提交诊断").click()
    expect(page.locator("#diagnosis-level")).to_have_text("二级")
    expect(page.locator("#diagnosis-total")).to_have_text("56")
    expect(page.locator("#diagnosis-gaps")).to_contain_text("数字化管理、数字化成效")
    expect(page.locator("[data-diagnosis-radar] canvas")).to_have_count(1)
    screenshot(page, request)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="重新诊断").click()
    _answer(page, SECOND)
    # “以上都没有” is cleared when another option of 安全 is chosen
    expect(page.locator('input[name="q_security"][value="none"]')).not_to_be_checked()
    assert overflow_px(page) <= 1, f"the form is {overflow_px(page)}px wider than a phone"
    page.get_by_role("button", name="提交诊断").click()
    expect(page.locator("#diagnosis-level")).to_have_text("三级")
    expect(page.locator("#diagnosis-change")).to_have_text("（较上次 +15 分）")
    expect(page.locator("[data-diagnosis-radar] canvas")).to_have_count(1)
    expect(page.locator("[data-diagnosis-history] canvas")).to_have_count(1)
    assert overflow_px(page) <= 1, f"the report is {overflow_px(page)}px wider than a phone"
    _shot(page, "diagnosis-report-phone")
    page.context.clear_cookies()
    log_in(page, live_server, "gov")
    page.goto(f"{live_server}/services/diagnosis/summary")
    expect(page.locator("#diagnosis-enterprises")).to_have_text("1")
    expect(page.locator("[data-diagnosis-levels] canvas")).to_have_count(1)
    assert overflow_px(page) <= 1
    _shot(page, "diagnosis-summary-phone")
    # The only one: the browser reports the refused form's answer (422) as an error.
    assert errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
