"""Questionnaires of the 数字化诊断 as data: YAML files, one version each.

Built-in questionnaires live in ``questionnaires/``; another version (or another
questionnaire) is added by dropping a file there, or by passing more folders to
``load_questionnaires``. A file is validated whole and refused with the path of the first
error, e.g. ``smb-digital-2024.yaml: dimensions[1].questions[0].options[2].score: 必须是非负整数``.

Invariants of a loaded questionnaire: ids are unique (dimensions, questions, options within
a question); scores are non-negative integers; a single-choice question is worth its best
option, a multiple-choice one the sum of its options capped at ``max_score``; level
thresholds start at 0 and strictly increase, levels are numbered 1, 2, …; ``gap_pct`` ≤
``strength_pct``. Assessments keep ``(id, version)``, so a published version is never edited:
a change is a new file with a higher version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

QUESTIONNAIRES_DIR = Path(__file__).parent / "questionnaires"
QUESTION_TYPES = {"single": "单选", "multiple": "多选"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class QuestionnaireError(ValueError):
    """A questionnaire file breaks the schema; the message names the file and the path."""

    def __init__(self, file: str, path: str, message: str) -> None:
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")
        self.file, self.path, self.reason = file, path, message


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a question and the points it earns."""

    id: str
    text: str
    score: int
    exclusive: bool = False  # “以上都没有”: cannot be chosen with another option


@dataclass(frozen=True, slots=True)
class Question:
    """One question: single (one option) or multiple choice (capped sum of options)."""

    id: str
    area: str
    type: str
    text: str
    options: tuple[Option, ...]
    max_score: int

    def option(self, option_id: str) -> Option | None:
        """Return the option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension (维度) of the questionnaire, with the catalogue categories that help it."""

    id: str
    name: str
    questions: tuple[Question, ...]
    solution_categories: tuple[str, ...] = ()

    @property
    def max_score(self) -> int:
        """The most points the dimension can earn."""
        return sum(q.max_score for q in self.questions)


@dataclass(frozen=True, slots=True)
class Level:
    """A level (等级) reached when the total is at least ``min``."""

    level: int
    name: str
    min: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """One version of a questionnaire."""

    id: str
    version: int
    title: str
    description: str
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]
    strength_pct: int
    gap_pct: int

    @property
    def max_score(self) -> int:
        """The most points the whole questionnaire can earn."""
        return sum(d.max_score for d in self.dimensions)

    def questions(self) -> list[tuple[Dimension, Question]]:
        """Return every question with its dimension, in order."""
        return [(d, q) for d in self.dimensions for q in d.questions]


