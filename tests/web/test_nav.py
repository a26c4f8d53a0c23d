"""The navigation marks the page the user is on: the item with the longest link that the path
is, or is below (so /invest/leads marks 招商线索, not 精准招商 too)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType
from tests.conftest import page_login
from tests.factories import make_org, make_user

CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')


def test_only_the_deepest_matching_item_is_current(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    page_login(client, "gov")
    expected = {
        "/invest/leads": ["/invest/leads"],
        "/invest": ["/invest"],
        "/alerts/rules": ["/alerts"],
        "/cockpit": ["/cockpit"],
        "/": ["/"],
    }
    for path, current in expected.items():
        page = client.get(path)
        assert page.status_code == 200, path
        nav = page.text.split('id="main-nav"')[1].split("</nav>")[0]
        assert CURRENT.findall(nav) == current, path


def test_the_header_counts_unread_notifications(client: TestClient, db: Session) -> None:
    from industry_brain.notifications.service import notify

    org = make_org(db, org_type=OrgType.GOVERNMENT)
    make_user(db, org=org, username="gov")
    page_login(client, "gov")
    assert 'class="badge"' not in client.get("/").text
    for title in ("新政策匹配", "服务需求已响应"):
        notify(db, org_id=org.id, title=title, link="/notifications", kind="test")
    db.commit()
    header = client.get("/").text.split("</header>")[0]
    assert '<span class="badge" aria-label="2 条未读">2</span>' in header


GROUP = re.compile(
    r'<details class="nav-group">\s*<summary( class="is-current")?>([^<]+)</summary>'
)


def _nav(page: str) -> str:
    return page.split('id="main-nav"')[1].split("</nav>")[0]


def test_a_long_bar_is_grouped_into_menus(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    page_login(client, "gov")
    nav = _nav(client.get("/invest/leads").text)
    groups = [(name, bool(current)) for current, name in GROUP.findall(nav)]
    assert [name for name, _ in groups] == ["产业分析", "招商", "企业服务", "更多"]
    assert [name for name, current in groups if current] == ["招商"]  # the page's own menu
    menu = nav.split("<summary>产业分析</summary>")[1].split("</details>")[0]
    assert re.findall(r'<a href="([^"]+)"', menu) == [
        "/map", "/chain", "/monitor", "/alerts", "/relocation"
    ]  # fmt: skip
    bar = re.sub(r"<details.*?</details>", "", nav, flags=re.S)
    # A group of one link (数据, 管理: one link each for this user) stays a link on the bar.
    assert re.findall(r'<a href="([^"]+)"', bar) == ["/", "/cockpit", "/catalog", "/evaluation"]


def test_a_short_bar_stays_flat(client: TestClient, db: Session) -> None:
    org = make_org(db, org_type=OrgType.ENTERPRISE)
    make_user(db, org=org, username="ent")
    page_login(client, "ent")
    nav = _nav(client.get("/").text)
    assert "<details" not in nav
    assert "政策匹配" in nav and "数字化诊断" in nav
