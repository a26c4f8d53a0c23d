"""Who may do what, through the API: providers manage only their own offerings, enterprises
ask and rate, government users read requests, another provider does not learn of a request."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.catalogue.support import counts, make_world, offering_in
from tests.conftest import api_token, bearer

API = "/api/v1/services/catalogue"


def _body(**overrides: object) -> dict[str, object]:
    return offering_in(**overrides).model_dump(mode="json")


def _tokens(client: TestClient) -> dict[str, dict[str, str]]:
    names = ("provider", "provider2", "firm", "firm2", "gov", "catadmin")
    return {name: bearer(api_token(client, name)) for name in names}


def test_access_per_organisation_type(client: TestClient, db: Session) -> None:
    make_world(db)
    who = _tokens(client)
    assert client.post(API, json=_body(), headers=who["firm"]).status_code == 403
    assert client.post(API, json=_body(), headers=who["gov"]).status_code == 403
    bad = client.post(API, json=_body(title="", price_min="-5"), headers=who["provider"])
    assert (bad.status_code, bad.json()["problems"]) == (
        422, {"title": "请填写服务名称", "price_min": "价格下限不能为负数"})  # fmt: skip
    made = client.post(API, json=_body(), headers=who["provider"])
    assert made.status_code == 201, made.text
    oid = made.json()["id"]
    assert made.json()["price_label"] == "150,000–600,000 元/项目"
    assert client.put(f"{API}/{oid}", json=_body(), headers=who["provider2"]).status_code == 403
    for name in who:
        found = client.get(API, params={"category": "数字化改造"}, headers=who[name]).json()
        assert [item["id"] for item in found["items"]] == [oid], name
    assert client.post(f"{API}/{oid}/requests", json={"message": "我们也想要"},
                       headers=who["provider"]).status_code == 403  # fmt: skip
    asked = client.post(
        f"{API}/{oid}/requests", json={"message": "请联系我们"}, headers=who["firm"]
    )
    assert asked.status_code == 201, asked.text
    rid = asked.json()["id"]
    assert client.get(f"{API}/requests/{rid}", headers=who["provider2"]).status_code == 404
    assert client.get(f"{API}/requests/{rid}", headers=who["firm2"]).status_code == 404
    assert client.get(f"{API}/requests/{rid}", headers=who["gov"]).status_code == 200
    move = {"to": "已取消", "note": "代为取消"}
    assert client.post(f"{API}/requests/{rid}/status", json=move,
                       headers=who["gov"]).status_code == 403  # fmt: skip
    lists = {name: [r["id"] for r in client.get(f"{API}/requests", headers=who[name]).json()]
             for name in who}  # fmt: skip
    assert lists == {"provider": [rid], "provider2": [], "firm": [rid], "firm2": [],
                     "gov": [rid], "catadmin": [rid]}  # fmt: skip
    down = client.post(f"{API}/{oid}/deactivate", headers=who["catadmin"])
    assert (down.status_code, down.json()["active"]) == (200, False)


def test_a_request_to_an_inactive_offering_is_refused(client: TestClient, db: Session) -> None:
    make_world(db)
    who = _tokens(client)
    oid = client.post(API, json=_body(), headers=who["provider"]).json()["id"]
    client.post(f"{API}/{oid}/deactivate", headers=who["provider"])
    before = counts(db)
    refused = client.post(f"{API}/{oid}/requests", json={"message": "请联系我们"},
                          headers=who["firm"])  # fmt: skip
    assert (refused.status_code, refused.json()["detail"]) == (
        409, "该服务已下架，服务机构不再提供，无法提交需求；请选择其他服务")  # fmt: skip
    missing = client.post(
        f"{API}/999/requests", json={"message": "请联系我们"}, headers=who["firm"]
    )
    assert (missing.status_code, missing.json()["detail"]) == (
        404, "该服务不存在或已被删除，无法提交需求")  # fmt: skip
    assert counts(db)["requests"] == before["requests"] == 0
    assert counts(db)["messages"] == before["messages"]
    assert client.get(API, headers=who["firm"]).json()["total"] == 0
    assert client.get(f"{API}/mine", headers=who["provider"]).json()["total"] == 1


def test_the_lifecycle_through_the_api(client: TestClient, db: Session) -> None:
    make_world(db)
    who = _tokens(client)
    oid = client.post(API, json=_body(), headers=who["provider"]).json()["id"]
    rid = client.post(f"{API}/{oid}/requests", json={"message": "请联系我们"},
                      headers=who["firm"]).json()["id"]  # fmt: skip
    steps = [("已响应", "明天联系"), ("进行中", ""), ("已完成", "")]
    for to, note in steps:
        moved = client.post(f"{API}/requests/{rid}/status", json={"to": to, "note": note},
                            headers=who["provider"])  # fmt: skip
        assert (moved.status_code, moved.json()["status"]) == (200, to)
    early = client.post(f"{API}/requests/{rid}/rating", json={"score": 6}, headers=who["firm"])
    assert early.status_code == 422
    rated = client.post(f"{API}/requests/{rid}/rating", json={"score": 5, "comment": "好"},
                        headers=who["firm"])  # fmt: skip
    assert (rated.status_code, rated.json()["rating_score"]) == (201, 5)
    again = client.post(f"{API}/requests/{rid}/rating", json={"score": 1}, headers=who["firm"])
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "该需求已评价过，每个需求只能评价一次",
    )
    detail = client.get(f"{API}/{oid}", headers=who["gov"]).json()
    assert (detail["rating_average"], detail["rating_count"], detail["cases"]) == (
        5.0, 1, [{"title": "某汽车零部件厂", "text": "上线报工与追溯"}])  # fmt: skip
