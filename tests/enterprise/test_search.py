"""Enterprise search: former names, code prefixes, typos, ranking, LIKE wildcards taken
literally, the suggestions under the header box, and the list agreeing with the search."""

from __future__ import annotations

import random
from typing import Any

from industry_brain.enterprise._search_index import Enterprise, NameIndex, NameRow
from industry_brain.enterprise.search import like_escape, search
from tests.conftest import page_login
from tests.enterprise.conftest import KnownApp
from tests.known_cluster import ALPHA, ALPHA_FORMER, ALPHA_NAME, BETA, GAMMA


def _hits(app: KnownApp, q: str, **params: Any) -> list[dict[str, Any]]:
    response = app.client.get(
        "/api/v1/enterprises/search", params={"q": q, **params}, headers=app.government
    )
    assert response.status_code == 200, response.text
    hits: list[dict[str, Any]] = response.json()["hits"]
    return hits


def _listed(app: KnownApp, q: str) -> set[str]:
    response = app.client.get("/api/v1/enterprises", params={"q": q}, headers=app.government)
    assert response.status_code == 200, response.text
    return {row["uscc"] for row in response.json()["rows"]}


def test_a_former_name_finds_the_enterprise_and_says_so(known_app: KnownApp) -> None:
    hits = _hits(known_app, "甲电池")
    assert [(h["uscc"], h["name"], h["field"], h["match"]) for h in hits] == [
        (ALPHA, ALPHA_NAME, "former_name", "substring")
    ]
    assert hits[0]["matched_name"] == ALPHA_FORMER
    exact = _hits(known_app, ALPHA_FORMER)[0]
    assert (exact["uscc"], exact["match"], exact["field"]) == (ALPHA, "exact", "former_name")
    assert _listed(known_app, "甲电池") == {ALPHA}  # the list agrees


def test_codes_match_exactly_or_by_their_start(known_app: KnownApp) -> None:
    assert {h["uscc"] for h in _hits(known_app, ALPHA[:16])} == {ALPHA, BETA, GAMMA}
    prefix = _hits(known_app, ALPHA[:17].lower())
    assert [(h["uscc"], h["field"], h["match"]) for h in prefix] == [(ALPHA, "code", "prefix")]
    assert [h["match"] for h in _hits(known_app, f" {ALPHA} ")] == ["exact"]
    assert _listed(known_app, ALPHA[:17]) == {ALPHA} and _listed(known_app, ALPHA) == {ALPHA}


def test_typos_and_reordered_words_still_find_the_name(known_app: KnownApp) -> None:
    for query, code in (
        ("常州甲新能原科技", ALPHA),  # 源 mistyped
        ("新能源科技常州甲", ALPHA),  # words reordered
        ("常州乙才料", BETA),
        ("深圳丙电子有限公同", GAMMA),
    ):
        hits = _hits(known_app, query)
        assert [h["uscc"] for h in hits][:1] == [code], query
        assert hits[0]["match"] == "fuzzy" and 0.3 <= hits[0]["score"] < 1
    assert _hits(known_app, "完全无关的名称") == []


def test_like_wildcards_are_taken_literally(known_app: KnownApp) -> None:
    for query in ("%", "_", "常州%", "常_"):
        assert _listed(known_app, query) == set(), query
        assert _hits(known_app, query) == [], query
    assert _listed(known_app, "常州") == {ALPHA, BETA}
    assert like_escape("5%_\\") == "5\\%\\_\\\\"


def test_the_limit_is_kept_and_bounded(known_app: KnownApp) -> None:
    assert len(_hits(known_app, "有限公司", limit=2)) == 2
    response = known_app.client.get(
        "/api/v1/enterprises/search",
        params={"q": "常州", "limit": 51},
        headers=known_app.government,
    )
    assert response.status_code == 422


def _index(*rows: tuple[str, str, str | None]) -> NameIndex:
    """Enterprises (code, current name, former name), listed largest first."""
    enterprises = [Enterprise(code, name, None, "存续", True) for code, name, _ in rows]
    names = [NameRow(i, name, former=False) for i, (_, name, _) in enumerate(rows)]
    names += [NameRow(i, former, former=True) for i, (_, _, former) in enumerate(rows) if former]
    return NameIndex(enterprises, names)


