"""GB/T 4754-2017 industries: the shipped table's structure and names, and the lookups."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from industry_brain.codes import industries
from industry_brain.codes.industries import (
    all_industries,
    ancestors,
    children,
    get_industry,
    is_valid_industry_code,
    normalize_industry_code,
)

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "industry_brain" / "codes" / "data" / "gbt4754_2017.csv"
SOURCES = ROOT.parent / "shared" / "data" / "gbt4754"
LEVEL_ABOVE = {"division": "section", "group": "division", "class": "group"}


def _name(code: str) -> str | None:
    industry = get_industry(code)
    return industry.name if industry else None


def test_public_names() -> None:
    assert industries.__all__ == [
        "Industry",
        "IndustryLevel",
        "all_industries",
        "ancestors",
        "children",
        "get_industry",
        "is_valid_industry_code",
        "normalize_industry_code",
    ]


def test_structure_counts() -> None:
    counts = Counter(industry.level for industry in all_industries())
    # The standard's release text says 1,380 小类, but its three transcriptions list the same
    # 1,381 four-digit codes (see the report of scripts/build_gbt4754.py).
    assert counts == {"section": 20, "division": 97, "group": 473, "class": 1381}
    assert [i.code for i in all_industries() if i.level == "section"] == list(
        "ABCDEFGHIJKLMNOPQRST"
    )


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("3562", "半导体器件专用设备制造"),
        ("3612", "新能源车整车制造"),
        ("3985", "电子专用材料制造"),
        ("6432", "互联网生活服务平台"),
        # Codes the XLSX holds two to a cell.
        ("2770", "卫生材料及医药用品制造"),
        ("2780", "药用辅料及包装材料"),
        ("8052", "足浴服务"),
        ("8053", "养生保健服务"),
        ("7271", "安全服务"),
        # 2017 names where the JSON keeps the 2011 wording.
        ("1110", "煤炭开采和洗选专业及辅助性活动"),
        ("3034", "隔热和隔音材料制造"),
        ("6840", "商业养老金"),
        # Codes the JSON lacks or misplaces.
        ("9299", "其他未列明国家机构"),
        ("970", "国际组织"),
    ],
)
def test_known_names(code: str, name: str) -> None:
    assert _name(code) == name


@pytest.mark.parametrize("code", ["3035", "9292", "3613"])
def test_codes_outside_2017_are_rejected(code: str) -> None:
    # 3035 is the 2011 code of 隔热和隔音材料制造 (3034 in 2017); 9292 a typo for 9299.
    assert get_industry(code) is None
    assert not is_valid_industry_code(code)


def test_every_parent_exists_one_level_up_in_the_same_section() -> None:
    table = {industry.code: industry for industry in all_industries()}
    for industry in table.values():
        if industry.level == "section":
            assert industry.parent is None and industry.section == industry.code
            continue
        assert industry.parent is not None
        parent = table[industry.parent]
        assert parent.level == LEVEL_ABOVE[industry.level]
        assert parent.section == industry.section


@pytest.mark.parametrize(
    ("code", "section"),
    [
        *[("0111", "A"), ("0610", "B"), ("3612", "C"), ("4411", "D"), ("4710", "E")],
        *[("5111", "F"), ("5311", "G"), ("6110", "H"), ("6432", "I"), ("6610", "J")],
        *[("7010", "K"), ("7111", "L"), ("7310", "M"), ("7610", "N"), ("8010", "O")],
        *[("8310", "P"), ("8411", "Q"), ("8610", "R"), ("9100", "S"), ("9700", "T")],
    ],
)
def test_section_of_a_class(code: str, section: str) -> None:
    industry = get_industry(code)
    assert industry is not None and industry.level == "class"
    assert industry.section == section


def test_3611_is_a_class_under_361() -> None:
    industry = get_industry("3611")
    assert industry is not None
    shape = (industry.name, industry.level, industry.parent, industry.section)
    assert shape == ("汽柴油车整车制造", "class", "361", "C")
    assert [i.code for i in children("361")] == ["3611", "3612"]


def test_descriptions_are_cleaned_and_in_place() -> None:
    industry = get_industry("3612")
    assert industry is not None and industry.description is not None
    assert "依靠新型能源驱动" in industry.description  # no PDF line-break space left
    # The JSON had the 2011 texts of 051x one code too low.
    assert _description("0511") is None
    assert "农业机械" in (_description("0512") or "")
    assert "灌溉" in (_description("0513") or "")
    assert "隔热" in (_description("3034") or "")


def _description(code: str) -> str | None:
    industry = get_industry(code)
    return industry.description if industry else None


@pytest.mark.parametrize("value", ["3612", "C3612", "c3612", " C3612 ", "Ｃ３６１２"])
def test_lookup_accepts_the_section_prefix_case_and_full_width(value: str) -> None:
    assert normalize_industry_code(value) == "3612"
    assert _name(value) == "新能源车整车制造"


@pytest.mark.parametrize(("value", "code"), [("c", "C"), ("36", "36"), ("C361", "361")])
def test_every_level_is_valid(value: str, code: str) -> None:
    assert is_valid_industry_code(value)
    assert normalize_industry_code(value) == code


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "行业代码为空"),
        ("  ", "行业代码为空"),
        ("36-12", "格式不正确"),
        ("36123", "格式不正确"),
        ("3", "格式不正确"),
        ("X", "不存在于GB/T 4754-2017"),
        ("3619", "行业代码“3619”不存在于GB/T 4754-2017"),
        ("A3612", "门类字母有误：3612 新能源车整车制造属于门类C"),
    ],
)
def test_normalize_names_the_problem(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalize_industry_code(value)
    assert get_industry(value) is None


def test_ancestors_run_from_the_section_down() -> None:
    assert [i.code for i in ancestors("C3612")] == ["C", "36", "361"]
    assert [i.code for i in ancestors("361")] == ["C", "36"]
    assert ancestors("C") == []
    with pytest.raises(ValueError, match="不存在"):
        ancestors("3619")


def test_children_keep_the_standards_order() -> None:
    divisions = [i.code for i in children("C")]
    assert divisions == [str(number) for number in range(13, 44)]
    assert children("3612") == []
    with pytest.raises(ValueError, match="门类字母有误"):
        children("A361")


def test_all_industries_in_order_and_a_copy() -> None:
    first = all_industries()
    assert [i.code for i in first[:4]] == ["A", "01", "011", "0111"]
    first.clear()
    assert len(all_industries()) == 1971


def test_table_file_header() -> None:
    header = TABLE.read_text(encoding="utf-8").splitlines()[0]
    assert header == "code,name,level,parent,section,description"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="needs ../shared/data/gbt4754")
def test_build_script_reproduces_the_table(tmp_path: Path) -> None:
    output = tmp_path / "table.csv"
    script = ROOT / "scripts" / "build_gbt4754.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sources", str(SOURCES), "--output", str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "小类 1381" in result.stdout
    assert output.read_bytes() == TABLE.read_bytes()
