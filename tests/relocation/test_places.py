"""Where an event points: branch names and addresses located inside or outside the region."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_brain.relocation.places import branch_place, locate, prepare_places, relation
from tests.relocation.dataset import HEFEI, MOVING_BRANCH, SUZHOU_BRANCH, build_lake

CHANGZHOU = "320400"


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("常州市睿卓电池材料有限公司上海分公司", "上海"),
        ("常州甲机械有限公司合肥分公司", "合肥"),
        ("上海分公司", "上海"),
        ("常州某某股份有限公司苏州办事处", "苏州"),
        ("常州乙电子有限公司金坛分厂", "金坛"),
    ],
)
def test_branch_place_is_the_part_after_the_parent_company(name: str, place: str) -> None:
    assert branch_place(name) == place


def test_locate_tells_local_districts_from_namesakes_and_resolves_the_rest() -> None:
    texts = ["金坛", "新北", "武进区湖塘镇1号", "江苏省常州市天宁区", "合肥", HEFEI, "苏州"]
    found = locate([*texts, "江苏", "某地"], CHANGZHOU)
    assert found == ["320413", "320411", "320412", "320402", "340100", "340104", "320500",
                     "320000", None]  # fmt: skip
    # 新北 alone is 常州's district, not 台湾's 新北市; 江苏 contains the cluster: unknown.
    assert [relation(code, CHANGZHOU) for code in found] == [
        False, False, False, False, True, True, True, None, None,
    ]  # fmt: skip


def test_relation_by_code_prefix() -> None:
    assert relation("320412", "320400") is False
    assert relation("320500", "320400") is True
    assert relation("320000", "320400") is None
    assert relation("320412", "320412") is False
    assert relation("320400", "320412") is None  # the whole city, from a district's view
    assert relation(None, "320400") is None


def test_prepare_places_locates_each_event_text_once(tmp_path: Path) -> None:
    con = build_lake(tmp_path / "lake.duckdb")
    assert prepare_places(con) == 11  # 5 branch names, 6 addresses (old and new)
    located = con.execute("SELECT kind, text, outside FROM relocation.places").fetchall()
    rows = {(kind, text): outside for kind, text, outside in located}
    assert rows[("branch", MOVING_BRANCH)] is True
    assert rows[("branch", SUZHOU_BRANCH)] is True
    assert rows[("branch", "常州乙电子有限公司金坛分公司")] is False
    assert rows[("address", HEFEI)] is True  # known to ref.address_regions: 340104
    assert rows[("address", "江苏省常州市武进区常武中路1号")] is False
    assert prepare_places(con) == 0
    con.execute("UPDATE ref.cluster SET region_code = '320412', prefix = '320412'")
    assert prepare_places(con) == 11  # another region: located again
    assert con.execute(
        "SELECT outside FROM relocation.places WHERE text = '常州乙电子有限公司金坛分公司'"
    ).fetchone() == (True,)


def test_texts_located_by_another_version_of_the_rules_are_located_again(tmp_path: Path) -> None:
    con = build_lake(tmp_path / "lake.duckdb")
    assert prepare_places(con) == 11
    con.execute("UPDATE relocation.places SET version = 0 WHERE kind = 'branch'")
    assert prepare_places(con) == 5
