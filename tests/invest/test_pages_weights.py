"""The weights form (/invest/weights): bad input refused with the message next to its field and
nothing saved; good input saved (audited) and the ranking follows; readers see the weights
without a form, and their posts are refused."""

from __future__ import annotations

from sqlalchemy import func, select

from industry_brain.audit.models import AuditEvent
from industry_brain.invest.weights import InvestWeight
from tests.conftest import csrf_of, page_login
from tests.invest.pages_support import ALPHA, BETA, NODE, TEMPLATE, PagesApp, pages_app

DEFAULTS = {"fit": "25", "scale": "15", "growth": "10", "innovation": "10", "network": "20",
            "relatedness": "10", "distance": "10"}  # fmt: skip
__all__ = ["pages_app"]


def _saved(app: PagesApp) -> tuple[int, int]:
    with app.database.reader() as db:
        weights = db.scalar(select(func.count()).select_from(InvestWeight)) or 0
        audited = db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.event_type == "invest.weights.update")
        )
    return weights, audited or 0


def _field_error(html: str, field: str) -> str:
    cell = html.split(f'id="weight-{field}"')[1].split("</td>")[0]
    return cell.split(f'id="error-{field}" role="alert">')[1].split("</span>")[0]


def test_bad_weights_are_refused_next_to_the_field_and_nothing_is_saved(
    pages_app: PagesApp,
) -> None:
    client = pages_app.client
    page_login(client, "director")
    form = client.get("/invest/weights").text
    assert 'id="weights-form"' in form and 'value="25"' in form
    token = csrf_of(form)
    for field, value, message in (
        ("innovation", "-5", "“创新能力”的权重不能为负数（-5）"),
        ("scale", "很多", "“规模”的权重“很多”不是数字"),
        ("growth", "nan", "“成长性”的权重必须是有限的数字（不能是 nan）"),
        ("distance", "", "缺少“距离”的权重"),
    ):
        answer = client.post(
            "/invest/weights", data={**DEFAULTS, field: value, "csrf_token": token}
        )
        assert answer.status_code == 422, field
        assert _field_error(answer.text, field) == message
        assert f'name="{field}" value="{value}"' in answer.text  # what was typed is kept
        assert 'aria-invalid="true"' in answer.text
    zero = client.post(
        "/invest/weights", data={**dict.fromkeys(DEFAULTS, "0"), "csrf_token": token}
    )
    assert zero.status_code == 422 and "权重不能全部为零" in zero.text
    assert _saved(pages_app) == (0, 0)


def test_good_weights_are_saved_audited_and_rank_the_candidates(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "data")
    token = csrf_of(client.get("/invest/weights").text)
    weights = {**dict.fromkeys(DEFAULTS, "0"), "fit": "2", "network": "2"}
    saved = client.post("/invest/weights", data={**weights, "csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/invest/weights?saved=true"
    assert "权重已保存" in client.get(saved.headers["location"]).text
    assert _saved(pages_app) == (7, 1)
    page = client.get(f"/invest/gaps/{TEMPLATE}/{NODE}").text
    assert page.index(BETA) < page.index(ALPHA)  # BETA: (80 + 100) / 2 = 90; ALPHA: 70
    assert '<span class="invest-score">90.0</span>' in page
    assert '<span class="invest-score">70.0</span>' in page


def test_readers_see_the_weights_but_cannot_change_them(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    page = client.get("/invest/weights")
    assert page.status_code == 200 and 'id="weights-table"' in page.text
    assert 'id="weights-form"' not in page.text and "只有数据管理员和政府机构管理员" in page.text
    posted = client.post("/invest/weights", data={**DEFAULTS, "csrf_token": csrf_of(page.text)})
    assert posted.status_code == 403
    assert _saved(pages_app) == (0, 0)
