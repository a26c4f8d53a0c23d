"""The 招商 JSON API over the known dataset: gaps by priority, ranked candidates with exact
scores and factors, paging and filters, one candidate's evidence, the weights (GET, PUT with
refusals that save nothing), 403 for enterprises and banks, and the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import func, select

from industry_brain.audit.models import AuditEvent
from industry_brain.invest.weights import InvestWeight
from tests.invest.pages_support import (
    ALPHA,
    BETA,
    BLANK,
    EMPTY,
    FILLERS,
    NODE,
    PV_NODE,
    TEMPLATE,
    WEAK,
    PagesApp,
    pages_app,
)

API = "/api/v1/invest"
CANDIDATES = f"{API}/gaps/{TEMPLATE}/{NODE}/candidates"
__all__ = ["pages_app"]


def test_gaps_are_ranked_by_priority_with_reasons_and_candidate_counts(pages_app: PagesApp) -> None:
    gaps = pages_app.client.get(f"{API}/gaps", headers=pages_app.analyst).json()
    assert [(g["node_id"], g["priority"], g["candidates"]) for g in gaps] == [
        (NODE, 100.0, 26),
        (WEAK, 75.0, 1),
        (EMPTY, 70.0, 0),
        (PV_NODE, 60.0, 0),
    ]
    first = gaps[0]
    assert first["health_label"] == "缺失" and first["suggestion"] == "补链"
    assert first["reason"].startswith("缺失环节：本地没有企业")
    assert first["href"] == f"/invest/gaps/{TEMPLATE}/{NODE}"
    assert gaps[1]["dependence_pct"] == 80.0 and "80% 来自区外" in gaps[1]["reason"]


def test_candidates_carry_exact_scores_and_every_factor(pages_app: PagesApp) -> None:
    page = pages_app.client.get(CANDIDATES, params={"limit": 3}, headers=pages_app.analyst).json()
    assert page["total"] == 26 and page["gap"]["priority"] == 100.0
    assert [(c["uscc"], c["score"], c["position"]) for c in page["items"]] == [
        (BETA, 75.0, 1),
        (ALPHA, 59.5, 2),
        (FILLERS[-1], 32.0, 3),
    ]
    beta = page["items"][0]
    assert beta["missing"] == ["innovation", "distance"]
    by_id = {f["id"]: f for f in beta["factors"]}
    assert by_id["fit"] == {
        "id": "fit", "label": "环节匹配度", "value": 80.0, "weight": 25.0,
        "effective_weight": 0.3125, "contribution": 25.0, "missing": False,
        "sentence": "分类器以 80% 的置信度将其归入“动力电池”（主环节）",
    }  # fmt: skip
    assert by_id["innovation"]["contribution"] is None and by_id["innovation"]["missing"]
    assert sum(f["contribution"] or 0 for f in beta["factors"]) == beta["score"]
    assert page["evaluation"]["synthetic"] is True
    assert page["evaluation"]["figures"]["hit_rate_at_10"] == 0.25
    assert page["evaluation"]["cutoff"] == "2024-06"


def test_candidates_page_and_filter(pages_app: PagesApp) -> None:
    second = pages_app.client.get(
        CANDIDATES, params={"limit": 20, "offset": 20}, headers=pages_app.analyst
    )
    items = second.json()["items"]
    assert [c["position"] for c in items] == [21, 22, 23, 24, 25, 26]
    assert items[-1]["uscc"] == BLANK and items[-1]["score"] is None
    assert len(items[-1]["missing"]) == 7
    fujian = pages_app.client.get(
        CANDIDATES, params={"province": "350000"}, headers=pages_app.analyst
    )
    assert [c["uscc"] for c in fujian.json()["items"]] == [BETA] and fujian.json()["total"] == 1
    best = pages_app.client.get(
        CANDIDATES, params={"min_score": 59}, headers=pages_app.analyst
    ).json()
    assert best["total"] == 2 and best["min_score"] == 59
    bad = pages_app.client.get(CANDIDATES, params={"min_score": 101}, headers=pages_app.analyst)
    assert bad.status_code == 422
    assert (
        pages_app.client.get(
            CANDIDATES, params={"province": "35"}, headers=pages_app.analyst
        ).status_code
        == 422
    )


def test_a_gap_without_candidates_is_an_empty_page_and_unknown_nodes_404(
    pages_app: PagesApp,
) -> None:
    empty = pages_app.client.get(
        f"{API}/gaps/{TEMPLATE}/{EMPTY}/candidates", headers=pages_app.analyst
    )
    assert empty.status_code == 200
    assert empty.json()["total"] == 0 and empty.json()["items"] == []
    unknown = pages_app.client.get(
        f"{API}/gaps/{TEMPLATE}/no_such_node/candidates", headers=pages_app.analyst
    )
    assert unknown.status_code == 404 and "没有环节" in unknown.json()["detail"]
    template = pages_app.client.get(
        f"{API}/gaps/no_such/{NODE}/candidates", headers=pages_app.analyst
    )
    assert template.status_code == 404


def test_one_candidate_with_its_evidence(pages_app: PagesApp) -> None:
    found = pages_app.client.get(f"{CANDIDATES}/{ALPHA}", headers=pages_app.analyst)
    assert found.status_code == 200
    body = found.json()
    assert body["score"] == 59.5 and body["position"] == 2 and body["lead_id"] is None
    assert body["node_name"] == "动力电池" and body["gap"]["suggestion"] == "补链"
    evidence = {(e["factor"], e["label"]): e["value"] for e in body["evidence"]}
    assert evidence[("scale", "近12个月营业收入（万元）")] == "250,000.0"
    assert evidence[("innovation", "发明专利（件）")] == "5"
    assert evidence[("network", "供需往来企业")] == "常州丙汽车有限公司"
    assert evidence[("growth", "注册资本变更倍数")] == "未知"
    other = pages_app.client.get(
        f"{API}/gaps/{TEMPLATE}/{WEAK}/candidates/{ALPHA}", headers=pages_app.analyst
    )
    assert other.status_code == 404 and "不是“驱动电机”环节的候选企业" in other.json()["detail"]


def test_weights_are_read_and_changed_and_bad_weights_save_nothing(pages_app: PagesApp) -> None:
    read = pages_app.client.get(f"{API}/weights", headers=pages_app.analyst).json()
    assert read["weights"]["fit"] == 25.0 and read["factors"][0]["definition"]
    weights = {**read["weights"], "innovation": -1}
    refused = pages_app.client.put(
        f"{API}/weights", json={"weights": weights}, headers=pages_app.director
    )
    assert refused.status_code == 422 and refused.json()["field"] == "innovation"
    assert "不能为负数" in refused.json()["detail"]
    zero = dict.fromkeys(read["weights"], 0)
    refused = pages_app.client.put(f"{API}/weights", json={"weights": zero}, headers=pages_app.data)
    assert refused.status_code == 422 and "不能全部为零" in refused.json()["detail"]
    with pages_app.database.reader() as db:
        assert db.scalar(select(func.count()).select_from(InvestWeight)) == 0
    denied = pages_app.client.put(f"{API}/weights", json=read, headers=pages_app.analyst)
    assert denied.status_code == 403
    only_fit = {**dict.fromkeys(read["weights"], 0), "fit": 1}
    saved = pages_app.client.put(
        f"{API}/weights", json={"weights": only_fit}, headers=pages_app.director
    )
    assert saved.status_code == 200 and saved.json()["weights"]["fit"] == 1.0
    ranked = pages_app.client.get(CANDIDATES, params={"limit": 2}, headers=pages_app.analyst).json()
    assert [(c["uscc"], c["score"]) for c in ranked["items"]] == [(ALPHA, 90.0), (BETA, 80.0)]
    with pages_app.database.reader() as db:
        events = db.scalars(
            select(AuditEvent.event_type).where(AuditEvent.event_type.like("invest.weights%"))
        ).all()
    assert events == ["invest.weights.update"]


def test_enterprises_and_banks_are_refused(pages_app: PagesApp) -> None:
    for headers in (pages_app.firm, pages_app.banker):
        for url in (f"{API}/gaps", CANDIDATES, f"{CANDIDATES}/{ALPHA}", f"{API}/weights"):
            assert pages_app.client.get(url, headers=headers).status_code == 403, url
        weights = {"weights": {"fit": 1, "scale": 1, "growth": 1, "innovation": 1,
                               "network": 1, "relatedness": 1, "distance": 1}}  # fmt: skip
        assert (
            pages_app.client.put(f"{API}/weights", json=weights, headers=headers).status_code == 403
        )
    assert pages_app.client.get(f"{API}/gaps").status_code == 401


def test_the_api_is_documented(pages_app: PagesApp) -> None:
    paths = pages_app.client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        f"{API}/gaps",
        f"{API}/gaps/{{template_id}}/{{node_id}}/candidates",
        f"{API}/gaps/{{template_id}}/{{node_id}}/candidates/{{uscc}}",
        f"{API}/weights",
    ):
        assert path in paths, path
    assert set(paths[f"{API}/weights"]) == {"get", "put"}
    assert not any(path.startswith("/invest/gaps") for path in paths)