class _Checker:
    """Validate one parsed file, raising QuestionnaireError at the first bad path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, message: str) -> QuestionnaireError:
        return QuestionnaireError(self.file, path, message)

    def mapping(self, value: object, path: str, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "必须是映射（键: 值）")
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            raise self.fail(path, f"未知的键 {', '.join(unknown)}")
        return value

    def text(self, value: object, path: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "必须是非空文本")
        return value.strip()

    def ident(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(path, f"{value!r} 不是合法的编号（小写字母、数字、- 或 _）")
        return value

    def integer(self, value: object, path: str, *, low: int = 0, high: int = 100) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(path, f"必须是 {low} 到 {high} 之间的整数")
        return value

    def items(self, value: object, path: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "必须是非空列表")
        return value

    def unique(self, ids: list[str], path: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(ids):
            if item in seen:
                raise self.fail(f"{path}[{index}].id", f"编号 {item!r} 重复")
            seen.add(item)


def _option(check: _Checker, raw: object, path: str) -> Option:
    data = check.mapping(raw, path, {"id", "text", "score", "exclusive"})
    exclusive = data.get("exclusive", False)
    if not isinstance(exclusive, bool):
        raise check.fail(f"{path}.exclusive", "必须是 true 或 false")
    return Option(
        id=check.ident(data.get("id"), f"{path}.id"),
        text=check.text(data.get("text"), f"{path}.text"),
        score=check.integer(data.get("score"), f"{path}.score"),
        exclusive=exclusive,
    )


def _question(check: _Checker, raw: object, path: str) -> Question:
    keys = {"id", "area", "type", "text", "options", "max_score"}
    data = check.mapping(raw, path, keys)
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        raise check.fail(f"{path}.type", f"{kind!r} 不是 single（单选）或 multiple（多选）")
    options = [
        _option(check, item, f"{path}.options[{i}]")
        for i, item in enumerate(check.items(data.get("options"), f"{path}.options"))
    ]
    check.unique([o.id for o in options], f"{path}.options")
    if kind == "single":
        if "max_score" in data:
            raise check.fail(f"{path}.max_score", "单选题的分值是最高选项的分值，不需要 max_score")
        top = max(o.score for o in options)
    else:
        top = check.integer(data.get("max_score"), f"{path}.max_score", low=1)
        if sum(o.score for o in options) < top:
            raise check.fail(f"{path}.max_score", "多选题所有选项分值之和小于 max_score")
    return Question(
        id=check.ident(data.get("id"), f"{path}.id"),
        area=check.text(data.get("area"), f"{path}.area"),
        type=str(kind),
        text=check.text(data.get("text"), f"{path}.text"),
        options=tuple(options),
        max_score=top,
    )


def _dimension(check: _Checker, raw: object, path: str) -> Dimension:
    data = check.mapping(raw, path, {"id", "name", "questions", "solution_categories"})
    questions = [
        _question(check, item, f"{path}.questions[{i}]")
        for i, item in enumerate(check.items(data.get("questions"), f"{path}.questions"))
    ]
    categories = data.get("solution_categories") or []
    if not isinstance(categories, list):
        raise check.fail(f"{path}.solution_categories", "必须是列表")
    return Dimension(
        id=check.ident(data.get("id"), f"{path}.id"),
        name=check.text(data.get("name"), f"{path}.name"),
        questions=tuple(questions),
        solution_categories=tuple(
            check.text(c, f"{path}.solution_categories[{i}]") for i, c in enumerate(categories)
        ),
    )


def _levels(check: _Checker, raw: object, top: int) -> tuple[Level, ...]:
    levels: list[Level] = []
    for index, item in enumerate(check.items(raw, "levels")):
        path = f"levels[{index}]"
        data = check.mapping(item, path, {"level", "name", "min", "description"})
        level = Level(
            level=check.integer(data.get("level"), f"{path}.level", low=1, high=9),
            name=check.text(data.get("name"), f"{path}.name"),
            min=check.integer(data.get("min"), f"{path}.min", high=top),
            description=check.text(data.get("description"), f"{path}.description", required=False),
        )
        if level.level != index + 1:
            raise check.fail(f"{path}.level", f"等级应依次编号，此处应为 {index + 1}")
        if index == 0 and level.min != 0:
            raise check.fail(f"{path}.min", "第一个等级的 min 必须为 0")
        if levels and level.min <= levels[-1].min:
            raise check.fail(f"{path}.min", "等级门槛必须逐级升高")
        levels.append(level)
    return tuple(levels)


def parse_questionnaire(raw: object, file: str) -> Questionnaire:
    """Validate a parsed YAML document and return the questionnaire it describes."""
    check = _Checker(file)
    top_keys = {"id", "version", "title", "description", "levels", "dimensions"}
    data = check.mapping(raw, "", top_keys | {"strength_pct", "gap_pct"})
    dimensions = [
        _dimension(check, item, f"dimensions[{i}]")
        for i, item in enumerate(check.items(data.get("dimensions"), "dimensions"))
    ]
    check.unique([d.id for d in dimensions], "dimensions")
    questions = [q.id for d in dimensions for q in d.questions]
    if len(set(questions)) != len(questions):
        repeated = next(q for q in questions if questions.count(q) > 1)
        raise check.fail("dimensions", f"题目编号 {repeated!r} 重复")
    strength = check.integer(data.get("strength_pct"), "strength_pct")
    gap = check.integer(data.get("gap_pct"), "gap_pct", high=strength)
    top = sum(d.max_score for d in dimensions)
    return Questionnaire(
        id=check.ident(data.get("id"), "id"),
        version=check.integer(data.get("version"), "version", low=1, high=9999),
        title=check.text(data.get("title"), "title"),
        description=check.text(data.get("description"), "description", required=False),
        levels=_levels(check, data.get("levels"), top),
        dimensions=tuple(dimensions),
        strength_pct=strength,
        gap_pct=gap,
    )


def load_file(path: Path) -> Questionnaire:
    """Read and validate one questionnaire file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuestionnaireError(path.name, "", f"不是合法的 YAML：{exc}") from exc
    return parse_questionnaire(raw, path.name)


def load_questionnaires(*folders: Path) -> dict[tuple[str, int], Questionnaire]:
    """Load every ``*.yaml`` of the folders (the built-in one by default), keyed by
    (id, version); a version given twice is refused."""
    found: dict[tuple[str, int], Questionnaire] = {}
    for folder in folders or (QUESTIONNAIRES_DIR,):
        for path in sorted(folder.glob("*.yaml")):
            questionnaire = load_file(path)
            key = (questionnaire.id, questionnaire.version)
            if key in found:
                raise QuestionnaireError(path.name, "version", f"{key[0]} 第 {key[1]} 版重复")
            found[key] = questionnaire
    return found


@lru_cache(maxsize=1)
def registry() -> dict[tuple[str, int], Questionnaire]:
    """Return the built-in questionnaires (loaded once)."""
    return load_questionnaires()


def current_questionnaires() -> list[Questionnaire]:
    """Return the newest version of each questionnaire, by id."""
    newest: dict[str, Questionnaire] = {}
    for (qid, _version), questionnaire in sorted(registry().items()):
        newest[qid] = questionnaire
    return list(newest.values())


def get_questionnaire(questionnaire_id: str, version: int | None = None) -> Questionnaire | None:
    """Return a given version of a questionnaire (its newest when version is None)."""
    if version is not None:
        return registry().get((questionnaire_id, version))
    matches = [q for q in current_questionnaires() if q.id == questionnaire_id]
    return matches[0] if matches else None


DEFAULT_ID = "smb-digital-2024"


def default_questionnaire() -> Questionnaire:
    """Return the newest version of the questionnaire enterprises take by default."""
    found = get_questionnaire(DEFAULT_ID) or current_questionnaires()[0]
    return found
