"""预警 in a real browser: the list → a warning with its chart → assign → record → close, at
desktop (1440×900) and phone (390×844) width, with no console errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.alerts.pipeline import evaluate_warehouse
from industry_brain.alerts.service import today
from industry_brain.db import Database
from industry_brain.warehouse.pipeline.publish import Published, publish_table
from tests.alerts.lake import warehouse
from tests.browser_support import ARTIFACTS, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.factories import make_org, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _load(tmp_path: Path) -> int:
    """Warnings from the small lake, its months published for the charts, two government
    users; return the colleague's id."""
    database = Database.from_settings(make_settings(tmp_path / "var"))
    lake = warehouse(tmp_path / "lake.duckdb")
    try:
        lake.con.execute("CREATE TABLE ads.enterprise_month AS SELECT * FROM dws.enterprise_month")
        publish_table(lake.con, database, Published("enterprise_month", (("uscc", "period"),)))
        evaluate_warehouse(lake.con, database=database, actor=Principal.system("test"))
        with database.writer() as db:
            office = make_org(db, name="常州市工业和信息化局", org_type=OrgType.GOVERNMENT)
            make_user(db, org=office, username="lead", roles=(Role.ORG_ADMIN,))
            return make_user(db, org=office, username="colleague").id
    finally:
        lake.con.close()
        database.dispose()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _work_through(page: Page, name: str, colleague: int) -> None:
    """From the list to the warning's page, then assign, record and close it."""
    from playwright.sync_api import expect

    page.locator("#alerts-list").get_by_role("link", name=name).click()
    expect(page.locator("#alert-explanation")).to_contain_text(f"{name} 2024-12 营业收入")
    canvas = page.locator("[data-alerts-series] canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 250 and box["height"] > 200
    form = page.locator("#assign-form")
    form.get_by_label("承办人").select_option(str(colleague))
    form.get_by_label("办理期限").fill((today() + timedelta(days=5)).isoformat())
    form.get_by_role("button", name="指派").click()
    expect(page.locator("#alert-assignee")).to_contain_text("常州市工业和信息化局")
    page.get_by_label("处置记录").fill("已上门走访，企业订单转移至外地子公司")
    page.get_by_role("button", name="记录").click()
    expect(page.locator("#alert-timeline")).to_contain_text("已上门走访")
    close = page.locator("#close-form")
    close.get_by_label("办结结果").select_option("helped")
    close.get_by_role("button", name="办结").click()
    expect(page.locator("#alert-status")).to_contain_text("已办结：已帮扶")
    expect(page.locator("#reopen-form")).to_be_visible()


def test_list_warning_assign_close_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    colleague = _load(tmp_path)
    log_in(page, live_server, "lead")
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "预警")
    expect(page.locator("#alerts-open")).to_contain_text("黄色预警（未办结）")
    expect(page.locator("#alerts-total")).to_have_text("2")
    screenshot(page, request)
    _work_through(page, "常州甲有限公司", colleague)
    _shot(page, "alerts-detail-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/alerts")
    expect(page.locator("#alerts-total")).to_have_text("1")
    assert overflow_px(page) <= 1, f"list is {overflow_px(page)}px wider than a phone"
    _work_through(page, "常州零有限公司", colleague)
    assert overflow_px(page) <= 1, f"warning is {overflow_px(page)}px wider than a phone"
    _shot(page, "alerts-detail-phone")
    page.goto(f"{live_server}/alerts?status=closed")
    expect(page.locator("#alerts-total")).to_have_text("2")
    page.goto(f"{live_server}/cockpit")
    expect(page.locator("#alerts-panel-open")).to_contain_text("黄色")
    expect(page.locator("#panel-alerts [data-alerts-flow] canvas")).to_be_visible()
    assert overflow_px(page) <= 1, f"cockpit is {overflow_px(page)}px wider than a phone"
    page.goto(f"{live_server}/alerts/rules")
    expect(page.locator("#rules")).to_contain_text("营业收入同比降幅")
    assert overflow_px(page) <= 1, f"rules page is {overflow_px(page)}px wider than a phone"
    _shot(page, "alerts-rules-phone")
    assert errors == []