def test_ranking_exact_prefix_substring_fuzzy_and_current_before_former() -> None:
    index = _index(
        ("E1", "江南星河化工有限公司", None),  # substring, the largest enterprise
        ("E2", "星河科枝有限公司", None),  # fuzzy (枝 for 技)
        ("E3", "银河实业有限公司", "星河科技集团有限公司"),  # prefix, former name
        ("E4", "星河科技发展有限公司", None),  # prefix, current name
        ("E5", "星河科技", None),  # exact
        ("E6", "常州市星河科技有限公司", None),  # substring
    )
    found = index.search("星河科技", limit=10)
    assert [(m.enterprise.uscc, m.tier, m.field) for m in found] == [
        ("E5", "exact", "name"),
        ("E4", "prefix", "name"),
        ("E3", "prefix", "former_name"),
        ("E6", "substring", "name"),
        ("E2", "fuzzy", "name"),
    ]
    # Within a tier, current names first, then the larger enterprise (listed first).
    assert [m.enterprise.uscc for m in index.search("星河", limit=10)] == [
        "E2", "E4", "E5", "E3", "E1", "E6"
    ]  # fmt: skip
    assert [m.enterprise.uscc for m in index.search("星河", limit=2)] == ["E2", "E4"]


def test_the_suggestions_fragment_names_the_former_name(known_app: KnownApp) -> None:
    client = known_app.client
    page_login(client, "known_gov")
    home = client.get("/")
    assert 'hx-get="/enterprises/suggest"' in home.text and 'role="combobox"' in home.text
    fragment = client.get("/enterprises/suggest", params={"q": "甲电池"}).text
    assert f'href="/enterprises/{ALPHA}"' in fragment and f"曾用名：{ALPHA_FORMER}" in fragment
    assert 'href="/enterprises?q=%E7%94%B2%E7%94%B5%E6%B1%A0"' in fragment
    assert client.get("/enterprises/suggest", params={"q": ""}).text.strip() == ""
    nothing = client.get("/enterprises/suggest", params={"q": "<b>无</b>"}).text
    assert "没有找到" in nothing and "<b>无</b>" not in nothing


ALPHABETS = (
    "常州甲乙丙新能源科技有限公司（）()",
    "0123456789ABCDEFGHJKLMNPQRTUWXYabc",
    "%_\\'\"<>&;-–—",
    " \t\n\r\x00\u3000\ufeff\u200b",
    "\u0301\u0308",
    "ＡＢＣ１２３",
    "𠀀😀\U0010ffff",
    "\ud800",
)


def _arbitrary_texts(count: int, seed: int = 5) -> list[str]:
    """Random texts over letters, digits, wildcards, quotes, spaces, control and combining
    characters, astral and lone surrogate code points (seeded, so every run tries the same)."""
    rng = random.Random(seed)
    texts = ["", " ", "\x00", "%%", "_" * 100, "甲" * 100, ALPHA.lower(), ALPHA + "X"]
    for _ in range(count):
        pool = "".join(rng.sample(ALPHABETS, rng.randint(1, 3)))
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 40))))
    return texts


def test_search_never_fails_on_any_text(known_app: KnownApp) -> None:
    with known_app.database.reader() as db:
        for query in _arbitrary_texts(400):
            result = search(db, query=query, limit=5)
            assert len(result.hits) <= 5, query
            assert all(hit.uscc in (ALPHA, BETA, GAMMA) for hit in result.hits), query
    for query in _arbitrary_texts(60, seed=6):
        if "\ud800" in query:
            continue  # a lone surrogate cannot travel in a URL
        for path in ("/api/v1/enterprises/search", "/api/v1/enterprises"):
            response = known_app.client.get(
                path, params={"q": query[:100]}, headers=known_app.government
            )
            assert response.status_code == 200, (query, response.text)


def test_the_search_and_the_profile_are_documented(known_app: KnownApp) -> None:
    spec = known_app.client.get("/api/v1/openapi.json").json()
    search_doc = spec["paths"]["/api/v1/enterprises/search"]["get"]
    assert {p["name"] for p in search_doc["parameters"]} == {"q", "limit"}
    profile_doc = spec["paths"]["/api/v1/enterprises/{uscc}"]["get"]["responses"]["200"]
    assert profile_doc["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EnterpriseProfile"
    }
    assert {"months", "scores", "relations", "events", "names", "tags"} <= set(
        spec["components"]["schemas"]["EnterpriseProfile"]["properties"]
    )
