"""The enterprise profile (企业画像) on the known cluster: exact figures through the API and the
page, who may read it, and personal fields masked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.audit.models import AuditEvent
from industry_brain.chain.models import ChainRun
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.conftest import api_token, bearer, csrf_of, page_login
from tests.enterprise.conftest import KnownApp, enterprise_org
from tests.factories import make_org, make_user
from tests.known_cluster import ALPHA, ALPHA_FORMER, ALPHA_NAME, BETA, GAMMA, known_cluster
from tests.warehouse.conftest import Importer, write_csv

__all__ = ["known_cluster"]
NOWHERE = "91330100MA0000999X"


def _profile(app: KnownApp, code: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = app.client.get(f"/api/v1/enterprises/{code}", headers=headers or app.government)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_alpha_names_months_and_tags(known_app: KnownApp) -> None:
    alpha = _profile(known_app, ALPHA)
    assert alpha["profile"]["name"] == ALPHA_NAME and alpha["region_name"] == "江苏省常州市武进区"
    names = [(n["name"], n["is_current"], n["last_seen_on"], n["sources"]) for n in alpha["names"]]
    assert names[1] == (ALPHA_FORMER, False, "2024-03-01", ["名称变更事件"])
    assert names[0][:2] == (ALPHA_NAME, True) and len(names) == 2
    months = alpha["months"]
    assert (months["periods"][0], months["periods"][-1], len(months["periods"])) == (
        "2022-01",
        "2024-12",
        36,
    )
    # 2022 not reported: gaps (null), not zeros; then 100 a month, then 120.
    assert months["revenue_wan_yuan"] == [None] * 12 + [100.0] * 12 + [120.0] * 12
    assert months["employees"] == [None] * 12 + [100] * 12 + [110] * 12
    for absent in ("output_value_wan_yuan", "tax_wan_yuan", "electricity_kwh"):
        assert months[absent] == [None] * 36
    assert months["reported_months"] == 24
    tags = [(t["label"], t["kind"], t["href"]) for t in alpha["tags"]]
    assert tags == [
        ("规上", "scale", "/enterprises?tag=%E8%A7%84%E4%B8%8A"),
        (
            "高新技术企业",
            "honor",
            "/enterprises?tag=%E9%AB%98%E6%96%B0%E6%8A%80%E6%9C%AF%E4%BC%81%E4%B8%9A",
        ),
        ("本地企业", "locality", "/enterprises?local=true"),
        ("存续", "status", "/enterprises?status=%E5%AD%98%E7%BB%AD"),
    ]


def test_alpha_scores_show_their_inputs(known_app: KnownApp) -> None:
    scores = {s["key"]: s for s in _profile(known_app, ALPHA)["scores"]}
    growth, innovation, stability = scores["growth"], scores["innovation"], scores["stability"]
    assert (growth["score"], innovation["score"], stability["score"]) == (67, 60, 100)
    # 0.7·(50+20) + 0.3·(50+10); the months reported are shown but give no points.
    assert [c["points"] for c in growth["components"]] == [49.0, 18.0, None]
    assert [c["value"] for c in growth["components"]][:2] == ["+20.00%", "+10.00%"]
    # min(30, 6·2) + min(10, 3) + 20 (高新) + 0 (专精特新 expired) + min(25, 5·5.0)
    assert [c["points"] for c in innovation["components"]] == [12.0, 3.0, 20.0, 0.0, 25.0]
    assert innovation["components"][4]["value"] == "5.00%"
    # 100 · 24/24 · (1 − 0/100)
    assert [c["factor"] for c in stability["components"]] == [None, 1.0, 1.0]
    assert all(s["reason"] is None for s in scores.values())
    assert _profile(known_app, ALPHA)["scores_as_of"] == "2024-12-01"


def test_beta_has_no_growth_or_stability_and_says_why(known_app: KnownApp) -> None:
    beta = _profile(known_app, BETA)
    scores = {s["key"]: s for s in beta["scores"]}
    assert scores["growth"]["score"] is None
    assert scores["growth"]["reason"] == (
        "数据不足：近12个月报送 12 个月、前12个月报送 0 个月，各需至少 6 个月"
    )
    assert scores["stability"]["score"] is None
    assert "仅 0 个月有营业收入同比增速" in scores["stability"]["reason"]
    assert scores["innovation"]["score"] == 0 and scores["innovation"]["reason"] is None
    assert beta["months"]["revenue_wan_yuan"] == [None] * 24 + [50.0, 150.0] * 6
    assert [t["label"] for t in beta["tags"]] == ["本地企业", "存续"]


def test_suppliers_customers_and_events(known_app: KnownApp) -> None:
    alpha = _profile(known_app, ALPHA)
    suppliers = [
        (r["uscc"], r["product_name"], r["amount_12m_wan_yuan"], r["amount_total_wan_yuan"])
        for r in alpha["relations"]["suppliers"]
    ]
    assert suppliers == [(BETA, "正极材料", 30.0, 35.0), (GAMMA, "芯片", 7.0, 7.0)]
    assert alpha["relations"]["customers"] == [] and alpha["relations"]["suppliers_total"] == 2
    assert alpha["relations"]["suppliers"][0]["name"] == "常州乙材料有限公司"
    assert alpha["relations"]["suppliers"][0]["in_warehouse"] is True
    customers = _profile(known_app, GAMMA)["relations"]["customers"]
    assert [(c["uscc"], c["name"], c["amount_12m_wan_yuan"]) for c in customers] == [
        (ALPHA, ALPHA_NAME, 7.0)
    ]
    events = [(e["event_date"], e["category"], e["event_type"]) for e in alpha["events"]]
    assert events == [
        ("2024-03-01", "登记变更", "名称变更"),
        ("2023-11-06", "资质荣誉", "认定"),
        ("2017-12-31", "资质荣誉", "认定"),
    ]
    assert alpha["events"][0]["before_value"] == ALPHA_FORMER


def test_gamma_moved_out_scores_zero_stability(known_app: KnownApp) -> None:
    gamma = _profile(known_app, GAMMA)
    stability = next(s for s in gamma["scores"] if s["key"] == "stability")
    assert stability["score"] == 0 and stability["reason"] is None
    assert stability["components"][0] == {
        "label": "登记状态",
        "value": "迁出",
        "points": None,
        "factor": 0.0,
        "rule": "迁出、注销或吊销的企业计 0 分",
    }
    assert [t["label"] for t in gamma["tags"]] == ["区外企业", "迁出"]


def test_an_enterprise_reads_its_own_profile_and_no_other(known_app: KnownApp) -> None:
    client = known_app.client
    assert _profile(known_app, ALPHA, known_app.alpha)["profile"]["uscc"] == ALPHA
    other = client.get(f"/api/v1/enterprises/{BETA}", headers=known_app.alpha)
    missing = client.get(f"/api/v1/enterprises/{NOWHERE}", headers=known_app.alpha)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()  # the same answer: no hint that BETA exists
    assert client.get(f"/api/v1/enterprises/{ALPHA}", headers=known_app.beta).status_code == 404
    assert client.get(f"/api/v1/enterprises/{ALPHA}", headers=known_app.auditor).status_code == 403
    assert client.get("/api/v1/enterprises/search?q=甲", headers=known_app.alpha).status_code == 403
    with known_app.database.reader() as db:
        denials = db.scalars(
            select(AuditEvent).where(
                AuditEvent.event_type == "access.denied", AuditEvent.username == "known_alpha"
            )
        ).all()
    paths = [json.loads(e.detail)["path"] for e in denials]
    assert f"/api/v1/enterprises/{BETA}" in paths and f"/api/v1/enterprises/{NOWHERE}" in paths


def test_the_page_shows_every_part_and_its_chart_data(known_app: KnownApp) -> None:
    client = known_app.client
    page_login(client, "known_gov")
    page = client.get(f"/enterprises/{ALPHA}")
    assert page.status_code == 200
    html = page.text
    assert '<link rel="stylesheet" href="/static/css/profile.css">' in html
    assert "曾用名" in html and ALPHA_FORMER in html
    assert 'data-chart="revenue_wan_yuan"' in html and 'data-chart="employees"' in html
    assert 'data-chart="tax_wan_yuan"' not in html
    assert "近36个月未报送：工业总产值（万元）、税收（万元）、用电量（千瓦时）。" in html
    assert '<strong class="score-value">67</strong>' in html and 'id="relations-graph"' in html
    assert f'<a href="/enterprises/{BETA}">常州乙材料有限公司</a>' in html
    assert html.index("2024-03-01</time>") < html.index("2023-11-06</time>")
    marker = '<script type="application/json" id="profile-data">'
    start = html.index(marker) + len(marker)
    charts = json.loads(html[start : html.index("</script>", start)])
    assert charts["months"]["revenue_wan_yuan"][12] == 100.0 and charts["links"] is True
    assert (
        '<strong class="score-missing">数据不足</strong>' in client.get(f"/enterprises/{BETA}").text
    )
    client.post("/logout", data={"csrf_token": csrf_of(html)})


def test_the_own_enterprise_page_has_no_links_to_others(known_app: KnownApp) -> None:
    client = known_app.client
    page_login(client, "known_alpha")
    own = client.get(f"/enterprises/{ALPHA}")
    assert own.status_code == 200 and ALPHA_NAME in own.text
    assert (
        f'href="/enterprises/{BETA}"' not in own.text and 'href="/enterprises?tag=' not in own.text
    )
    assert client.get(f"/enterprises/{BETA}").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_of(own.text)})


def test_a_chain_leader_is_tagged_with_its_chain(
    known_cluster: PipelineReport, client: TestClient, db: Session, database: Database
) -> None:
    with database.writer() as writer:
        run = writer.scalars(
            select(ChainRun).where(ChainRun.template_id == "new_energy_vehicle")
        ).one()
        run.leaders = json.dumps(
            [{"uscc": ALPHA, "name": ALPHA_NAME, "node_id": "cathode", "score": 0.9}]
        )
        writer.commit()
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    tags = client.get(f"/api/v1/enterprises/{ALPHA}", headers=bearer(api_token(client, "gov")))
    leader = [t for t in tags.json()["tags"] if t["kind"] == "leader"]
    assert [(t["label"], t["href"]) for t in leader] == [("链主", "/chain/new_energy_vehicle")]
    assert leader[0]["title"].startswith("新能源汽车") and "正极材料" in leader[0]["title"]


def test_personal_fields_are_masked_but_for_data_admins(
    tmp_path: Path,
    do_import: Importer,
    settings: Settings,
    database: Database,
    client: TestClient,
    db: Session,
) -> None:
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.pipeline.run import run_pipeline
    from tests.warehouse.test_classification import LINES

    assert do_import("registry", write_csv(tmp_path / "r.csv", LINES)).accepted == 2
    run_pipeline(settings=settings, database=database, actor=Principal.system("test"))
    code = LINES[1].split(",")[0]
    enterprise_org(database, name="本企业", uscc=code, username="own")
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    operator = make_org(db, org_type=OrgType.OPERATOR)
    make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
    seen = {}
    for user in ("gov", "own", "data"):
        headers = bearer(api_token(client, user))
        facts = client.get(f"/api/v1/enterprises/{code}", headers=headers).json()["profile"]
        seen[user] = (facts["legal_representative"], facts["contact_phone"])
    assert seen["gov"] == seen["own"] == ("张**", "138****5678")
    assert seen["data"][1] == "13812345678"
    assert db.execute(text("SELECT count(*) FROM ads_enterprise_profile")).scalar() == 2
