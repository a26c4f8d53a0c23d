"""Fixtures shared with other suites: file imports, and the live server and browser."""

from tests.warehouse.conftest import do_import
from tests.web.test_browser import browser, live_server, page

__all__ = ["browser", "do_import", "live_server", "page"]
