"""Indicator systems are YAML data transcribed from the guidelines: the built-in four load with
their counts, a few items read verbatim, the Zhejiang points add up to 100, and a broken file is
refused naming the file and the item."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from industry_brain.errors import NotFoundError, ValidationFailedError
from industry_brain.evaluation import systems as systems_module
from industry_brain.evaluation.model import IndicatorSystem
from industry_brain.evaluation.systems import (
    SYSTEMS_DIR,
    get_indicator,
    get_system,
    load_system,
    load_systems,
    parse_system,
)

# The binding ids of the contract (docs/evaluation-systems.md lists which indicator uses which).
CONTRACT_BINDINGS = {
    "industry.scale", "industry.concentration", "enterprise.count", "enterprise.above_scale",
    "enterprise.listed", "enterprise.advantaged", "chain.completeness", "chain.leader_output",
    "lake.size_tb", "lake.tables", "usage.served_enterprises", "usage.active_users",
    "usage.scenarios", "monitor.indicators", "alerts.warnings", "invest.leads", "invest.landed",
    "policies.published", "policies.beneficiaries", "catalogue.offerings",
    "catalogue.requests_completed", "diagnosis.assessments",
}  # fmt: skip
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def builtin() -> dict[str, IndicatorSystem]:
    return load_systems(sorted(SYSTEMS_DIR.glob("*.yaml")))


def raw(name: str) -> dict[str, Any]:
    """Return a built-in file as parsed YAML, to be broken by a test."""
    data: dict[str, Any] = yaml.safe_load((SYSTEMS_DIR / name).read_text(encoding="utf-8"))
    return data


def refused(data: object, file: str = "zhejiang-2025.yaml") -> str:
    with pytest.raises(ValidationFailedError) as caught:
        parse_system(data, file=file)
    return caught.value.message


def test_the_four_systems_and_their_counts(builtin: dict[str, IndicatorSystem]) -> None:
    counts = {
        sid: (len(s.indicators), len(s.categories), len(s.grades), len(s.conditions))
        for sid, s in builtin.items()
    }
    assert counts == {
        "hebei": (22, 0, 0, 0),
        "national-2024": (26, 0, 0, 0),
        "shandong-trial": (28, 0, 0, 0),
        "zhejiang-2025": (25, 12, 3, 27),
    }
    shandong = builtin["shandong-trial"]
    assert [i.code for i in shandong.indicators][:3] == ["L1P1", "L1P2", "L1P3"]
    assert [i.code for i in shandong.indicators][-1] == "L5P4"
    per_level = [sum(i.code.startswith(f"L{n}") for i in shandong.indicators) for n in range(1, 6)]
    assert per_level == [10, 4, 8, 2, 4]
    zhejiang = builtin["zhejiang-2025"]
    assert [i.code for i in zhejiang.indicators] == [str(n) for n in range(1, 26)]
    assert zhejiang.grades == ("基础级", "卓越级", "领航级")
    assert [sum(c.grade == g for c in zhejiang.conditions) for g in zhejiang.grades] == [7, 10, 10]


def test_items_read_verbatim(builtin: dict[str, IndicatorSystem]) -> None:
    l1p1 = get_indicator(builtin["shandong-trial"], "L1P1")
    assert (l1p1.name, l1p1.unit, l1p1.category) == ("产业规模", "亿元", ("产业发展水平",))
    assert l1p1.description == "上年度产业集群或产业链范围内所有企业的主营业务收入总和"
    units = {i.code: i.unit for i in builtin["shandong-trial"].indicators}
    assert (units["L2P1"], units["L3P3"], units["L5P1"], units["L5P4"]) == (
        "TB/EFLOPS", "项/次", "", "万元"
    )  # fmt: skip
    zj7 = get_indicator(builtin["zhejiang-2025"], "zj-7")
    assert (zj7.name, zj7.description) == ("AI赋能水平", "是否应用 AI赋能行业或形成行业垂类大模型")
    assert zj7.category == ("服务能力", "数字化服务能力")
    condition = next(c for c in builtin["zhejiang-2025"].conditions if c.id == "basic-operation-2")
    assert (condition.grade, condition.area, condition.text) == (
        "基础级",
        "运营情况",
        "服务企业 20家以上",
    )
    national = get_indicator(builtin["national-2024"], "national-产业集聚度")
    assert national.description == "产业集群上年度主营收入占所在地区整体产值的比重情况。"
    hebei = get_indicator(builtin["hebei"], "hebei-质量保证体系建设")
    assert hebei.category == ("管理运营水平",)
    assert hebei.description.startswith("形成覆盖软件需求、设计、编码、测试、运维全生命周期")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the guideline seeds are outside the repository")
def test_every_text_is_in_its_guideline(builtin: dict[str, IndicatorSystem]) -> None:
    seeds = {
        "national-2024": "000",
        "shandong-trial": "001",
        "zhejiang-2025": "002",
        "hebei": "003",
    }
    for system_id, system in builtin.items():
        seed = re.sub(r"\s+", "", next(SEEDS.glob(f"{seeds[system_id]}_*.txt")).read_text())
        texts = [t for i in system.indicators for t in (i.name, i.description, *i.category)]
        texts += [c.text for c in system.conditions]
        assert [t for t in texts if re.sub(r"\s+", "", t) not in seed] == [], system_id


def test_zhejiang_points(builtin: dict[str, IndicatorSystem]) -> None:
    zhejiang = builtin["zhejiang-2025"]
    top = {c.path[0]: c.points for c in zhejiang.categories if len(c.path) == 1}
    assert top == {"基础功能": 15, "服务能力": 45, "运营情况": 30, "应用成效": 10}
    assert sum(top.values()) == 100
    assert sum(i.points or 0 for i in zhejiang.indicators) == pytest.approx(100)
    points = {i.id: i.points for i in zhejiang.indicators}
    assert (points["zj-1"], points["zj-11"], points["zj-21"]) == (5, 3, 2)
    assert points["zj-8"] == pytest.approx(10 / 3)
    assert points["zj-18"] == pytest.approx(20 / 3)
    for system in builtin.values():
        if system.id != "zhejiang-2025":
            assert all(i.points is None for i in system.indicators)


def test_bindings_are_contract_ids(builtin: dict[str, IndicatorSystem]) -> None:
    used = {i.binding for s in builtin.values() for i in s.indicators if i.binding}
    assert used <= CONTRACT_BINDINGS
    served = get_indicator(builtin["zhejiang-2025"], "zj-18")
    assert (served.binding, served.unit, served.kind) == (
        "usage.served_enterprises",
        "家",
        "number",
    )
    assert get_indicator(builtin["shandong-trial"], "L5P1").binding is None


def test_unknown_key_names_the_item() -> None:
    data = raw("zhejiang-2025.yaml")
    data["indicators"][3]["weight"] = 2
    assert refused(data) == "zhejiang-2025.yaml: indicators[3] (zj-4): 未知的键 weight"
    data = raw("zhejiang-2025.yaml")
    data["owner"] = "x"
    assert refused(data) == "zhejiang-2025.yaml: 未知的键 owner"


def test_duplicates_are_refused() -> None:
    data = raw("shandong-trial.yaml")
    data["indicators"][5]["id"] = "L1P1"
    assert refused(data, "shandong-trial.yaml") == (
        "shandong-trial.yaml: indicators[5]: 指标编号 'L1P1' 重复"
    )
    data = raw("zhejiang-2025.yaml")
    data["conditions"][2]["id"] = "basic-function-1"
    assert "conditions[2]: 条件编号 'basic-function-1' 重复" in refused(data)


def test_points_that_do_not_add_up_are_refused() -> None:
    data = raw("zhejiang-2025.yaml")
    data["categories"][2]["points"] = 40  # 服务能力 45 → 40: its children still add up to 45
    assert refused(data) == (
        "zhejiang-2025.yaml: categories[2] (服务能力): 下级类别分值之和 45 ≠ 40"
    )
    data = raw("zhejiang-2025.yaml")
    data["total_points"] = 90
    assert "一级类别分值之和 100 ≠ total_points 90" in refused(data)
    data = raw("zhejiang-2025.yaml")
    del data["categories"][1]["split"]
    for item in data["indicators"][:3]:
        item["points"] = 4
    assert refused(data) == (
        "zhejiang-2025.yaml: categories (基础功能/平台基础功能): 指标分值之和 12 ≠ 类别分值 15"
    )


def test_bad_items_are_refused_with_the_item_named() -> None:
    data = raw("zhejiang-2025.yaml")
    data["indicators"][0]["points"] = 5
    assert refused(data) == (
        "zhejiang-2025.yaml: indicators[0] (zj-1).points: split: equal 的类别下不写分值"
    )
    data = raw("zhejiang-2025.yaml")
    data["indicators"][17]["kind"] = "integer"
    assert "indicators[17] (zj-18).kind: 'integer' 不是" in refused(data)
    data = raw("zhejiang-2025.yaml")
    data["indicators"][17]["category"] = ["运营情况"]
    assert "indicators[17] (zj-18).category: 运营情况 不是已声明的末级类别" in refused(data)
    data = raw("zhejiang-2025.yaml")
    data["conditions"][0]["grade"] = "优秀级"
    assert "conditions[0] (basic-function-1).grade: '优秀级' 不在 grades" in refused(data)
    data = raw("hebei.yaml")
    data["indicators"][2]["points"] = 1
    assert "indicators[2] (hebei-模型和算法开发系统建设).points: 没有 categories" in refused(data)
    data = raw("national-2024.yaml")
    data["indicators"][0]["binding"] = "Industry Scale"
    assert "indicators[0] (national-产业规模).binding" in refused(data)


def test_bad_files_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ValidationFailedError, match=r"^broken\.yaml: 不是可读的 UTF-8 YAML"):
        load_system(broken)
    copy = tmp_path / "copy.yaml"
    copy.write_text((SYSTEMS_DIR / "hebei.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValidationFailedError, match=r"^copy\.yaml: id: 指标体系 'hebei' 重复"):
        load_systems([SYSTEMS_DIR / "hebei.yaml", copy])


@pytest.fixture()
def no_cache() -> Iterator[None]:
    systems_module.all_systems.cache_clear()
    yield
    systems_module.all_systems.cache_clear()


def test_get_system_names_the_known_ids(monkeypatch: pytest.MonkeyPatch, no_cache: None) -> None:
    files = [SYSTEMS_DIR / "hebei.yaml", SYSTEMS_DIR / "zhejiang-2025.yaml"]
    monkeypatch.setattr(systems_module, "system_paths", lambda: files)
    assert get_system("hebei").title == "河北省产业大脑建设指南"
    with pytest.raises(NotFoundError) as caught:
        get_system("jiangxi")
    assert caught.value.message == "没有指标体系 'jiangxi'；已有：hebei、zhejiang-2025"


def test_the_plugins_provide_files_through_the_hook(no_cache: None) -> None:
    paths = systems_module.system_paths()
    assert all(path.suffix == ".yaml" for path in paths)
    assert set(systems_module.all_systems()) >= {p.stem for p in paths if p.parent == SYSTEMS_DIR}
