"""Chain templates: the built-in ones, every schema error with its path, the plugin hook."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from industry_brain.chain.template import (
    TemplateError,
    all_templates,
    get_template,
    load_template,
    parse_template,
)
from industry_brain.hookspecs import hookimpl
from industry_brain.plugins import plugin_manager

REQUIRED = {
    "上游": [
        "lithium_resources",
        "cathode",
        "anode",
        "electrolyte",
        "separator",
        "copper_aluminum_foil",
        "rare_earth_magnets",
        "power_semiconductors",
        "auto_chips",
    ],
    "中游": [
        "battery_cells",
        "bms",
        "drive_motors",
        "motor_controllers",
        "thermal_management",
        "body_chassis",
        "interior_exterior",
        "smart_cockpit",
        "autonomous_driving",
        "connectors_wiring",
        "tires_wheels",
    ],
    "下游": ["vehicle_manufacturing", "charging_swapping", "aftermarket", "battery_recycling"],
}

VALID: dict[str, Any] = {
    "id": "demo_chain",
    "name": "示例链",
    "nodes": [
        {"id": "a", "name": "甲", "stage": "上游", "products": ["甲产品"], "supplies": ["b"]},
        {"id": "b", "name": "乙", "stage": "中游", "parent": None, "importance": 0.5},
        {"id": "c", "name": "丙", "stage": "下游", "parent": "b", "codes": ["3612"]},
    ],
}


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    nodes = data["nodes"]
    match change:
        case "stage":
            nodes[1]["stage"] = "midstream"
        case "edge":
            nodes[0]["supplies"] = ["nowhere"]
        case "self_edge":
            nodes[0]["supplies"] = ["a"]
        case "parent":
            nodes[1]["parent"] = "ghost"
        case "cycle":
            nodes[0]["parent"], nodes[1]["parent"] = "b", "a"
        case "duplicate":
            nodes[2]["id"] = "a"
        case "importance":
            nodes[0]["importance"] = 1.5
        case "importance_type":
            nodes[0]["importance"] = "high"
        case "code":
            nodes[2]["codes"] = ["3612", "9999"]
        case "unknown_key":
            nodes[0]["colour"] = "red"
        case "no_nodes":
            data["nodes"] = []
        case "bad_id":
            nodes[0]["id"] = "Upper Case"
        case "empty_name":
            nodes[1]["name"] = ""
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("stage", "demo.yaml: nodes[1].stage: 'midstream' is not one of 上游/中游/下游"),
        ("edge", "demo.yaml: nodes[0].supplies[0]: 'nowhere' is not a node id"),
        ("self_edge", "demo.yaml: nodes[0].supplies[0]: 'a' is the node itself"),
        ("parent", "demo.yaml: nodes[1].parent: 'ghost' is not a node id"),
        ("cycle", "demo.yaml: nodes[0].parent: cycle of parents a → b → a"),
        ("duplicate", "demo.yaml: nodes[2].id: duplicate id 'a' (first at nodes[0])"),
        ("importance", "demo.yaml: nodes[0].importance: 1.5 is out of range 0–1"),
        ("importance_type", "demo.yaml: nodes[0].importance: 'high' is not a number"),
        ("code", "demo.yaml: nodes[2].codes[1]: '9999' is not a GB/T 4754-2017 code"),
        ("unknown_key", "demo.yaml: nodes[0].colour: unknown key"),
        ("no_nodes", "demo.yaml: nodes: must be a non-empty list"),
        ("bad_id", "demo.yaml: nodes[0].id: 'Upper Case' is not a lower-case identifier"),
        ("empty_name", "demo.yaml: nodes[1].name: '' is not a non-empty text"),
    ],
)
def test_schema_errors_name_the_exact_path(change: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(_broken(change), file="demo.yaml")
    assert str(caught.value) == message


def test_a_valid_template_parses_with_its_edges_and_parents() -> None:
    template = parse_template(VALID, file="demo.yaml")
    assert [node.id for node in template.nodes] == ["a", "b", "c"]
    assert template.edges() == [("a", "b")]
    assert template.node("c").parent == "b"
    with pytest.raises(KeyError):
        template.node("zzz")


def test_a_file_that_is_not_yaml_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^broken\.yaml: cannot be read"):
        load_template(path)


def test_new_energy_vehicle_has_the_required_nodes_in_their_stages() -> None:
    template = get_template("new_energy_vehicle")
    assert template.name == "新能源汽车"
    stages = {node.id: node.stage for node in template.nodes}
    for stage, ids in REQUIRED.items():
        for node_id in ids:
            assert stages.get(node_id) == stage, node_id
    assert all(0 <= node.importance <= 1 for node in template.nodes)
    assert ("cathode", "battery_cells") in template.edges()


def test_photovoltaic_ships_with_sub_nodes() -> None:
    template = get_template("photovoltaic")
    assert template.node("pv_glass").parent == "auxiliary_materials"
    assert {"polysilicon", "wafers", "cells", "modules", "inverters"} <= {
        node.id for node in template.nodes
    }


def test_an_unknown_template_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="new_energy_vehicle"):
        get_template("no_such_chain")


class _ExtraTemplates:
    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def ib_chain_templates(self) -> list[Path]:
        return [self.path]


@pytest.fixture
def extra_template(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "demo_chain.yaml"
    path.write_text(yaml.safe_dump(VALID, allow_unicode=True), encoding="utf-8")
    plugin = _ExtraTemplates(path)
    plugin_manager().register(plugin, name="test-extra-chain")
    all_templates.cache_clear()
    yield path
    plugin_manager().unregister(name="test-extra-chain")
    all_templates.cache_clear()


def test_a_plugin_adds_a_template_through_the_hook(extra_template: Path) -> None:
    template = get_template("demo_chain")
    assert template.source == extra_template
    assert "new_energy_vehicle" in all_templates()
