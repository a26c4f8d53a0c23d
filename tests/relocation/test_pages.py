"""The 迁移监测 pages over the dataset: ranking, filters, the enterprise page, the watch forms."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import csrf_of, page_login
from tests.relocation.conftest import Users
from tests.relocation.dataset import IDLE, MOVING, ZERO


def test_pages_rank_explain_and_keep_the_watch_list(users: Users, client: TestClient) -> None:
    page_login(client, "reloc_gov")
    ranking = client.get("/relocation")
    assert ranking.status_code == 200
    html = ranking.text
    assert 'id="relocation-total">4<' in html
    assert html.index(MOVING) < html.index(IDLE) < html.index(ZERO)
    assert "注册地址变更至区外" in html and "+30" in html and "尚未回测" in html
    assert "迁移监测" in client.get("/").text  # the navigation entry
    district = client.get("/relocation", params={"county": "320402"}).text
    assert 'id="relocation-total">1<' in district and ZERO in district
    node = client.get("/relocation", params={"chain_node": "new_energy_vehicle:battery_cell"})
    assert node.status_code == 200
    detail = client.get(f"/relocation/{IDLE}")
    assert detail.status_code == 200 and "42.5" in detail.text and "登记状态变更" in detail.text
    added = client.post(
        "/relocation/watch",
        data={"uscc": IDLE, "note": "已走访", "csrf_token": csrf_of(detail.text)},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == f"/relocation/{IDLE}"
    watched = client.get("/relocation?tab=watch").text
    assert "已走访" in watched and IDLE in watched
    twice = client.post(
        "/relocation/watch", data={"uscc": IDLE, "csrf_token": csrf_of(detail.text)}
    )
    assert twice.status_code == 422 and "已在关注名单中" in twice.text
    removed = client.post(
        f"/relocation/watch/{IDLE}/remove",
        data={"back": "/relocation?tab=watch", "csrf_token": csrf_of(watched)},
        follow_redirects=False,
    )
    assert removed.status_code == 303 and removed.headers["location"] == "/relocation?tab=watch"
    assert "关注名单为空" in client.get("/relocation?tab=watch").text


def test_enterprise_users_do_not_see_the_pages(users: Users, client: TestClient) -> None:
    page_login(client, "reloc_firm")
    assert client.get("/relocation").status_code == 403
    assert client.get(f"/relocation/{IDLE}").status_code == 403
    assert "/relocation" not in client.get("/").text
