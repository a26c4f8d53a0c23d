"""Browser test support, loaded once for the whole run (``pytest_plugins`` in conftest):
the live server, Debian's chromium driven by Playwright, login and screenshots.

One module, so that the session-scoped browser exists once: a fixture imported into two
conftest files would be two fixtures, and the second Playwright would refuse to start inside
the first one's event loop.
"""

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
from tests.factories import PASSWORD, make_org, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "test-artifacts" / "browser"
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


def watch_errors(page: Page) -> list[str]:
    """Return a list that fills with the page's console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def overflow_px(page: Page) -> int:
    """Return how many pixels the page is wider than the viewport (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def screenshot(page: Page, request: pytest.FixtureRequest) -> Path:
    """Save a full-page screenshot named after the test and check it is a real PNG."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{request.node.name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    return path


def nav_to(page: Page, label: str) -> None:
    """Follow the navigation's link ``label``, opening its group's menu first when the bar
    groups its links (a user with more links than fit on one line)."""
    nav = page.get_by_role("navigation", name="主导航")
    link = nav.get_by_role("link", name=label, exact=True)
    if not link.is_visible():  # inside a closed menu (hidden links have no role: match text)
        inside = page.locator("a", has_text=re.compile(f"^{re.escape(label)}$"))
        nav.locator("details.nav-group", has=inside).locator("summary").click()
    link.click()
