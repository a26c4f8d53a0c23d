"""Chain analytics: node figures, growth, dependence, health, 健全度, 链主 and suggestions."""

from __future__ import annotations

import pytest

from industry_brain.chain.analytics import Firm, analyse
from industry_brain.chain.template import ChainTemplate, parse_template


def _template() -> ChainTemplate:
    def node(node_id: str, stage: str, importance: float, supplies: list[str]) -> dict[str, object]:
        return {
            "id": node_id,
            "name": node_id.upper(),
            "stage": stage,
            "importance": importance,
            "products": [f"{node_id}产品"],
            "keywords": [f"{node_id}关键词"],
            "supplies": supplies,
        }

    return parse_template(
        {
            "id": "toy",
            "name": "玩具链",
            "nodes": [
                node("a", "上游", 1.0, ["b"]),
                node("b", "中游", 0.5, ["c"]),
                node("c", "下游", 1.0, []),
                node("d", "中游", 0.6, ["c"]),
                node("e", "上游", 0.4, ["d"]),
            ],
        },
        file="toy.yaml",
    )


FIRMS = {
    "L1": Firm("L1", "本地甲", True, True, 100.0, 80.0),
    "L2": Firm("L2", "本地乙", True, False, 50.0, None),
    "L3": Firm("L3", "本地丙", True, True, 300.0, 200.0),
    "O1": Firm("O1", "外地甲", False, True, 1000.0, 900.0),
    "O2": Firm("O2", "外地乙", False, True, 500.0, None),
}
MAIN = {"L1": "a", "L2": "a", "L3": "c", "O1": "a", "O2": "b"}
# Local buyer 丙 buys a-goods from 甲 (local, 10) and 外地甲 (30), b-goods from 外地乙 (40).
RELATIONS = [("L1", "L3", 10.0), ("O1", "L3", 30.0), ("O2", "L3", 40.0)]


def test_node_figures_count_local_firms_once_in_their_main_node() -> None:
    result = analyse(_template(), main_node=MAIN, firms=FIRMS, relations=RELATIONS)
    a, b, c = result.nodes["a"], result.nodes["b"], result.nodes["c"]
    assert (a.enterprises, a.local_enterprises, a.above_scale) == (3, 2, 1)
    assert (a.revenue_12m, c.revenue_12m, b.revenue_12m) == (150.0, 300.0, 0.0)
    assert (a.revenue_share_pct, c.revenue_share_pct) == (33.33, 66.67)
    # Growth over firms with last year's figure only: 甲 100 against 80.
    assert a.revenue_yoy_pct == 25.0 and c.revenue_yoy_pct == 50.0
    assert (a.local_purchases, a.outside_purchases, a.outside_dependence_pct) == (10.0, 30.0, 75.0)
    assert b.outside_dependence_pct == 100.0 and c.outside_dependence_pct is None


def test_health_completeness_and_suggestions() -> None:
    result = analyse(_template(), main_node=MAIN, firms=FIRMS, relations=RELATIONS)
    health = {node_id: stat.health for node_id, stat in result.nodes.items()}
    assert health == {"a": "weak", "b": "missing", "c": "weak", "d": "missing", "e": "missing"}
    # Present: a (1.0) and c (1.0) of 1.0 + 0.5 + 1.0 + 0.6 + 0.4.
    assert result.completeness_pct == pytest.approx(round(100 * 2.0 / 3.5, 2))
    advice = {node_id: stat.suggestion for node_id, stat in result.nodes.items()}
    # b lies between present a and c: 补链; d touches present c only: 延链; e touches none.
    assert advice == {"a": "强链", "b": "补链", "c": "强链", "d": "延链", "e": None}


def test_strong_nodes_need_firms_scale_and_local_supply() -> None:
    firms = {f"S{i}": Firm(f"S{i}", f"强{i}", True, i == 0, 10.0, 10.0) for i in range(5)}
    main = dict.fromkeys(firms, "a")
    result = analyse(_template(), main_node=main, firms=firms, relations=[])
    assert result.nodes["a"].health == "strong" and result.nodes["a"].suggestion is None
    relations = [("X", "S1", 1.0)]  # bought from outside only: dependence 100%
    result = analyse(_template(), main_node={**main, "X": "a"}, firms=firms, relations=relations)
    assert result.nodes["a"].health == "weak"


def test_leaders_weigh_scale_and_network_and_chain_leaders_are_above_scale() -> None:
    result = analyse(_template(), main_node=MAIN, firms=FIRMS, relations=RELATIONS)
    scores = {leader.uscc: leader.score for leader in result.nodes["a"].leaders}
    # Percentiles among local chain firms: revenue 乙 1/3, 甲 2/3, 丙 1; partners 0, 1, 3.
    assert scores == pytest.approx({"L1": 2 / 3, "L2": 1 / 3}, abs=1e-4)
    assert [leader.uscc for leader in result.leaders] == ["L3", "L1"]
    assert result.leaders[0].partners == 3 and result.leaders[0].score == 1.0
