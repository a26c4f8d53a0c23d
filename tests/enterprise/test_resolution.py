"""Entity resolution: name keys, provisional ids, and exact / fuzzy / new matches."""

from __future__ import annotations

import random

import pytest

from industry_brain.enterprise.resolution import (
    Candidate,
    Resolver,
    is_provisional_id,
    normalize_name,
    provisional_id,
    resolve,
)
from industry_brain.enterprise.uscc import (
    ALPHABET,
    InvalidUSCCError,
    check_character,
    is_valid_uscc,
    normalize_uscc,
)

SHENZHEN, HANGZHOU, CHANGZHOU = "440300", "330100", "320400"


def make_uscc(rng: random.Random, region: str = "440300") -> str:
    first17 = "91" + region + "".join(rng.choices(ALPHABET, k=9))
    return first17 + check_character(first17)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("平安银行股份有限公司", "平安银行"),
        ("平安银行", "平安银行"),
        (" 平安银行 股份有限公司 ", "平安银行"),
        ("深圳市振业(集团)股份有限公司", "深圳市振业"),
        ("深圳市振业（集团）股份有限公司", "深圳市振业"),
        ("英飞特电子（杭州）股份有限公司", "英飞特电子杭州"),
        ("英飞特电子(杭州)股份有限公司", "英飞特电子杭州"),
        ("ＴＣＬ科技集团股份有限公司", "tcl科技"),
        ("万向钱潮股份公司", "万向钱潮"),
        ("秦川机床工具集团股份公司", "秦川机床工具"),
        ("常州恒博新能源科技有限责任公司", "常州恒博新能源科技"),
        ("海尔集团公司", "海尔"),
        ("中芯·国际有限公司", "中芯国际"),
        ("常州创新投资合伙企业（有限合伙）", "常州创新投资"),
        ("平安银行股份有限公司深圳分行", "平安银行股份有限公司深圳分行"),
        ("常州恒博有限公司溧阳分公司", "常州恒博有限公司溧阳分公司"),
        ("有限公司", "有限公司"),
        ("（ ）", ""),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_normalize_name_is_idempotent_on_keys() -> None:
    for name in ("平安银行股份有限公司", "深圳市振业（集团）股份有限公司", "万  科Ａ"):
        key = normalize_name(name)
        assert normalize_name(key) == key


def test_provisional_ids_are_deterministic_and_never_valid_codes() -> None:
    first = provisional_id("平安银行股份有限公司")
    assert first == provisional_id("平安银行股份有限公司")
    assert first == provisional_id("平安银行（股份有限公司）") == provisional_id("平安银行")
    assert first != provisional_id("万科企业股份有限公司")
    assert len(first) == 18 and first.startswith("P")
    assert all(char in ALPHABET for char in first)
    assert is_provisional_id(first) and is_provisional_id(f" {first.lower()} ")
    assert not is_valid_uscc(first)
    with pytest.raises(InvalidUSCCError, match="登记管理部门代码"):
        normalize_uscc(first)


def test_is_provisional_id_rejects_codes_and_typos() -> None:
    code = provisional_id("平安银行")
    typo = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
    assert not is_provisional_id(typo)
    assert not is_provisional_id(code[:17])
    assert not is_provisional_id(make_uscc(random.Random(1)))
    assert not is_provisional_id("")


def test_provisional_id_needs_a_name() -> None:
    with pytest.raises(ValueError, match="为空"):
        provisional_id("（）")


def test_exact_match_ignores_legal_form_and_width() -> None:
    known = [Candidate("91440300192185379H", "平安银行股份有限公司", SHENZHEN)]
    [match] = resolve([("平安银行", None)], known)
    assert (match.uscc, match.method, match.score) == ("91440300192185379H", "exact_name", 1.0)
    assert not match.provisional and match.matched_name == "平安银行股份有限公司"


def test_fuzzy_match_on_a_long_name_with_a_bracketed_place() -> None:
    known = [Candidate("91330100MA2AAAAAAX", "杭州远景新能源汽车零部件科技有限公司", HANGZHOU)]
    [match] = resolve([("杭州远景新能源汽车零部件科技（杭州）有限公司", HANGZHOU)], known)
    assert match.method == "fuzzy_name" and match.uscc == known[0].uscc
    assert 0.8 <= match.score < 1 and not match.provisional


def test_a_one_character_difference_in_a_short_name_is_a_new_enterprise() -> None:
    known = [Candidate("91320400MA1AAAAAAX", "常州恒博电子有限公司", CHANGZHOU)]
    [match] = resolve([("常州恒瑞电子有限公司", CHANGZHOU)], known)
    assert match.method == "new" and match.provisional
    assert match.uscc == provisional_id("常州恒瑞电子有限公司")


