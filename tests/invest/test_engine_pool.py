"""The pipeline step end to end on a small lake (engine_dataset.py): the pool's factors, its
publication, and the ranking and candidate the pages read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.invest import pool_store
from industry_brain.invest.pool_step import invest_pool_step
from industry_brain.invest.service import candidate, rank_candidates
from industry_brain.invest.weights_actions import do_update_weights
from tests.invest.engine_dataset import NODE, TEMPLATE, A, B, C, F, build_lake, seed_chain

FACTORS = "fit, scale, growth, innovation, network, relatedness, distance, distance_km"


@pytest.fixture
def lake(tmp_path: Path, database: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """The dataset's lake after the step ran (the pool built and published)."""
    pool_store.clear_cache()
    seed_chain(database)
    con = build_lake(tmp_path / "lake.duckdb")
    summary = invest_pool_step(con, database, Principal.system("test"))
    assert summary.startswith("1 条产业链 2 个环节的区外候选企业 4 家（5 条环节归属）")
    yield con
    con.close()


def test_the_pool_holds_outside_active_enterprises_with_their_factors(
    lake: duckdb.DuckDBPyConnection,
) -> None:
    rows = lake.execute(
        f"SELECT node_id, uscc, assign_rank, {FACTORS} FROM invest.pool ORDER BY node_id, uscc"
    ).fetchall()
    assert rows == [
        (NODE, A, 1, 90.0, 28.96, 70.0, 42.0, 46.67, None, 75.43, 162.7),
        (NODE, B, 1, 60.0, 70.83, 75.0, 0.0, 26.67, None, 12.68, 1191.8),
        (NODE, C, 2, 50.0, None, None, 0.0, 26.67, None, None, None),
        (NODE, F, 1, 80.0, 32.89, None, 0.0, 26.67, None, 64.13, 256.4),
        # 电机控制器's neighbours: 功率半导体, 汽车芯片, 整车制造 and 驱动电机 (G, local today)
        ("motor_controllers", C, 1, 70.0, None, None, 0.0, 20.0, None, None, None),
    ]


def test_the_raw_features_behind_the_factors(lake: duckdb.DuckDBPyConnection) -> None:
    row = lake.execute(
        "SELECT revenue_12m_wan_yuan, revenue_growth_pct, invention_patents, other_patents, "
        "high_tech, local_buyers, local_suppliers, edge_nodes, edge_nodes_local, "
        "edge_names_local, city_name, location_precision FROM invest.pool WHERE uscc = ?",
        [A],
    ).fetchone()
    assert row == (1440.0, 20.0, 2, 3, True, 1, 0, 3, 2, "电机控制器、整车制造", "上海市", "county")
    capital = lake.execute(
        "SELECT capital_before_wan_yuan, capital_after_wan_yuan, capital_ratio "
        "FROM invest.pool WHERE uscc = ?",
        [B],
    ).fetchone()
    assert capital == (5000.0, 10000.0, 2.0)


def test_the_ranking_renormalises_over_known_factors(db: Session, lake: object) -> None:
    page = rank_candidates(db, TEMPLATE, NODE)
    assert page.total == 4
    assert [(c.uscc, c.position, c.score, c.missing) for c in page.items] == [
        (A, 1, 61.0234, ["relatedness"]),  # known weights 90
        (F, 2, 45.8506, ["growth", "relatedness"]),  # known weights 80
        (B, 3, 44.1406, ["relatedness"]),
        (C, 4, 32.4255, ["scale", "growth", "relatedness", "distance"]),  # known 55
    ]
    first = page.items[0]
    assert [f.contribution for f in first.factors] == [
        25.0, 4.8267, 7.7778, 4.6667, 10.3711, None, 8.3811
    ]  # fmt: skip
    assert first.score == round(sum(f.contribution or 0 for f in first.factors), 4)
    assert page.items[3].factors[0].contribution == 22.7273  # 50 × 25/55
    south = rank_candidates(db, TEMPLATE, NODE, province="440000")
    assert [c.uscc for c in south.items] == [B] and south.total == 1
    assert rank_candidates(db, TEMPLATE, NODE, min_score=45).total == 2


def test_a_candidate_is_explained_factor_by_factor(db: Session, lake: object) -> None:
    found = candidate(db, TEMPLATE, NODE, A)
    assert found is not None and found.position == 1 and found.name == "上海丙电机有限公司"
    assert (found.province_name, found.city_name, found.county_name) == (
        "上海市", "上海市", "浦东新区"
    )  # fmt: skip
    assert [f.sentence for f in found.factors] == [
        "分类器以 90% 的置信度将其归入“驱动电机”（主环节），依据：产品“drive_motors”",
        "近12个月营业收入 1,440 万元",
        "近12个月月均营业收入较前12个月增长 20.0%",
        "发明专利 2 件、其他专利 3 件，有效期内的高新技术企业",
        "已向 1 家本地企业供货（常州甲汽车有限公司）；"
        "模板上下游 3 个环节中 2 个在本地有企业（电机控制器、整车制造）",
        "产业关联度未知：可比较的地区太少，无法计算环节邻近度",
        "距集群区域中心约 163 公里（上海市，按区县中心）",
    ]
    unknown = candidate(db, TEMPLATE, NODE, C)
    assert unknown is not None and unknown.position == 4
    assert unknown.factors[1].sentence == "规模未知：没有营业收入、从业人数、注册资本数据"
    assert unknown.factors[6].sentence == "距离未知：没有企业或其所在区划的坐标"
    assert candidate(db, TEMPLATE, NODE, "91330100MA0000000X") is None
    assert candidate(db, TEMPLATE, "motor_controllers", A) is None


def test_new_weights_change_the_ranking(db: Session, database: Database, lake: object) -> None:
    admin = Principal.system("test")
    weights = dict.fromkeys(("fit", "scale", "growth", "innovation", "network", "relatedness"), 0)
    with database.writer() as session:
        do_update_weights(session, actor=admin, weights=weights | {"distance": 1})
    db.rollback()
    page = rank_candidates(db, TEMPLATE, NODE)
    assert [(c.uscc, c.score) for c in page.items] == [
        (A, 75.43), (F, 64.13), (B, 12.68), (C, None)
    ]  # fmt: skip


def test_the_published_table_is_indexed_by_gap_and_code(database: Database, lake: object) -> None:
    indexes = inspect(database.engine).get_indexes("ads_invest_pool")
    columns = {tuple(index["column_names"]): bool(index["unique"]) for index in indexes}
    assert columns == {("template_id", "node_id", "uscc"): True, ("uscc",): False}
