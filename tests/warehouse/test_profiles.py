"""Import profiles: the real SZSE A-share list converted into a registry CSV."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from industry_brain.codes.industries import get_industry
from industry_brain.enterprise.resolution import Candidate, is_provisional_id, provisional_id
from industry_brain.enterprise.uscc import ALPHABET, check_character, is_valid_uscc
from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.profiles import (
    CSRC_SECTIONS,
    CSRC_TO_GBT4754,
    PROFILES,
    csrc_industry_code,
    szse_to_registry,
)
from industry_brain.warehouse.standards import get_standard

SZSE_LIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "szse_a_shares_2025-12.csv"
ROWS = 2_880
REGISTRY_KEYS = [
    *("uscc", "name", "established_on", "registered_capital_wan_yuan", "address"),
    *("industry_code", "business_scope", "status", "above_scale", "employees"),
    *("province", "city", "legal_representative", "contact_phone", "longitude", "latitude"),
]


@pytest.fixture
def szse_list() -> Path:
    if not SZSE_LIST.exists():
        pytest.skip(f"the real SZSE list {SZSE_LIST} is not present (../shared/data)")
    return SZSE_LIST


def read_source(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_output(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def make_uscc(rng: random.Random, region: str) -> str:
    first17 = "91" + region + "".join(rng.choices(ALPHABET, k=9))
    return first17 + check_character(first17)


def test_kept_csrc_letters_name_the_same_gbt4754_sections() -> None:
    for letter, target in CSRC_TO_GBT4754.items():
        section = get_industry(target)
        assert section is not None and section.level == "section"
        assert section.name == CSRC_SECTIONS[letter][0] and target == letter
    gbt_s = get_industry("S")
    assert gbt_s is not None and gbt_s.name != CSRC_SECTIONS["S"][0]
    assert "S" not in CSRC_TO_GBT4754
    assert csrc_industry_code("C 制造业") == "C"
    assert csrc_industry_code("D 电力、热力、燃气及水生产和供应业") == "D"
    assert csrc_industry_code("S 综合") == csrc_industry_code("C 农林牧渔") == ""


def test_every_row_is_converted_with_provisional_ids(szse_list: Path, tmp_path: Path) -> None:
    result = szse_to_registry(szse_list, tmp_path / "out.csv", known=[])
    header, rows = read_output(tmp_path / "out.csv")
    source = read_source(szse_list)
    assert header == REGISTRY_KEYS == [c.key for c in get_standard("registry").columns]
    assert (result.rows, len(rows), result.skipped) == (ROWS, ROWS, [])
    assert result.provisional == ROWS and result.matched == 0
    assert all(is_provisional_id(row["uscc"]) and not is_valid_uscc(row["uscc"]) for row in rows)
    assert len({row["uscc"] for row in rows}) == ROWS
    first = rows[0]
    assert first["name"] == "平安银行股份有限公司" == source[0]["公司全称"]
    assert first["uscc"] == provisional_id("平安银行")
    assert first["address"] == "广东省深圳市罗湖区深南东路5047号"
    assert (first["industry_code"], first["status"]) == ("J", "存续")
    assert (first["province"], first["city"]) == (source[0]["省份"], source[0]["城市"])
    assert first["established_on"] == first["registered_capital_wan_yuan"] == ""
    unmapped = [r for r, s in zip(rows, source, strict=True) if not r["industry_code"]]
    assert {s["所属行业"] for s in source if s["所属行业"].startswith("S ")} == {"S 综合"}
    assert len(unmapped) == sum(s["所属行业"] == "S 综合" for s in source) == 3
    assert result.source_rows[:2] == [2, 3] and result.cities[0] == "深圳市"
    assert (result.provinces[0], result.addresses[0]) == ("广东", first["address"])
    assert result.city_codes[0] == "440300"
    assert sum(code is None for code in result.city_codes) < 30


def test_conversion_is_deterministic(szse_list: Path, tmp_path: Path) -> None:
    szse_to_registry(szse_list, tmp_path / "a.csv", known=[])
    PROFILES["szse"](szse_list, tmp_path / "b.csv", known=[])
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_known_companies_take_their_codes(szse_list: Path, tmp_path: Path) -> None:
    rng = random.Random(42)
    source = read_source(szse_list)
    chosen = sorted(rng.sample(range(ROWS), 300))
    codes = {index: make_uscc(rng, "440300") for index in chosen}
    known = [Candidate(codes[i], source[i]["公司全称"]) for i in chosen]
    known.append(Candidate(make_uscc(rng, "110100"), "某某不在名单中的企业有限公司"))
    result = szse_to_registry(szse_list, tmp_path / "out.csv", known=known)
    _, rows = read_output(tmp_path / "out.csv")
    assert (result.exact, result.fuzzy, result.provisional) == (300, 0, ROWS - 300)
    for index, row in enumerate(rows):
        assert row["uscc"] == codes.get(index, provisional_id(source[index]["公司全称"]))
    assert {result.matches[i].method for i in chosen} == {"exact_name"}


def test_gbk_file_and_empty_names(tmp_path: Path) -> None:
    header = "板块,公司全称,注册地址,A股代码,省份,城市,所属行业\n"
    lines = [
        "主板,平安银行股份有限公司,广东省深圳市罗湖区深南东路5047号,000001,广东,深圳市,J 金融业",
        "主板, ,无,000002,广东,深圳市,K 房地产",
        "创业板,常州恒博新能源科技股份有限公司,武进区常武中路18号,300999,江苏,常州市,C 制造业",
    ]
    source = tmp_path / "szse.csv"
    source.write_bytes((header + "\n".join(lines) + "\n").encode("gbk"))
    result = szse_to_registry(source, tmp_path / "out.csv", known=[])
    _, rows = read_output(tmp_path / "out.csv")
    assert result.skipped == [(3, "公司全称为空，无法识别企业")]
    assert [row["name"] for row in rows] == [
        "平安银行股份有限公司",
        "常州恒博新能源科技股份有限公司",
    ]
    assert result.source_rows == [2, 4] and result.city_codes == ["440300", "320400"]


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "other.csv"
    source.write_text("统一社会信用代码,企业名称\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="缺少列 公司全称、注册地址、省份、城市、所属行业"):
        szse_to_registry(source, tmp_path / "out.csv", known=[])
