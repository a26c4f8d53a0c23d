"""The ranking's backtest on the planted dataset (engine_dataset.py), cut-off 2024-03.

Known then on 驱动电机: A (no growth yet: 3 months of the year before; 1,260 万元 → scale
27.51; its local sale is from 2024-06: network 26.67) 54.6; G, still at its 南京 address
(114 km: distance 82.07) 47.98; F 45.85; B 44.14; C 32.43. The arrivals: F (常州 branch,
2024-06) at rank 3 and G (address into 武进, 2024-09) at rank 2. So hit-rate@1 0, @2 1/2,
@3 1, median rank 2.5; a random order of 5 would hit 1/5, 2/5, 3/5.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from industry_brain.cli import app
from industry_brain.db import Database, utcnow
from industry_brain.invest.backtest import backtest_at, run_backtest
from industry_brain.monitor.evaluations import latest_evaluation
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ImportBatch
from tests.conftest import FAST_HASHING
from tests.invest.engine_dataset import VEH, A, B, F, G, build_lake, seed_chain

CUTOFF = date(2024, 3, 1)


@pytest.fixture
def planted(settings: Settings, database: Database) -> Settings:
    """The dataset's lake in the settings' data directory and its chain run."""
    seed_chain(database)
    build_lake(settings.resolved_lake_path).close()
    return settings


def test_the_ranking_is_measured_against_the_enterprises_that_came(
    planted: Settings, database: Database
) -> None:
    result = backtest_at(settings=planted, database=database, cutoff=CUTOFF, ks=(1, 2, 3))
    assert result.model == "invest.ranking" and result.synthetic is False
    assert result.figures == {
        "hit_rate_at_1": 0.0,
        "hit_rate_at_2": 0.5,
        "hit_rate_at_3": 1.0,
        "median_rank": 2.5,
        "random_hit_rate_at_1": 0.2,
        "random_hit_rate_at_2": 0.4,
        "random_hit_rate_at_3": 0.6,
        "arrivals": 2,
        "arrivals_in_pool": 2,
        "candidates": 5,
    }
    assert result.details["arrivals"] == [
        {"uscc": F, "arrived_on": "2024-06-10", "source": "branch", "template_id":
         "new_energy_vehicle", "node_id": "drive_motors", "rank": 3, "candidates": 5},
        {"uscc": G, "arrived_on": "2024-09-05", "source": "address", "template_id":
         "new_energy_vehicle", "node_id": "drive_motors", "rank": 2, "candidates": 5},
    ]  # fmt: skip
    assert result.data_note == (
        "导入数据：以截止月之后在本区域设立分支机构或把注册地址迁入本区域的区外企业为准，"
        "共 2 家；产业链环节取自最新一次分类"
    )
    assert result.lines == [
        "截止 2024-03：候选企业 5 家，之后落地 2 家，其中 2 家当时在候选池中",
        "命中率@1 0%，命中率@2 50%，命中率@3 100%；排名中位数 2.5",
        "随机排序的期望命中率：@1 20%，@2 40%，@3 60%",
    ]


def test_after_the_arrivals_there_is_nothing_to_find(planted: Settings, database: Database) -> None:
    later = CUTOFF.replace(month=10)
    result = backtest_at(settings=planted, database=database, cutoff=later)
    assert result.figures["arrivals"] == 0 and result.figures["hit_rate_at_10"] is None
    assert result.figures["median_rank"] is None and result.figures["candidates"] == 4


def test_on_demo_data_planted_arrivals_count_and_the_note_says_synthetic(
    planted: Settings, database: Database, db: Session
) -> None:
    with database.writer() as session:
        session.add(ImportBatch(id="b1", standard="registry", source="demo", file_name="x.csv",
                                sha256="0" * 64, size_bytes=1, raw_path="x", status="loaded",
                                created_by="test", created_at=utcnow()))  # fmt: skip
        session.commit()
    truth = planted.data_dir / "demo-input" / "seed-1" / "truth"
    truth.mkdir(parents=True)
    arrivals = [{"uscc": B, "arrived_on": "2024-05-01"}, {"uscc": A, "arrived_on": "2024-01-01"},
                {"uscc": VEH, "arrived_on": "2024-08-01"}]  # fmt: skip
    (truth / "ground_truth.json").write_text(json.dumps({"arrivals": arrivals}), "utf-8")
    result = backtest_at(settings=planted, database=database, cutoff=CUTOFF, ks=(3,))
    # B (planted, rank 4) joins F and G; A came before the cut-off, VEH was local
    assert result.figures["arrivals"] == 3 and result.figures["hit_rate_at_3"] == 0.6667
    assert result.figures["median_rank"] == 3
    assert result.synthetic is True
    assert result.data_note.startswith(
        "演示数据（合成）：落地企业由演示程序按与各因子相关的概率预置（3 家"
    )
    assert result.data_note.endswith("不代表真实数据上的准确率")


def test_the_monitor_backtest_cuts_off_months_before_the_latest(
    planted: Settings, database: Database
) -> None:
    # the latest month is 2024-12 (operations): 9 months before is 2024-03
    result = run_backtest(settings=planted, database=database, months=9)
    assert result.details["cutoff"] == "2024-03" and result.figures["hit_rate_at_10"] == 1.0


def test_ib_invest_backtest_prints_and_records(
    planted: Settings, database: Database, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IB_DATA_DIR", str(planted.data_dir))
    for key, value in FAST_HASHING.items():
        monkeypatch.setenv(f"IB_{key.upper()}", str(value))
    runner = CliRunner()
    result = runner.invoke(app, ["invest", "backtest", "--cutoff", "2024-03", "--k", "2,1"])
    assert result.exit_code == 0, result.output
    assert "== 招商候选企业排序（invest.ranking）" in result.output
    assert "命中率@1 0%，命中率@2 50%；排名中位数 2.5" in result.output
    found = latest_evaluation(db, model="invest.ranking")
    assert found is not None and found["figures"]["hit_rate_at_2"] == 0.5
    bad = runner.invoke(app, ["invest", "backtest", "--cutoff", "2024-13"])
    assert bad.exit_code == 2 and "“2024-13”不是 YYYY-MM 格式的月份" in bad.output
    bad = runner.invoke(app, ["invest", "backtest", "--k", "10,x"])
    assert bad.exit_code == 2 and "不是以逗号分隔的正整数" in bad.output


def test_before_the_pipeline_it_says_what_to_do(settings: Settings, database: Database) -> None:
    result = backtest_at(settings=settings, database=database, cutoff=CUTOFF)
    assert result.lines == ["尚无经营或事件数据，未回测：先运行数据管道（ib pipeline run）。"]
    assert result.figures["arrivals"] == 0
