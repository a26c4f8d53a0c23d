"""Backtest "monitor.forecast": MAPE per main indicator at cluster level, said to be synthetic
when the data came from the demo."""

from __future__ import annotations

from sqlalchemy.orm import Session

from industry_brain.db import Database
from industry_brain.monitor.backtest import SYNTHETIC_NOTE, run_backtest
from industry_brain.monitor.evaluations import all_backtests, demo_data_loaded
from industry_brain.settings import Settings
from industry_brain.warehouse.models import ImportBatch
from tests.monitor.conftest import MonitorApp


def test_registered() -> None:
    found = {test.model: test for test in all_backtests()}
    assert found["monitor.forecast"].title == "运行监测指标预测"


def test_cluster_mape_per_indicator(monitor_app: MonitorApp) -> None:
    result = run_backtest(settings=monitor_app.settings, database=monitor_app.database, months=4)
    assert result.model == "monitor.forecast" and result.synthetic is False
    assert set(result.figures) == {"revenue", "output", "tax", "electricity", "prosperity"}
    # 15 months: 4 origins asked for; the 荣枯指数 has 3 months only.
    assert result.figures["prosperity"] is None and "历史月份不足" in result.lines[-1]
    for key in ("revenue", "output", "tax", "electricity"):
        mape = result.figures[key]
        assert mape is not None and mape >= 0
        detail = result.details[key]
        assert detail["windows"] == 4 and detail["season_length"] == 1
        assert detail["history_months"] == 15 and len(detail["mape_by_horizon_pct"]) == 3
    assert result.lines[0].startswith("营业收入：") and "4 个预测起点" in result.lines[0]
    longest = run_backtest(settings=monitor_app.settings, database=monitor_app.database, months=60)
    assert longest.details["revenue"]["windows"] == 15 - 6 - 3 + 1


def test_demo_batches_make_the_result_synthetic(db: Session) -> None:
    assert demo_data_loaded(db) is False
    db.add(
        ImportBatch(
            id="demo-1", standard="operations", source="demo", file_name="ops.csv", sha256="0" * 64,
            size_bytes=1, raw_path="raw/demo-1", status="loaded", created_by="demo",
        )
    )  # fmt: skip
    db.flush()
    assert demo_data_loaded(db) is True
    assert "合成数据" in SYNTHETIC_NOTE


def test_before_any_pipeline_run(settings: Settings, database: Database) -> None:
    result = run_backtest(settings=settings, database=database, months=18)
    assert set(result.figures.values()) == {None}
    assert result.lines == ["尚无指标数据：先运行数据管道（ib pipeline run）。"]
