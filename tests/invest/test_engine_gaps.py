"""Gaps: which nodes are gaps, their priority (0–100) and reason, and their order."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from industry_brain.chain.template import get_template
from industry_brain.db import Database
from industry_brain.invest.gaps import gaps_of, priority
from industry_brain.invest.service import get_gap, list_gaps, rank_candidates
from tests.invest.engine_dataset import seed_chain


@dataclass
class Stat:
    node_id: str
    local_enterprises: int
    outside_dependence_pct: float | None
    health: str
    suggestion: str | None


def test_priority_is_the_documented_weighted_mean() -> None:
    # 0.45·0.9 + 0.25·1 + 0.15·1 + 0.15·0.8 = 0.925
    assert priority(0.9, "missing", "补链", 80.0) == 92.5
    # 0.45·0.7 + 0.25·0.6 + 0.15·0.8 + 0.15·0.2 = 0.615
    assert priority(0.7, "weak", "强链", 20.0) == 61.5
    # dependence unknown: its weight shared, (0.45·0.5 + 0.25·1 + 0.15·0.5) / 0.85 = 0.647
    assert priority(0.5, "missing", "延链", None) == 64.7
    assert priority(0.0, "medium", None, 0.0) == 0.0


def test_gaps_are_missing_or_weak_nodes_or_those_with_a_suggestion() -> None:
    template = get_template("new_energy_vehicle")
    stats = {
        "drive_motors": Stat("drive_motors", 0, None, "missing", "补链"),
        "motor_controllers": Stat("motor_controllers", 2, 75.0, "weak", None),
        "vehicle_manufacturing": Stat("vehicle_manufacturing", 9, 10.0, "strong", None),
        "rare_earth_magnets": Stat("rare_earth_magnets", 6, 20.0, "medium", None),
    }
    gaps = gaps_of(template, stats, run_id="r1", counts={("new_energy_vehicle", "drive_motors"): 4})
    # in node order; (0.36 + 0.25 + 0.15) / 0.85; 0.45·0.7 + 0.25·0.6 + 0.15·0.75 = 0.5775
    assert [(g.node_id, g.priority, g.candidates) for g in gaps] == [
        ("drive_motors", 89.4, 4),
        ("motor_controllers", 57.8, 0),
    ]
    motors, controllers = gaps
    assert motors.reason == (
        "缺失环节：本地没有企业；重要度 0.80；上游“稀土永磁、电机控制器”在本地有企业；"
        "下游“整车制造”在本地有企业；本地企业采购该环节产品的来源未知（无供需数据）；"
        "建议补链（引进企业填补缺失环节）"
    )
    assert controllers.reason == (
        "薄弱环节：本地 2 家企业（健康度弱）；重要度 0.70；下游“整车制造”在本地有企业；"
        "本地企业采购该环节产品 75% 来自区外"
    )


def test_list_gaps_reads_the_latest_run_highest_priority_first(
    db: Session, database: Database
) -> None:
    assert list_gaps(db) == []
    seed_chain(database)
    db.rollback()
    gaps = list_gaps(db)
    assert [(g.node_id, g.priority) for g in gaps] == [
        ("drive_motors", 89.4),  # (0.36 + 0.25 + 0.15) / 0.85
        ("vehicle_manufacturing", 84.7),  # (0.45 + 0.15 + 0.12) / 0.85
        ("rare_earth_magnets", 61.2),  # (0.27 + 0.25) / 0.85
        ("motor_controllers", 54.7),  # (0.315 + 0.15) / 0.85
    ]
    assert get_gap(db, "new_energy_vehicle", "battery_cells") is None
    assert get_gap(db, "new_energy_vehicle", "drive_motors") == gaps[0]


def test_a_gap_with_no_candidates_says_so(db: Session, database: Database) -> None:
    seed_chain(database)
    db.rollback()
    gap = get_gap(db, "new_energy_vehicle", "rare_earth_magnets")
    assert gap is not None and gap.candidates == 0
    page = rank_candidates(db, "new_energy_vehicle", "rare_earth_magnets")
    assert page.total == 0 and page.items == []
