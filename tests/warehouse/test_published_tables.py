"""The tables the profile, map and drill-downs read: exact contents on the known cluster."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text

from tests.known_cluster import (
    ALPHA,
    ALPHA_FORMER,
    ALPHA_NAME,
    ALPHA_SITE,
    BETA,
    GAMMA,
    WUJIN,
    KnownApp,
    known_app,
)

__all__ = ["known_app"]


def _rows(app: KnownApp, sql: str, **params: Any) -> list[dict[str, Any]]:
    with app.database.reader() as db:
        return [dict(row) for row in db.execute(text(sql), params).mappings()]


def test_profile_has_coordinates_precision_and_tags(known_app: KnownApp) -> None:
    rows = {
        r["uscc"]: r
        for r in _rows(
            known_app,
            "SELECT uscc, county_code, city_code, province_code, longitude, latitude, "
            "location_precision, is_local, tags, output_12m_wan_yuan FROM ads_enterprise_profile",
        )
    }
    alpha, beta, gamma = rows[ALPHA], rows[BETA], rows[GAMMA]
    assert (alpha["longitude"], alpha["latitude"]) == pytest.approx(ALPHA_SITE)
    assert alpha["location_precision"] == "address" and alpha["county_code"] == WUJIN
    assert (beta["location_precision"], beta["city_code"]) == ("county", "320400")
    assert beta["longitude"] is not None  # the district's centre
    assert (alpha["is_local"], beta["is_local"], gamma["is_local"]) == (True, True, False)
    # 规上 plus honours still valid; the 专精特新 of 2017 expired in 2020.
    assert alpha["tags"] == "规上、高新技术企业"
    assert beta["tags"] is None and gamma["province_code"] == "440000"


def test_scores_follow_their_definitions(known_app: KnownApp) -> None:
    scores = {r["uscc"]: r for r in _rows(known_app, "SELECT * FROM ads_enterprise_scores")}
    alpha = scores[ALPHA]
    assert (alpha["revenue_growth_pct"], alpha["employees_growth_pct"]) == pytest.approx((20, 10))
    assert alpha["growth_score"] == 67
    assert (alpha["invention_patents"], alpha["other_patents"]) == (2, 3)
    assert (alpha["high_tech"], alpha["specialised"]) == (True, False)
    assert alpha["rd_ratio_pct"] == pytest.approx(5.0)
    assert alpha["innovation_score"] == 60
    assert (alpha["months_reported_24"], alpha["revenue_yoy_std_pct"]) == (24, 0)
    assert alpha["stability_score"] == 100
    beta = scores[BETA]
    assert beta["growth_score"] is None and beta["stability_score"] is None  # too few months
    assert beta["innovation_score"] == 0 and beta["months_12"] == 12
    assert scores[GAMMA]["stability_score"] == 0  # 迁出


def test_months_names_events_and_relations(known_app: KnownApp) -> None:
    months = _rows(known_app, "SELECT uscc, count(*) AS n FROM ads_enterprise_month GROUP BY uscc")
    assert {r["uscc"]: r["n"] for r in months} == {ALPHA: 24, BETA: 12}
    names = _rows(
        known_app,
        "SELECT name, is_current, sources FROM ads_enterprise_names WHERE uscc = :u "
        "ORDER BY is_current",
        u=ALPHA,
    )
    assert [(n["name"], n["is_current"]) for n in names] == [
        (ALPHA_FORMER, False),
        (ALPHA_NAME, True),
    ]
    assert names[0]["sources"] == "名称变更事件"
    events = _rows(
        known_app,
        "SELECT category, event_type, after_value FROM ads_enterprise_events "
        "WHERE uscc = :u ORDER BY event_date",
        u=ALPHA,
    )
    assert [(e["category"], e["event_type"]) for e in events] == [
        ("资质荣誉", "认定"),
        ("资质荣誉", "认定"),
        ("登记变更", "名称变更"),
    ]
    relations = {
        r["supplier_uscc"]: r
        for r in _rows(
            known_app, "SELECT * FROM ads_enterprise_relations WHERE buyer_uscc = :u", u=ALPHA
        )
    }
    beta = relations[BETA]
    assert (beta["amount_12m_wan_yuan"], beta["amount_total_wan_yuan"]) == (30, 35)
    assert (beta["supplier_name"], beta["buyer_name"]) == ("常州乙材料有限公司", ALPHA_NAME)
    assert str(beta["first_period"])[:7] == "2023-06" and relations[GAMMA]["product_name"] == "芯片"


def test_published_tables_are_indexed(known_app: KnownApp) -> None:
    inspector = inspect(known_app.database.engine)
    month = {i["name"]: i for i in inspector.get_indexes("ads_enterprise_month")}
    assert month["ix_ads_enterprise_month_uscc_period"]["unique"]
    assert month["ix_ads_enterprise_month_uscc_period"]["column_names"] == ["uscc", "period"]
    profile = {i["name"] for i in inspector.get_indexes("ads_enterprise_profile")}
    assert "ix_ads_enterprise_profile_uscc" in profile


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "320400"}, {ALPHA, BETA}),
        ({"region": WUJIN}, {ALPHA}),
        ({"region": "440000"}, {GAMMA}),
        ({"tag": "高新技术企业"}, {ALPHA}),
        ({"tag": "专精特新"}, set()),
        ({"tag": "规上"}, {ALPHA}),
        ({"status": "迁出"}, {GAMMA}),
        ({"period": "2023-01"}, {ALPHA}),
        ({"period": "2024-12"}, {ALPHA, BETA}),
        ({"period": "2022-12"}, set()),
    ],
)
def test_directory_filters_by_region_tag_status_and_month(
    known_app: KnownApp, params: dict[str, str], expected: set[str]
) -> None:
    response = known_app.client.get(
        "/api/v1/enterprises", params=params, headers=known_app.government
    )
    assert response.status_code == 200, response.text
    assert {row["uscc"] for row in response.json()["rows"]} == expected


def test_a_malformed_month_is_refused(known_app: KnownApp) -> None:
    response = known_app.client.get(
        "/api/v1/enterprises", params={"period": "2024-13"}, headers=known_app.government
    )
    assert response.status_code == 422
