"""The pages: the catalogue with its filters, an offering with the request form, the
provider's form with each problem next to its field, both sides' request controls, and the
navigation entries per organisation type."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from industry_brain.catalogue.actions import do_set_active
from tests.catalogue.support import counts, make_world, offer
from tests.conftest import csrf_of, page_login


def _nav(page: str) -> list[str]:
    nav = page[page.index('id="main-nav"') : page.index("</nav>")]
    return re.findall(r">([^<>]+)</a>", nav)


def test_catalogue_and_offering_pages(client: TestClient, db: Session) -> None:
    world = make_world(db)
    mes = offer(db, world.provider)
    offer(db, world.other_provider, title="发明专利申请代理", category="知识产权",
          description="技术交底、检索、撰写与答复审查意见。")  # fmt: skip
    page_login(client, "firm")
    page = client.get("/services/catalogue", params={"category": "知识产权"}).text
    assert 'id="catalogue-total">1<' in page and "发明专利申请代理" in page
    assert "MES 制造执行系统实施" not in page and "乙知识产权事务所" in page
    assert "服务目录" in _nav(page) and "我的服务" not in _nav(page)
    detail = client.get(f"/services/catalogue/{mes}").text
    assert 'id="request-form"' in detail and "150,000–600,000 元/项目" in detail
    assert "某汽车零部件厂" in detail
    sent = client.post(f"/services/catalogue/{mes}/requests",
                       data={"csrf_token": csrf_of(detail), "message": "请上门调研"},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"].startswith("/services/requests")
    mine = client.get("/services/requests?notice=created").text
    assert "需求已提交" in mine and "请上门调研" in mine and "待响应" in mine


def test_a_refused_request_shows_the_message(client: TestClient, db: Session) -> None:
    world = make_world(db)
    gone = offer(db, world.provider)
    page_login(client, "firm")
    token = csrf_of(client.get(f"/services/catalogue/{gone}").text)
    do_set_active(db, actor=world.provider, offering_id=gone, active=False)
    before = counts(db)
    refused = client.post(f"/services/catalogue/{gone}/requests",
                          data={"csrf_token": token, "message": "请上门调研"})  # fmt: skip
    assert refused.status_code == 409
    assert "该服务已下架，服务机构不再提供，无法提交需求" in refused.text
    assert counts(db) == before


def test_provider_form_names_each_problem(client: TestClient, db: Session) -> None:
    make_world(db)
    page_login(client, "provider")
    form = client.get("/services/provider/offerings/new").text
    assert "我的服务" in _nav(form)
    before = counts(db)
    bad = client.post("/services/provider/offerings", data={
        "csrf_token": csrf_of(form), "title": "MES", "category": "", "description": "短",
        "price_min": "abc", "price_max": "100", "price_unit": "元/项目",
        "case_title": ["案例甲", ""], "case_text": ["", ""]})  # fmt: skip
    assert bad.status_code == 422
    errors = dict(re.findall(r'id="error-(\w+)" role="alert">([^<]+)<', bad.text))
    assert errors == {
        "category": "请选择服务类别：数字化改造、标准规范、知识产权、法律、检验检测、人才培训",
        "description": "服务内容至少 10 字，说明做什么、怎么做、交付什么",
        "price_min": "请填写数字（元），如 5000",
        "cases": "第 1 个案例请同时填写名称和内容",
    }
    assert 'value="MES"' in bad.text and counts(db) == before
    good = client.post("/services/provider/offerings", data={
        "csrf_token": csrf_of(form), "title": "MES 实施", "category": "数字化改造",
        "tags": "MES，智能制造", "description": "部署制造执行系统，打通计划与报工。",
        "price_min": "50,000", "price_max": "", "price_unit": "元/项目",
        "case_title": ["案例甲"], "case_text": ["上线报工"]}, follow_redirects=False)  # fmt: skip
    assert (good.status_code, good.headers["location"]) == (
        303,
        "/services/provider?notice=created",
    )
    page = client.get("/services/provider?notice=created").text
    assert "服务已发布" in page and "50,000 元/项目 起" in page
    oid = int(re.search(r'id="my-offering-(\d+)"', page).group(1))  # type: ignore[union-attr]
    edit = client.get(f"/services/provider/offerings/{oid}/edit").text
    assert 'value="MES、智能制造"' in edit and 'value="50000"' in edit


def test_both_sides_work_a_request_in_pages(client: TestClient, db: Session) -> None:
    world = make_world(db)
    mes = offer(db, world.provider)
    page_login(client, "firm")
    token = csrf_of(client.get(f"/services/catalogue/{mes}").text)
    client.post(f"/services/catalogue/{mes}/requests", data={"csrf_token": token,
                                                             "message": "请上门调研"})  # fmt: skip
    client.post("/logout", data={"csrf_token": token})
    page_login(client, "provider")
    inbox = client.get("/services/provider").text
    rid = int(re.search(r'id="request-(\d+)"', inbox).group(1))  # type: ignore[union-attr]
    token = csrf_of(inbox)
    url = f"/services/requests/{rid}/status"
    empty = client.post(url, data={"csrf_token": token, "to": "已响应", "note": ""})
    assert empty.status_code == 422 and "请填写响应内容" in empty.text
    for to, note in (("已响应", "周二上门"), ("进行中", ""), ("已完成", "")):
        done = client.post(url, data={"csrf_token": token, "to": to, "note": note},
                           follow_redirects=False)  # fmt: skip
        assert done.headers["location"] == f"/services/provider#request-{rid}"
    client.post("/logout", data={"csrf_token": token})
    page_login(client, "firm")
    mine = client.get("/services/requests").text
    assert 'data-form="rate"' in mine and "周二上门" in mine
    token = csrf_of(mine)
    rated = client.post(f"/services/requests/{rid}/rating",
                        data={"csrf_token": token, "score": "4", "comment": "专业"})  # fmt: skip
    assert rated.status_code == 200 and "★★★★☆ 4 分，专业" in rated.text
    assert 'data-form="rate"' not in rated.text
    again = client.post(
        f"/services/requests/{rid}/rating", data={"csrf_token": token, "score": "1"}
    )
    assert again.status_code == 409 and "该需求已评价过" in again.text


def test_pages_refused_by_organisation_type(client: TestClient, db: Session) -> None:
    world = make_world(db)
    mes = offer(db, world.provider)
    page_login(client, "gov")
    page = client.get(f"/services/catalogue/{mes}").text
    assert 'id="request-form"' not in page and "服务目录" in _nav(page)
    assert client.get("/services/provider").status_code == 403
    page_login(client, "provider2")
    assert client.get(f"/services/provider/offerings/{mes}/edit").status_code == 403
