"""招商线索 in a real browser: the board (columns, overdue card in red) → a lead → advance,
assign, log a visit, attach a file → abandon, at desktop (1440×900) and phone (390×844) width,
with the funnel on the cockpit and no console errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.db import Database
from industry_brain.invest import lead_actions
from industry_brain.invest.lead_models import InvestLead
from industry_brain.invest.lead_schemas import AssignIn, LeadIn
from industry_brain.invest.lead_service import today
from tests.browser_support import ARTIFACTS, log_in, nav_to, overflow_px, screenshot, watch_errors
from tests.conftest import make_settings
from tests.factories import make_org, make_user
from tests.invest.leads_support import (
    NODE,
    OTHER_NODE,
    POOLED,
    PROFILED,
    TEMPLATE,
    publish_enterprises,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _load(tmp_path: Path) -> tuple[int, int]:
    """Two leads, one assigned a week ago and due yesterday; return the colleague's id and
    the other lead's id."""
    database = Database.from_settings(make_settings(tmp_path / "var"))
    try:
        publish_enterprises(database)
        with database.writer() as db:
            office = make_org(db, name="常州市投资促进中心", org_type=OrgType.GOVERNMENT)
            make_user(db, org=office, username="lead", roles=(Role.ORG_ADMIN,))
            colleague = make_user(db, org=office, username="colleague").id
            actor = Principal.system("test")
            late = lead_actions.do_create_lead(db, actor=actor, data=LeadIn(
                uscc=POOLED, template_id=TEMPLATE, node_id=NODE))  # fmt: skip
            assign = AssignIn(assignee_id=colleague, due_on=today())
            lead_actions.do_assign(db, actor=actor, lead_id=late.id, data=assign)
            # arranged, not an action: the due date has passed since it was assigned
            db.execute(update(InvestLead).values(due_on=today() - timedelta(days=1)))
            db.commit()
            other = lead_actions.do_create_lead(db, actor=actor, data=LeadIn(
                uscc=PROFILED, template_id=TEMPLATE, node_id=OTHER_NODE))  # fmt: skip
            return colleague, other.id
    finally:
        database.dispose()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _work(page: Page, name: str, colleague: int) -> None:
    """From the board to the lead: advance it, assign it, log a visit, attach a file."""
    from playwright.sync_api import expect

    page.locator("#leads-board").get_by_role("link", name=name).click()
    expect(page.locator("#lead-stage")).to_have_text("线索")
    page.locator("#forward-form").get_by_role("button", name="推进到“接洽”").click()
    expect(page.locator("#lead-stage")).to_have_text("接洽")
    form = page.locator("#assign-form")
    form.get_by_label("承办人").select_option(str(colleague))
    form.get_by_label("办理期限").fill((today() + timedelta(days=7)).isoformat())
    form.get_by_role("button", name="指派").click()
    expect(page.locator("#lead-assignee")).to_contain_text("常州市投资促进中心")
    visit = page.locator("#visit-form")
    visit.get_by_label("地点").fill("企业总部")
    visit.get_by_label("参与人员").fill("副总裁王某")
    visit.get_by_label("内容").fill("介绍常州新能源汽车产业配套与用地条件")
    visit.get_by_role("button", name="记录").click()
    expect(page.locator("#lead-timeline")).to_contain_text("企业总部 · 副总裁王某")
    attach = page.locator("#attach-form")
    attach.locator("input[type=file]").set_input_files(
        files=[{"name": "空.txt", "mimeType": "text/plain", "buffer": b""}]
    )
    attach.get_by_role("button", name="上传").click()
    expect(attach.locator("[data-attach-error]")).to_have_text("附件“空.txt”是空文件")
    attach.locator("input[type=file]").set_input_files(
        files=[{"name": "会议纪要.txt", "mimeType": "text/plain", "buffer": "纪要".encode()}]
    )
    attach.get_by_role("button", name="上传").click()
    expect(page.locator("#lead-attachments")).to_contain_text("会议纪要.txt")


def test_board_and_lead_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors = watch_errors(page)
    colleague, other = _load(tmp_path)
    log_in(page, live_server, "lead")
    page.set_viewport_size({"width": 1440, "height": 900})
    nav_to(page, "招商线索")
    expect(page.locator("#leads-total")).to_have_text("2")
    expect(page.locator("#column-lead .lead-card.is-overdue")).to_contain_text("已逾期")
    columns = [page.locator(f"#column-{c}").bounding_box() for c in ("lead", "contact")]
    assert columns[0] and columns[1] and columns[1]["x"] > columns[0]["x"]  # side by side
    screenshot(page, request)
    _work(page, "深圳甲电池有限公司", colleague)
    _shot(page, "invest-lead-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/invest/leads")
    columns = [page.locator(f"#column-{c}").bounding_box() for c in ("lead", "contact")]
    assert columns[0] and columns[1] and columns[1]["y"] >= columns[0]["y"] + columns[0]["height"]
    assert overflow_px(page) <= 1, f"board is {overflow_px(page)}px wider than a phone"
    _shot(page, "invest-board-phone")
    _work(page, "南京乙电机有限公司", colleague)
    assert overflow_px(page) <= 1, f"lead page is {overflow_px(page)}px wider than a phone"
    abandon = page.locator("#abandon-form")
    abandon.get_by_label("放弃原因").fill("企业已选定外省基地")
    abandon.get_by_role("button", name="放弃").click()
    expect(page.locator("#lead-abandon-reason")).to_contain_text("企业已选定外省基地")
    expect(page).to_have_url(f"{live_server}/invest/leads/{other}")
    _shot(page, "invest-lead-phone")
    page.goto(f"{live_server}/cockpit")
    expect(page.locator("#invest-panel-stages")).to_contain_text("放弃")
    page.locator("#panel-invest").screenshot(path=str(ARTIFACTS / "invest-panel-phone.png"))
    assert overflow_px(page) <= 1, f"cockpit is {overflow_px(page)}px wider than a phone"
    assert errors == []
