"""End-to-end pages in a real browser: uvicorn on a free port, Debian chromium via Playwright."""

from __future__ import annotations

import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from industry_brain import migrate
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.db import Database
from tests.conftest import make_settings
from tests.factories import PASSWORD, make_org, make_uscc, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "browser"
ADMIN = "sysadmin"
AUDITOR = "auditadmin"
DATA_ADMIN = "dataadmin"


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """Serve the real app with uvicorn in a thread on a fresh data dir with an admin; the URL."""
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    migrate.upgrade(database.engine)
    with database.writer() as db:
        operator = make_org(db, name="运营方", org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username=ADMIN, roles=(Role.SYSTEM_ADMIN,))
        make_user(db, org=operator, username=AUDITOR, roles=(Role.AUDIT_ADMIN,))
        make_user(db, org=operator, username=DATA_ADMIN, roles=(Role.DATA_ADMIN,))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, database=database), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, thread)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        database.dispose()
    assert not thread.is_alive(), "uvicorn did not stop within 10 s"


def _wait_healthy(url: str, thread: threading.Thread, timeout: float = 15.0) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # ignore *_proxy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            pytest.fail("uvicorn thread exited before answering /healthz")
        try:
            with opener.open(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{url}/healthz did not answer within {timeout} s")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright (no downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing: run `bash scripts/system-deps.sh` as root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"playwright not importable ({exc}): run `make install-dev`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page at desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(page: Page, url: str, username: str = ADMIN) -> None:
    """Open the home page, follow the redirect to the login form and log in."""
    from playwright.sync_api import expect

    page.goto(f"{url}/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"您好，{username}")


def screenshot(page: Page, request: pytest.FixtureRequest) -> Path:
    """Save a full-page screenshot named after the test and check it is a real PNG."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{request.node.name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    return path


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
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构与用户").click()
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
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="审计日志").click()
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
    page.goto(f"{live_server}/api/docs")
    expect(page.get_by_text("/api/v1/auth/token").first).to_be_visible()
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
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据导入").click()
    page.get_by_label("数据标准").select_option("registry")
    page.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(csv_file))
    page.get_by_role("button", name="上传并校验").click()
    expect(page).to_have_url(re.compile(r"/warehouse/batches/[0-9T]+-[0-9a-f]+$"))
    expect(page.locator("#batch-status")).to_have_text("已入库")
    expect(page.locator("#rejected")).to_contain_text("校验位错误")
    screenshot(page, request)
