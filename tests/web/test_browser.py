"""End-to-end pages in a real browser: uvicorn on a free port, Debian chromium via Playwright."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.accounts.roles import OrgType
from tests.browser_support import AUDITOR, DATA_ADMIN, log_in, nav_to, screenshot
from tests.factories import make_uscc

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def create_form(page: Page, *, name: str, uscc: str) -> None:
    """Fill and submit the 新建机构 form for an enterprise."""
    form = page.locator("form[method=post][action='/accounts/organisations']")
    form.get_by_label("机构名称").fill(name)
    form.get_by_label("机构类型").select_option(OrgType.ENTERPRISE.value)
    form.get_by_label("统一社会信用代码").fill(uscc)
    form.get_by_label("行政区划代码").fill("330100")
    form.get_by_role("button", name="创建").click()


def test_admin_creates_enterprise(
    page: Page, live_server: str, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_server)
    nav_to(page, "机构与用户")
    expect(page).to_have_url(f"{live_server}/accounts/organisations")
    name, uscc = "浏览器测试制造有限公司", make_uscc(9999)
    create_form(page, name=name, uscc=uscc)
    expect(page).to_have_url(re.compile(r"/accounts/organisations/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text(uscc)).to_be_visible()
    page.get_by_role("link", name="机构列表").click()
    row = page.locator("#organisations tbody tr").filter(has_text=name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(uscc)
    expect(row).to_contain_text("启用")
    screenshot(page, request)


def test_phone_width_home_fits_and_menu_toggles(
    browser: Browser, live_server: str, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log_in(page, live_server)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"horizontal scroll at 390 px: {widths}"
        link = page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构与用户")
        expect(link).to_be_hidden()
        page.locator("#nav-toggle").focus()
        page.keyboard.press("Space")
        expect(link).to_be_visible()  # opened from the keyboard
        page.keyboard.press("Space")
        expect(link).to_be_hidden()
        page.locator("label.nav-toggle-label", has_text="☰").click()
        expect(link).to_be_visible()
        screenshot(page, request)
        link.click()
        expect(page).to_have_url(f"{live_server}/accounts/organisations")
    finally:
        context.close()


def test_invalid_check_digit_shows_error_and_creates_nothing(
    page: Page, live_server: str, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_server)
    page.goto(f"{live_server}/accounts/organisations")
    good = make_uscc(9998)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    name = "校验位错误的公司"
    create_form(page, name=name, uscc=bad)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("统一社会信用代码：校验位错误")
    expect(alert).to_contain_text(f"应为“{good[-1]}”")
    screenshot(page, request)
    page.goto(f"{live_server}/accounts/organisations")
    expect(page.locator("#organisations")).to_contain_text("运营方")
    expect(page.locator("#organisations")).not_to_contain_text(name)


def test_audit_admin_verifies_the_log_with_htmx(
    page: Page, live_server: str, request: pytest.FixtureRequest
) -> None:
    """The audit page's check runs through htmx (installed from npm) without script errors."""
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, live_server, AUDITOR)
    nav_to(page, "审计日志")
    expect(page.locator("#audit-table")).to_contain_text("登录")
    page.get_by_role("button", name="校验日志完整性").click()
    expect(page.locator("#verify-result")).to_contain_text("日志完整")
    expect(page).to_have_url(f"{live_server}/audit")  # swapped in as a fragment
    screenshot(page, request)
    assert errors == [], errors


def test_api_docs_render_offline(page: Page, live_server: str) -> None:
    """Swagger UI comes from the npm package served locally, not from a CDN."""
    from playwright.sync_api import expect

    outside: list[str] = []
    page.on(
        "request",
        lambda req: outside.append(req.url) if not req.url.startswith(live_server) else None,
    )
    # The schema of every route (about 200 KB) is built on the first request: wait for it
    # rather than the 5 s default, which a loaded two-core machine can exceed.
    with page.expect_response(lambda r: r.url.endswith("/openapi.json"), timeout=30_000) as got:
        page.goto(f"{live_server}/api/docs")
    assert got.value.status == 200
    expect(page.get_by_text("/api/v1/auth/token").first).to_be_visible(timeout=15_000)
    assert outside == [], outside


def test_data_admin_uploads_a_file_and_sees_its_rejections(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Upload through the page (with its progress script) and land on the batch's result."""
    from playwright.sync_api import expect

    good, other = make_uscc(7001), make_uscc(7002)
    csv_file = tmp_path / "企业名录.csv"
    csv_file.write_text(
        "统一社会信用代码,企业名称,注册地址,行业代码\n"
        f"{good},常州测试电池有限公司,江苏省常州市武进区常武中路1号,3841\n"
        f"{other},常州测试电机有限公司,江苏省常州市新北区华山路2号,3812\n"
        f"{good[:-1]}0,坏代码公司,江苏省常州市天宁区1号,3841\n",
        encoding="gbk",
    )
    log_in(page, live_server, DATA_ADMIN)
    nav_to(page, "数据导入")
    page.get_by_label("数据标准").select_option("registry")
    page.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(csv_file))
    page.get_by_role("button", name="上传并校验").click()
    expect(page).to_have_url(re.compile(r"/warehouse/batches/[0-9T]+-[0-9a-f]+$"))
    expect(page.locator("#batch-status")).to_have_text("已入库")
    expect(page.locator("#rejected")).to_contain_text("校验位错误")
    screenshot(page, request)
