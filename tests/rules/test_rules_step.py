"""The pipeline step: facts computed into the lake and published as ``ads_enterprise_facts``,
on a small lake and through the real pipeline (the known cluster)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.plugins import plugin_manager
from industry_brain.rules import Result, evaluate, parse
from industry_brain.rules.step import STEP_NAME, STEP_ORDER, facts_step
from industry_brain.warehouse.pipeline.run import PipelineReport
from tests.known_cluster import ALPHA, BETA, GAMMA, known_cluster
from tests.rules.lake import FactsLake

__all__ = ["known_cluster"]


def published(database: Database) -> dict[str, dict[str, Any]]:
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM ads_enterprise_facts")).mappings().all()
    return {row["uscc"]: dict(row) for row in rows}


def test_the_step_is_registered_at_order_50() -> None:
    steps = [step for found in plugin_manager().hook.ib_pipeline_steps() for step in found]
    [step] = [step for step in steps if step.name == STEP_NAME]
    assert (step.order, step.run, STEP_ORDER) == (50, facts_step, 50)


def test_the_step_publishes_one_row_per_enterprise(tmp_path: Path, database: Database) -> None:
    lake = FactsLake(tmp_path / "lake.duckdb")
    lake.enterprise("A", county="320412", above_scale=True, established_on=date(2000, 1, 1))
    lake.year("A", 2024, revenue=200, rd=8)
    lake.honor("A", "创新型中小企业")
    lake.honor("A", "高新技术企业", until=date(2024, 12, 31))
    lake.enterprise("B", county="440305")
    summary = facts_step(lake.con, database, Principal.system("test"))
    assert summary.startswith("2 家企业的 12 项事实（上年为 2024 年），用时 ")
    rows = published(database)
    assert sorted(rows) == ["A", "B"]
    assert rows["A"]["honors"] == "创新型中小企业"  # a set is published joined by “、”
    assert rows["B"]["honors"] == ""
    assert (rows["A"]["revenue_last_year"], rows["A"]["rd_ratio_last_year"]) == (2400.0, 4.0)
    indexes = inspect(database.engine).get_indexes("ads_enterprise_facts")
    assert {(tuple(i["column_names"]), bool(i["unique"])) for i in indexes} == {
        (("uscc",), True),
        (("region_code",), False),
    }
    rule = parse("荣誉 包含 创新型中小企业 且 注册地 在 本市 且 研发投入占比 >= 3%")
    assert evaluate(rule, rows["A"]).result is Result.MET
    assert evaluate(rule, rows["B"]).result is Result.NOT_MET


def test_the_real_pipeline_computes_the_known_cluster(known_cluster: PipelineReport,
                                                      database: Database) -> None:  # fmt: skip
    assert known_cluster.steps[STEP_NAME].startswith("3 家企业的 12 项事实（上年为 2024 年）")
    rows = published(database)
    alpha = dict(rows[ALPHA])
    assert alpha | {"age_years": None} == {
        "uscc": ALPHA,
        "revenue_last_year": 1440.0,  # 120 a month in 2024
        "tax_last_year": None,  # no tax reported
        "employees": 110.0,
        "rd_ratio_last_year": 5.0,  # 72 / 1440
        "region_code": "320412",
        "industry_code": "3841",
        "honors": "高新技术企业",  # 专精特新 expired in 2020
        "age_years": None,
        "status": "存续",
        "above_scale": True,
        "revenue_growth_3y": None,  # no 2021
        "invention_patents": 2.0,
        "home_region_code": "320400",
    }
    today = date.today()
    assert alpha["age_years"] == today.year - 2015  # established 2015-01-01
    beta, gamma = rows[BETA], rows[GAMMA]
    assert (beta["revenue_last_year"], beta["employees"], beta["above_scale"]) == (
        1200.0,
        30.0,
        False,
    )
    assert (gamma["revenue_last_year"], gamma["employees"], gamma["status"]) == (None, 40.0, "迁出")
    local = parse("注册地 在 本市 且 上年营业收入 >= 1000 万元")
    results = [evaluate(local, rows[uscc]).result for uscc in (ALPHA, BETA, GAMMA)]
    assert results == [Result.MET, Result.MET, Result.NOT_MET]
