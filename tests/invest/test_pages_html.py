"""The 招商 pages over the known dataset: the gap list, a gap's candidates with factor bars,
filters and paging, the empty gap, one candidate with its sentences and evidence, the lead
form or the link to the lead, the map's data, and refusals for enterprises and banks."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.invest import pool_store
from industry_brain.invest.lead_actions import do_create_lead
from industry_brain.invest.lead_schemas import LeadIn
from tests.conftest import page_login
from tests.invest.pages_support import (
    ALPHA,
    BETA,
    BLANK,
    EMPTY,
    FILLERS,
    NODE,
    PV,
    PV_NODE,
    TEMPLATE,
    WEAK,
    PagesApp,
    make_users,
    pages_app,
)

GAP = f"/invest/gaps/{TEMPLATE}/{NODE}"
__all__ = ["pages_app"]


def _rows(html: str) -> list[str]:
    """Return the candidate table's rows."""
    body = html.split('id="invest-candidates"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return body.split("<tr>")[1:]


def test_gap_list_ranks_gaps_and_chooses_the_template(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    html = client.get("/invest").text
    assert 'href="/invest">精准招商</a>' in client.get("/").text  # the navigation entry
    assert 'id="invest-gap-count">4<' in html
    order = [html.index(f'href="/invest/gaps/{TEMPLATE}/{node}"') for node in (NODE, WEAK, EMPTY)]
    assert order == sorted(order) and html.index(f"/invest/gaps/{PV}/{PV_NODE}") > order[-1]
    assert ">100.0<" in html and ">75.0<" in html and "26 家" in html
    assert "暂无候选企业" in html and "建议补链（引进企业填补缺失环节）" in html
    assert f"/invest/map?template={TEMPLATE}&amp;node={NODE}" in html
    only_pv = client.get("/invest", params={"template": PV}).text
    assert 'id="invest-gap-count">1<' in only_pv and f"/invest/gaps/{TEMPLATE}/" not in only_pv


def test_gap_page_shows_factor_bars_missing_factors_and_the_backtest(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    html = client.get(GAP).text
    assert 'id="invest-total">26<' in html
    rows = _rows(html)
    assert len(rows) == 20 and BETA in rows[0] and ALPHA in rows[1]
    assert rows[0].count('<span class="fac-') == 5 and "75.0" in rows[0]
    assert 'class="fac-fit" style="width: 25.00%"' in rows[0]
    swatch = '<span class="swatch missing"></span>'
    assert re.findall(r'<li class="factor-missing".*?</li>', rows[0]) == [
        '<li class="factor-missing" title="创新能力未知：仓库尚无专利与资质荣誉数据">'
        f"{swatch}创新能力 <strong>未知</strong></li>",
        '<li class="factor-missing" title="距离未知：没有企业或其所在区划的坐标">'
        f"{swatch}距离 <strong>未知</strong></li>",
    ]
    assert rows[1].count('<span class="fac-') == 7 and "factor-missing" not in rows[1]
    assert "排序回测" in html and "合成数据" in html and "以 2024-06 为截止月回放排序" in html
    assert "前 10 名命中率 <strong>25%（随机排序 2%）</strong>" in html
    assert "落地企业的排名中位数 <strong>14</strong>" in html
    assert "截止月后落地的区外企业 <strong>60 家，其中 48 家当时在候选池中</strong>" in html
    assert "演示数据（合成）" in html
    assert f'href="{GAP}/export.xlsx"' in html and "在地图上查看" in html
    second = client.get(GAP, params={"page": 2}).text
    assert [BLANK in row for row in _rows(second)] == [False] * 5 + [True]
    assert "第 2 / 2 页" in second and FILLERS[0] in _rows(second)[4]


def test_gap_page_filters_and_says_when_nothing_is_left(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    fujian = client.get(GAP, params={"province": "350000"}).text
    assert 'id="invest-total">1<' in fujian and len(_rows(fujian)) == 1
    assert '<option value="350000" selected>' in fujian
    assert f"{GAP}/export.xlsx?province=350000" in fujian
    high = client.get(GAP, params={"min_score": "60"}).text
    assert [BETA in row for row in _rows(high)] == [True]
    none = client.get(GAP, params={"min_score": "99"}).text
    assert "没有符合筛选条件的候选企业" in none and "export.xlsx" not in none
    assert client.get(GAP, params={"min_score": "abc"}).status_code == 422
    too_high = client.get(GAP, params={"min_score": "150"})
    assert too_high.status_code == 422 and "最低得分须在 0–100 之间" in too_high.text
    as_sent = client.get(GAP, params={"province": "", "min_score": ""})  # the form's "全部"
    assert as_sent.status_code == 200 and 'id="invest-total">26<' in as_sent.text


def test_a_gap_without_candidates_says_so(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    empty = client.get(f"/invest/gaps/{TEMPLATE}/{EMPTY}")
    assert empty.status_code == 200
    assert "该缺口没有候选企业" in empty.text and "智能座舱" in empty.text
    assert "export.xlsx" not in empty.text
    not_a_gap = client.get(f"/invest/gaps/{TEMPLATE}/vehicle_manufacturing").text
    assert "不是缺口" in not_a_gap
    assert client.get(f"/invest/gaps/{TEMPLATE}/nothing").status_code == 404


def test_candidate_page_explains_each_factor_and_offers_the_lead(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    html = client.get(f"{GAP}/candidates/{ALPHA}").text
    assert "深圳甲动力电池有限公司" in html and "第 2 名" in html
    assert f'href="/enterprises/{ALPHA}"' in html
    for sentence in (
        "分类器以 90% 的置信度将其归入“动力电池”（主环节），依据：产品：动力电池",
        "近12个月营业收入 250,000 万元",
        "发明专利 5 件、其他专利 0 件",
        "距集群区域中心约 1,200 公里（深圳市，按登记坐标）",
    ):
        assert sentence in html, sentence
    factors = html.split('id="factors"')[1].split("</table>")[0]
    assert factors.count("<tr class=") == 7 and "<strong>59.5</strong>" in factors
    assert "<strong>22.5</strong>" in factors and "25（25%）" in factors
    assert "原始数据" in html and "锂离子电池制造" in html and "常州丙汽车有限公司" in html
    form = html.split('id="lead-form"')[1].split("</form>")[0]
    for field in (f'name="uscc" value="{ALPHA}"', f'value="{TEMPLATE}"', f'value="{NODE}"'):
        assert field in form
    assert 'action="/invest/leads"' in html and 'name="csrf_token"' in form
    beta = client.get(f"{GAP}/candidates/{BETA}").text
    missing = beta.split('id="factor-innovation"')[1].split("</tr>")[0]
    assert "未知" in missing and "不计分" in missing and "factor-row-missing" in beta


def test_candidate_already_a_lead_links_to_it(pages_app: PagesApp) -> None:
    with pages_app.database.writer() as db:
        data = LeadIn(uscc=ALPHA, template_id=TEMPLATE, node_id=NODE)
        lead = do_create_lead(db, actor=Principal.system("test"), data=data)
        lead_id = lead.id
    client = pages_app.client
    page_login(client, "analyst")
    html = client.get(f"{GAP}/candidates/{ALPHA}").text
    assert f'href="/invest/leads/{lead_id}"' in html and 'id="lead-form"' not in html


def test_map_page_carries_the_points_and_the_cluster(pages_app: PagesApp) -> None:
    client = pages_app.client
    page_login(client, "analyst")
    html = client.get("/invest/map", params={"template": TEMPLATE, "node": NODE}).text
    raw = html.split('class="invest-map-data">')[1].split("</script>")[0]
    config = json.loads(raw)
    assert config["total"] == 26 and config["drawn"] == 24 and config["without_coordinates"] == 2
    assert config["points"][0]["uscc"] == ALPHA and config["points"][0]["score"] == 59.5
    assert config["cluster"]["region_code"] == "320400" and config["geo_url"].endswith("100000")
    assert 'id="invest-map-drawn">24<' in html and "2 家没有坐标" in html
    empty = client.get("/invest/map", params={"template": TEMPLATE, "node": EMPTY}).text
    assert "该缺口没有候选企业" in empty and "invest-map-data" not in empty
    assert client.get("/invest/map", params={"template": TEMPLATE}).status_code == 422


def _refused(client: TestClient) -> None:
    for url in ("/invest", GAP, f"{GAP}/candidates/{ALPHA}", "/invest/weights",
                f"/invest/map?template={TEMPLATE}&node={NODE}", f"{GAP}/export.xlsx"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert 'href="/invest"' not in client.get("/").text


def test_enterprise_and_bank_users_are_refused(pages_app: PagesApp) -> None:
    for username in ("firm", "banker"):
        pages_app.client.cookies.clear()
        page_login(pages_app.client, username)
        _refused(pages_app.client)


def test_before_any_pipeline_run_the_pages_say_what_to_do(
    client: TestClient, database: Database
) -> None:
    pool_store.clear_cache()
    make_users(database)
    page_login(client, "analyst")
    index = client.get("/invest").text
    assert "尚无缺口：导入数据并运行数据管道" in index
    gap = client.get(GAP)
    assert gap.status_code == 200 and "该缺口没有候选企业" in gap.text
    assert "排序尚未回测" in gap.text
    drawn = client.get("/invest/map", params={"template": TEMPLATE, "node": NODE}).text
    assert 'id="invest-map-total">0<' in drawn and "尚未设置集群区域" in drawn
