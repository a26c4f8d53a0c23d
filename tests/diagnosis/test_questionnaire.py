"""Questionnaires are YAML data: the built-in one loads with its known shape, a new version
is added by a file, and a broken file is refused with the file and path named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from industry_brain.diagnosis.questionnaire import (
    QUESTIONNAIRES_DIR,
    QuestionnaireError,
    load_questionnaires,
    parse_questionnaire,
)


def builtin() -> dict[str, Any]:
    """Return the built-in questionnaire file as parsed YAML."""
    data: dict[str, Any] = yaml.safe_load(
        (QUESTIONNAIRES_DIR / "smb-digital-2024.yaml").read_text(encoding="utf-8")
    )
    return data


def test_the_builtin_questionnaire() -> None:
    found = load_questionnaires()
    assert list(found) == [("smb-digital-2024", 1)]
    q = found[("smb-digital-2024", 1)]
    assert [(d.name, d.max_score) for d in q.dimensions] == [
        ("数字化基础", 25), ("数字化经营", 35), ("数字化管理", 20), ("数字化成效", 20)
    ]  # fmt: skip
    assert [[x.area for x in d.questions] for d in q.dimensions] == [
        ["设备系统数字化", "网络", "数据"], ["研发设计", "生产管控", "采购供应", "营销服务"],
        ["财务", "人力", "安全"], ["效率", "质量", "效益"],
    ]  # fmt: skip
    assert q.max_score == 100
    assert [(lv.level, lv.name, lv.min) for lv in q.levels] == [
        (1, "一级", 0), (2, "二级", 40), (3, "三级", 60), (4, "四级", 80)
    ]  # fmt: skip
    assert {x.type for _, x in q.questions()} == {"single", "multiple"}


def test_a_new_version_is_a_new_file(tmp_path: Path) -> None:
    data = builtin()
    data["version"] = 2
    data["levels"][1]["min"] = 45
    (tmp_path / "smb-digital-2024-v2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    found = load_questionnaires(QUESTIONNAIRES_DIR, tmp_path)
    assert sorted(found) == [("smb-digital-2024", 1), ("smb-digital-2024", 2)]
    assert found[("smb-digital-2024", 2)].levels[1].min == 45
    assert found[("smb-digital-2024", 1)].levels[1].min == 40


def test_the_same_version_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "copy.yaml").write_text(yaml.safe_dump(builtin(), allow_unicode=True))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaires(QUESTIONNAIRES_DIR, tmp_path)
    assert str(caught.value) == "copy.yaml: version: smb-digital-2024 第 1 版重复"


def _broken(change: Any) -> str:
    data = builtin()
    change(data)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(data, "q.yaml")
    return str(caught.value)


def _option(data: dict[str, Any], d: int, q: int, o: int) -> dict[str, Any]:
    option: dict[str, Any] = data["dimensions"][d]["questions"][q]["options"][o]
    return option


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _option(d, 1, 0, 2).update(score=-1),
         "q.yaml: dimensions[1].questions[0].options[2].score: 必须是 0 到 100 之间的整数"),
        (lambda d: _option(d, 0, 0, 1).update(score="3"),
         "q.yaml: dimensions[0].questions[0].options[1].score: 必须是 0 到 100 之间的整数"),
        (lambda d: d["dimensions"][0]["questions"][1].update(type="rating"),
         "q.yaml: dimensions[0].questions[1].type: "
         "'rating' 不是 single（单选）或 multiple（多选）"),
        (lambda d: d["dimensions"][0]["questions"][2].pop("max_score"),
         "q.yaml: dimensions[0].questions[2].max_score: 必须是 1 到 100 之间的整数"),
        (lambda d: d["dimensions"][0]["questions"][2].update(max_score=20),
         "q.yaml: dimensions[0].questions[2].max_score: 多选题所有选项分值之和小于 max_score"),
        (lambda d: d["dimensions"][2]["questions"][0].update(options=[]),
         "q.yaml: dimensions[2].questions[0].options: 必须是非空列表"),
        (lambda d: _option(d, 3, 1, 1).update(id="a"),
         "q.yaml: dimensions[3].questions[1].options[1].id: 编号 'a' 重复"),
        (lambda d: d["dimensions"][3]["questions"][0].update(id="equipment"),
         "q.yaml: dimensions: 题目编号 'equipment' 重复"),
        (lambda d: d["dimensions"][1].update(colour="red"),
         "q.yaml: dimensions[1]: 未知的键 colour"),
        (lambda d: d["dimensions"][1]["questions"][0].update(text=" "),
         "q.yaml: dimensions[1].questions[0].text: 必须是非空文本"),
        (lambda d: d["levels"][2].update(min=40),
         "q.yaml: levels[2].min: 等级门槛必须逐级升高"),
        (lambda d: d["levels"][0].update(min=10),
         "q.yaml: levels[0].min: 第一个等级的 min 必须为 0"),
        (lambda d: d["levels"][3].update(level=5),
         "q.yaml: levels[3].level: 等级应依次编号，此处应为 4"),
        (lambda d: d["levels"][3].update(min=101),
         "q.yaml: levels[3].min: 必须是 0 到 100 之间的整数"),
        (lambda d: d.update(gap_pct=80),
         "q.yaml: gap_pct: 必须是 0 到 70 之间的整数"),
        (lambda d: d.update(id="SMB 2024"),
         "q.yaml: id: 'SMB 2024' 不是合法的编号（小写字母、数字、- 或 _）"),
        (lambda d: d.pop("dimensions"), "q.yaml: dimensions: 必须是非空列表"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_with_its_path(change: Any, message: str) -> None:
    assert _broken(change) == message


def test_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaires(tmp_path)
    assert str(caught.value).startswith("bad.yaml: 不是合法的 YAML：")
