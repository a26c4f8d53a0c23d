"""Chain templates (产业链模板): YAML files of nodes, their stages and supply edges.

A template is data. Built-in templates live in ``templates/``; a plugin adds more through
the ``ib_chain_templates`` hook. Loading validates the whole file and refuses it with the
exact path of the first error, e.g. ``new_energy_vehicle.yaml: nodes[3].stage: 'midstream'
is not one of 上游/中游/下游``. Invariants of a loaded template: node ids are unique,
every ``parent`` and ``supplies`` target is a node of the same template, parents form no
cycle, importance and weight lie in their ranges, codes are GB/T 4754-2017 codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from industry_brain.codes.industries import is_valid_industry_code, normalize_industry_code

TEMPLATES_DIR = Path(__file__).parent / "templates"
STAGES = ("上游", "中游", "下游")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"id", "name", "description", "version", "exclusions", "nodes"}
_NODE_KEYS = {
    "id",
    "name",
    "stage",
    "parent",
    "importance",
    "weight",
    "codes",
    "products",
    "keywords",
    "weak_keywords",
    "supplies",
    "description",
}


class TemplateError(ValueError):
    """A template file breaks the schema; the message names the file and the path."""

    def __init__(self, file: str, path: str, message: str) -> None:
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")
        self.file, self.path, self.reason = file, path, message


@dataclass(frozen=True, slots=True)
class ChainNode:
    """One node (环节) of a chain: a segment with its products and matching vocabulary."""

    id: str
    name: str
    stage: str
    parent: str | None = None
    importance: float = 0.5
    weight: float = 1.0
    codes: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    weak_keywords: tuple[str, ...] = ()
    supplies: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class ChainTemplate:
    """A chain template: its nodes in file order and phrases that name no node."""

    id: str
    name: str
    nodes: tuple[ChainNode, ...]
    description: str = ""
    version: int = 1
    exclusions: tuple[str, ...] = ()
    source: Path | None = None

    def node(self, node_id: str) -> ChainNode:
        """Return the node with this id, or raise KeyError."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(f"template {self.id} has no node {node_id!r}")

    def edges(self) -> list[tuple[str, str]]:
        """Return the supply edges as (supplier, buyer) pairs."""
        return [(node.id, target) for node in self.nodes for target in node.supplies]


class _Checker:
    """Validate one parsed file, raising TemplateError at the first bad path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, message: str) -> TemplateError:
        return TemplateError(self.file, path, message)

    def text(self, value: object, path: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"{value!r} is not a non-empty text")
        return value.strip()

    def texts(self, value: object, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(path, "must be a list")
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(value))

    def number(self, value: object, path: str, low: float, high: float, default: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"{value!r} is not a number")
        if not low <= value <= high:
            raise self.fail(path, f"{value} is out of range {low:g}–{high:g}")
        return float(value)

    def mapping(self, value: object, path: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "must be a mapping")
        for key in value:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else str(key), "unknown key")
        return value

    def codes(self, value: object, path: str) -> tuple[str, ...]:
        codes = []
        for i, code in enumerate(self.texts(value, path)):
            if not is_valid_industry_code(code):
                raise self.fail(f"{path}[{i}]", f"{code!r} is not a GB/T 4754-2017 code")
            codes.append(normalize_industry_code(code))
        return tuple(codes)


def _node(check: _Checker, raw: object, path: str) -> ChainNode:
    """Validate one node's own fields (references are checked once all ids are known)."""
    data = check.mapping(raw, path, _NODE_KEYS)
    node_id = check.text(data.get("id"), f"{path}.id")
    if not _ID.match(node_id):
        raise check.fail(f"{path}.id", f"{node_id!r} is not a lower-case identifier")
    stage = data.get("stage")
    if stage not in STAGES:
        raise check.fail(f"{path}.stage", f"{stage!r} is not one of {'/'.join(STAGES)}")
    parent = data.get("parent")
    return ChainNode(
        id=node_id,
        name=check.text(data.get("name"), f"{path}.name"),
        stage=str(stage),
        parent=None if parent is None else check.text(parent, f"{path}.parent"),
        importance=check.number(data.get("importance"), f"{path}.importance", 0, 1, 0.5),
        weight=check.number(data.get("weight"), f"{path}.weight", 0.5, 2, 1.0),
        codes=check.codes(data.get("codes"), f"{path}.codes"),
        products=check.texts(data.get("products"), f"{path}.products"),
        keywords=check.texts(data.get("keywords"), f"{path}.keywords"),
        weak_keywords=check.texts(data.get("weak_keywords"), f"{path}.weak_keywords"),
        supplies=check.texts(data.get("supplies"), f"{path}.supplies"),
        description=check.text(data.get("description"), f"{path}.description", required=False),
    )


