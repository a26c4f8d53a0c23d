"""The built-in facts computed from the warehouse: time windows, unknowns, honors, plugins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from industry_brain.rules.facts import Fact, _registry
from industry_brain.rules.facts_sql import build_facts, reference_year
from tests.rules.lake import FactsLake

AS_OF = date(2025, 6, 14)


@pytest.fixture
def lake(tmp_path: Path) -> Iterator[FactsLake]:
    """A lake whose data ends 2024-12: 上年 is 2024, 三年前 2021."""
    lake = FactsLake(tmp_path / "lake.duckdb")
    lake.enterprise("A", established_on=date(2010, 6, 15), industry_code="3612",
                    above_scale=True, employees=50, county="320412", city="320400")  # fmt: skip
    lake.year("A", 2021, revenue=100)
    lake.year("A", 2023, revenue=150, employees=52)
    lake.year("A", 2024, revenue=200, tax=10, rd=8, employees=55)
    lake.honor("A", "专精特新", since=date(2023, 1, 1), until=date(2026, 12, 31))
    lake.honor("A", "高新技术企业", since=date(2021, 12, 1), until=date(2024, 12, 31))
    lake.honor("A", "单项冠军", since=date(2025, 7, 1))
    lake.honor("A", "创新型中小企业")
    lake.patent("A", "ZL1", "发明")
    lake.patent("A", "ZL2", "发明")
    lake.patent("A", "ZL3", "实用新型")
    lake.enterprise("B", employees=20, city="320400")
    lake.year("B", 2024, revenue=50, rd=1, skip=(11,))
    lake.enterprise("C", established_on=date(2020, 1, 1), county="440305")
    lake.year("C", 2021, revenue=0)
    lake.year("C", 2024, revenue=0, rd=0, tax=0)
    yield lake
    lake.con.close()


def facts_of(lake: FactsLake, uscc: str) -> dict[str, Any]:
    cursor = lake.con.execute("SELECT * FROM rules.enterprise_facts WHERE uscc = ?", [uscc])
    names = [column[0] for column in cursor.description]
    row = cursor.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def test_an_enterprise_with_every_fact(lake: FactsLake) -> None:
    assert build_facts(lake.con, as_of=AS_OF) == 3
    assert facts_of(lake, "A") == {
        "uscc": "A",
        "revenue_last_year": 2400.0,
        "tax_last_year": 120.0,
        "employees": 55.0,  # the latest month's, not the registry's 50
        "rd_ratio_last_year": 4.0,  # 96 / 2400
        "region_code": "320412",
        "industry_code": "3612",
        # valid on the day: 高新 expired 2024-12-31, 单项冠军 only from 2025-07-01
        "honors": ["专精特新", "创新型中小企业"],
        "age_years": 14.0,  # 2010-06-15 → 2025-06-14: one day short of 15
        "status": "存续",
        "above_scale": True,
        "revenue_growth_3y": 25.99,  # (2400 / 1200) ^ (1/3) − 1
        "invention_patents": 2.0,
        "home_region_code": "320400",
    }


def test_missing_months_and_registry_gaps_are_unknown(lake: FactsLake) -> None:
    build_facts(lake.con, as_of=AS_OF)
    assert facts_of(lake, "B") == {
        "uscc": "B",
        "revenue_last_year": None,  # November not reported
        "tax_last_year": None,
        "employees": 20.0,  # no monthly figure: the registry's
        "rd_ratio_last_year": None,
        "region_code": "320400",  # no county: the city
        "industry_code": None,
        "honors": [],  # known: none recorded
        "age_years": None,
        "status": "存续",
        "above_scale": None,
        "revenue_growth_3y": None,
        "invention_patents": 0.0,
        "home_region_code": "320400",
    }


def test_zero_revenue_leaves_ratios_unknown(lake: FactsLake) -> None:
    build_facts(lake.con, as_of=AS_OF)
    found = facts_of(lake, "C")
    assert (found["revenue_last_year"], found["tax_last_year"]) == (0.0, 0.0)
    assert (found["rd_ratio_last_year"], found["revenue_growth_3y"]) == (None, None)
    assert found["age_years"] == 5.0


def test_age_turns_on_the_anniversary(lake: FactsLake) -> None:
    build_facts(lake.con, as_of=date(2025, 6, 15))
    assert facts_of(lake, "A")["age_years"] == 15.0


@pytest.mark.parametrize(
    ("last", "year"),
    [(date(2024, 12, 1), 2024), (date(2025, 3, 1), 2024), (date(2024, 11, 1), 2023)],
)
def test_last_year_is_the_latest_year_with_december(tmp_path: Path, last: date, year: int) -> None:
    lake = FactsLake(tmp_path / "lake.duckdb")
    lake.con.execute("INSERT INTO dwd.operations (uscc, period) VALUES ('A', ?)", [last])
    assert reference_year(lake.con) == year


def test_data_reported_after_last_year_does_not_move_it(lake: FactsLake) -> None:
    lake.year("A", 2025, revenue=999, skip=tuple(range(4, 13)))
    build_facts(lake.con, as_of=AS_OF)
    assert facts_of(lake, "A")["revenue_last_year"] == 2400.0


def test_no_cluster_region_and_no_operations(tmp_path: Path) -> None:
    lake = FactsLake(tmp_path / "lake.duckdb", home=None)
    lake.enterprise("A", county="320412")
    assert build_facts(lake.con, as_of=AS_OF) == 1
    found = facts_of(lake, "A")
    assert (found["home_region_code"], found["revenue_last_year"]) == (None, None)
    assert reference_year(lake.con) is None


def test_a_plugin_fact_is_joined_in_with_its_type(lake: FactsLake) -> None:
    export = Fact(
        "has_export", "有出口", "bool", description="演示：测试用",
        query="SELECT uscc, count(*) > 0 AS value FROM dwd.patents GROUP BY uscc",
    )  # fmt: skip
    build_facts(lake.con, as_of=AS_OF, facts=[export])
    assert (facts_of(lake, "A")["has_export"], facts_of(lake, "B")["has_export"]) == (True, None)


def test_the_registry_refuses_clashes_and_facts_without_a_query() -> None:
    good = Fact("x_count", "某数", "number", query="SELECT 'A' AS uscc, 1 AS value")
    assert list(_registry([good])) == ["x_count"]
    with pytest.raises(ValueError, match="重复注册"):
        _registry([good, Fact("y_count", "某数", "number", query="SELECT 1")])
    with pytest.raises(ValueError, match="没有给出计算它的查询"):
        _registry([Fact("z_count", "另一数", "number")])
    with pytest.raises(ValueError, match="应为小写字母"):
        _registry([Fact("Bad-Id", "坏", "number", query="SELECT 1")])