def test_fuzzy_needs_a_margin_over_the_runner_up() -> None:
    rng = random.Random(3)
    base = "杭州远景新能源汽车零部件科技"
    known = [
        Candidate(make_uscc(rng), f"{base}（滨江）有限公司", HANGZHOU),
        Candidate(make_uscc(rng), f"{base}（萧山）有限公司", HANGZHOU),
    ]
    [match] = resolve([(f"{base}有限公司", HANGZHOU)], known)
    assert match.method == "new" and match.score >= 0.8
    ranked = Resolver(known).candidates(f"{base}有限公司")
    assert [(c.uscc, round(score, 3)) for c, score in ranked] == [
        (known[0].uscc, 0.867),
        (known[1].uscc, 0.867),
    ]
    [alone] = resolve([(f"{base}有限公司", HANGZHOU)], known[:1])
    assert alone.method == "fuzzy_name" and alone.uscc == known[0].uscc


def test_ambiguous_exact_name_is_new_unless_the_full_name_decides() -> None:
    rng = random.Random(4)
    group = Candidate(make_uscc(rng), "中国石油天然气集团有限公司")
    listed = Candidate(make_uscc(rng), "中国石油天然气股份有限公司")
    matches = resolve(
        [("中国石油天然气股份有限公司", None), ("中国石油天然气有限公司", None)], [group, listed]
    )
    assert (matches[0].uscc, matches[0].method) == (listed.uscc, "exact_name")
    assert matches[1].method == "new" and matches[1].score == 1.0


def test_city_blocking_separates_the_same_name_in_two_cities() -> None:
    rng = random.Random(5)
    in_shenzhen = Candidate(make_uscc(rng), "华信科技有限公司", SHENZHEN)
    in_hangzhou = Candidate(make_uscc(rng, "330100"), "华信科技有限公司", HANGZHOU)
    known = [in_shenzhen, in_hangzhou]
    matches = resolve(
        [("华信科技有限公司", "440303"), ("华信科技有限公司", HANGZHOU), ("华信科技", None)], known
    )
    assert [m.uscc for m in matches[:2]] == [in_shenzhen.uscc, in_hangzhou.uscc]
    assert matches[2].method == "new"
    [elsewhere] = resolve([("华信科技有限公司", CHANGZHOU)], known)
    assert elsewhere.method == "new"


def test_fuzzy_is_restricted_to_the_same_city() -> None:
    known = [Candidate("91330100MA2AAAAAAX", "杭州远景新能源汽车零部件科技有限公司", HANGZHOU)]
    variant = "杭州远景新能源汽车零部件科技（杭州）有限公司"
    assert resolve([(variant, SHENZHEN)], known)[0].method == "new"
    assert resolve([(variant, None)], known)[0].method == "fuzzy_name"


def test_a_known_provisional_id_is_reported_as_provisional() -> None:
    known = [Candidate(provisional_id("深圳市振业（集团）股份有限公司"), "深圳市振业集团股份公司")]
    [match] = resolve([("深圳市振业(集团)股份有限公司", SHENZHEN)], known)
    assert match.method == "exact_name" and match.provisional
    assert match.uscc == known[0].uscc


def test_empty_names_are_refused() -> None:
    with pytest.raises(ValueError, match="为空"):
        resolve([(" ", None)], [])


def test_invalid_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        Resolver([], threshold=0.5, margin=0.6)


PLACES = (("常州", CHANGZHOU), ("深圳市", SHENZHEN), ("", SHENZHEN), ("", HANGZHOU), ("", None))
TRADE = "恒博华瑞盛鑫源达天宏泰创金锦远诚信德宇晟卓越嘉联凯伟海润安力驰腾星辰和裕丰通翔威正明"
WORDS = ("新能源科技", "电子", "精密机械", "汽车零部件", "新材料", "信息技术", "电气", "光电")
FORMS = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "（集团）股份有限公司")


def test_a_list_resolved_against_itself_maps_every_record_to_itself() -> None:
    rng = random.Random(20251201)
    known: list[Candidate] = []
    cities_of: dict[str, set[str | None]] = {}
    while len(known) < 3_000:
        place, city = rng.choice(PLACES)
        trade = "".join(rng.sample(TRADE, rng.choice((2, 2, 3))))
        name = f"{place}{trade}{rng.choice(WORDS)}{rng.choice(FORMS)}"
        # A key recurs only in another known city: city blocking must tell them apart.
        cities = cities_of.setdefault(normalize_name(name), set())
        if city is None and cities or None in cities or city in cities:
            continue
        cities.add(city)
        known.append(Candidate(make_uscc(rng), name, city))
    assert any(len(cities) > 1 for cities in cities_of.values())
    matches = resolve([(c.name, c.city_code) for c in known], known)
    assert [m.uscc for m in matches] == [c.uscc for c in known]
    assert {m.method for m in matches} == {"exact_name"}
    again = resolve([(c.name, c.city_code) for c in known], list(reversed(known)))
    assert again == matches


def test_public_names() -> None:
    from industry_brain.enterprise import resolution

    assert resolution.__all__ == [
        *("FUZZY_MARGIN", "FUZZY_THRESHOLD", "Candidate", "Match", "Resolver"),
        *("is_provisional_id", "normalize_name", "provisional_id", "resolve"),
    ]