def _check_references(check: _Checker, nodes: list[ChainNode]) -> None:
    """Refuse duplicate ids, dangling parents and edges, and cycles of parents."""
    first: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.id in first:
            raise check.fail(
                f"nodes[{i}].id", f"duplicate id {node.id!r} (first at nodes[{first[node.id]}])"
            )
        first[node.id] = i
    for i, node in enumerate(nodes):
        if node.parent is not None and node.parent not in first:
            raise check.fail(f"nodes[{i}].parent", f"{node.parent!r} is not a node id")
        for j, target in enumerate(node.supplies):
            if target not in first or target == node.id:
                what = "the node itself" if target == node.id else "not a node id"
                raise check.fail(f"nodes[{i}].supplies[{j}]", f"{target!r} is {what}")
    parents = {node.id: node.parent for node in nodes}
    for i, node in enumerate(nodes):
        seen = [node.id]
        current = node.parent
        while current is not None:
            if current in seen:
                cycle = " → ".join([*seen, current])
                raise check.fail(f"nodes[{i}].parent", f"cycle of parents {cycle}")
            seen.append(current)
            current = parents[current]


def parse_template(data: object, *, file: str, source: Path | None = None) -> ChainTemplate:
    """Validate parsed YAML and return the template, or raise TemplateError."""
    check = _Checker(file)
    top = check.mapping(data, "", _TOP_KEYS)
    template_id = check.text(top.get("id"), "id")
    if not _ID.match(template_id):
        raise check.fail("id", f"{template_id!r} is not a lower-case identifier")
    raw_nodes = top.get("nodes")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise check.fail("nodes", "must be a non-empty list")
    nodes = [_node(check, raw, f"nodes[{i}]") for i, raw in enumerate(raw_nodes)]
    _check_references(check, nodes)
    version = top.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise check.fail("version", f"{version!r} is not an integer")
    return ChainTemplate(
        id=template_id,
        name=check.text(top.get("name"), "name"),
        nodes=tuple(nodes),
        description=check.text(top.get("description"), "description", required=False),
        version=version,
        exclusions=check.texts(top.get("exclusions"), "exclusions"),
        source=source,
    )


def load_template(path: Path) -> ChainTemplate:
    """Read and validate one template file."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(path.name, "", f"cannot be read as UTF-8 YAML ({exc})") from exc
    return parse_template(data, file=path.name, source=path)


def template_paths() -> list[Path]:
    """Return the built-in template files and those plugins provide, without repeats."""
    from industry_brain.plugins import plugin_manager

    paths = sorted(TEMPLATES_DIR.glob("*.yaml"))
    paths += [path for group in plugin_manager().hook.ib_chain_templates() for path in group]
    unique: dict[Path, Path] = {}
    for path in paths:
        unique.setdefault(Path(path).resolve(), Path(path))
    return list(unique.values())


@lru_cache(maxsize=1)
def all_templates() -> dict[str, ChainTemplate]:
    """Return every template, built-in and from plugins, by id."""
    templates: dict[str, ChainTemplate] = {}
    for path in template_paths():
        template = load_template(path)
        if template.id in templates:
            raise TemplateError(path.name, "id", f"template {template.id!r} is defined twice")
        templates[template.id] = template
    return templates


def get_template(template_id: str) -> ChainTemplate:
    """Return the template with this id, or raise KeyError naming the known ones."""
    templates = all_templates()
    if template_id not in templates:
        known = ", ".join(sorted(templates))
        raise KeyError(f"unknown chain template {template_id!r}; known: {known}")
    return templates[template_id]
