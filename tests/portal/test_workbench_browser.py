"""The enterprise workbench in Chromium: lands there, fits a phone, shows a new token once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.accounts.roles import Role
from industry_brain.db import Database
from tests.browser_support import log_in, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.factories import make_org, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
FIRM_ADMIN = "firm_admin"


@pytest.fixture
def firm(live_server: str, tmp_path: Path) -> str:
    """An enterprise with its org admin, added to the live server's serving DB."""
    database = Database.from_settings(make_settings(tmp_path / "var"))
    try:
        with database.writer() as db:
            org = make_org(db, name="常州浏览器测试电池有限公司")
            make_user(db, org=org, username=FIRM_ADMIN, roles=(Role.ORG_ADMIN,))
            uscc = org.uscc
    finally:
        database.dispose()
    assert uscc is not None
    return uscc


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_enterprise_lands_on_its_workbench_and_creates_a_token(
    browser: Browser,
    live_server: str,
    firm: str,
    request: pytest.FixtureRequest,
    width: int,
    height: int,
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        log_in(page, live_server, FIRM_ADMIN)
        for heading in ("企业画像", "报送数据与质量问题", "推送令牌"):
            expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
        expect(page.locator("#profile-missing")).to_contain_text(firm)
        expect(page.locator("#push-example")).to_contain_text(
            f"{live_server}/api/v1/warehouse/push/operations"
        )
        assert overflow_px(page) <= 0, "horizontal scroll"
        form = page.locator("#token-form")
        form.get_by_label("名称").fill("ERP 夜间推送")
        form.get_by_role("button", name="创建令牌").click()
        secret = page.locator("#token-secret")
        expect(secret).to_have_text(re.compile(r"^ibp_[A-Za-z0-9_-]{40,}$"))
        shown = secret.inner_text()
        row = page.locator("#token-list tbody tr").filter(has_text="ERP 夜间推送")
        expect(row).to_contain_text("有效")
        expect(row).to_contain_text("从未使用")
        assert overflow_px(page) <= 0, "horizontal scroll"
        screenshot(page, request)
        page.goto(f"{live_server}/workbench")
        expect(page.locator("#token-list")).to_contain_text(shown[:8])
        assert shown not in page.content(), "the secret is shown only once"
        assert overflow_px(page) <= 0, "horizontal scroll"
        assert errors == []
    finally:
        context.close()
