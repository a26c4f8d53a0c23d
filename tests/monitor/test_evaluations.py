"""Backtests registered by plugins: run by ``ib monitor backtest``, recorded, audited, shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from industry_brain.audit.models import AuditEvent
from industry_brain.cli import app
from industry_brain.db import Database
from industry_brain.hookspecs import hookimpl
from industry_brain.monitor.evaluations import Backtest, BacktestResult, latest_evaluation
from industry_brain.plugins import plugin_manager
from industry_brain.settings import Settings, prepare_settings
from tests.conftest import FAST_HASHING

RUNS: list[int] = []


def _run(*, settings: Any, database: Any, months: int) -> BacktestResult:
    RUNS.append(months)
    return BacktestResult(
        model="test.model",
        title="测试模型",
        figures={"precision": 0.5, "recall": None},
        synthetic=True,
        data_note="合成数据",
        details={"months": months},
        lines=[f"回放 {months} 个月：精确率 0.50"],
    )


@hookimpl
def ib_backtests() -> list[Backtest]:
    return [Backtest(model="test.model", title="测试模型", run=_run)]


@pytest.fixture
def plugin() -> Iterator[None]:
    """A plugin with one backtest, registered for the test only."""
    module = SimpleNamespace(ib_backtests=ib_backtests)
    plugin_manager().register(module, name="test-backtest")
    RUNS.clear()
    try:
        yield
    finally:
        plugin_manager().unregister(name="test-backtest")


def test_ib_monitor_backtest_runs_records_and_prints(
    plugin: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IB_DATA_DIR", str(tmp_path / "var"))
    for key, value in FAST_HASHING.items():
        monkeypatch.setenv(f"IB_{key.upper()}", str(value))
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["monitor", "backtest", "--months", "6"])
    assert result.exit_code == 0, result.output
    assert "测试模型（test.model）" in result.output and "回放 6 个月" in result.output
    assert "数据：合成数据" in result.output
    assert RUNS == [6]
    # The built-in models, on a warehouse the pipeline has not built yet, say what to do.
    for model in ("monitor.forecast", "alerts.rules", "relocation.risk"):
        section = result.output.split(f"（{model}）")[1].split("==")[0]
        assert "先运行数据管道" in section, section
    database = Database.from_settings(prepare_settings(Settings()))
    try:
        with database.reader() as db:
            found = latest_evaluation(db, model="test.model")
            audited = db.scalar(
                select(AuditEvent).where(
                    AuditEvent.event_type == "model.evaluate", AuditEvent.object_id == "test.model"
                )
            )
        assert found is not None and found["figures"] == {"precision": 0.5, "recall": None}
        assert found["synthetic"] is True and found["details"] == {"months": 6}
        assert audited is not None and audited.object_id == "test.model"
        with database.reader() as db:
            assert latest_evaluation(db, model="other.model") is None
    finally:
        database.dispose()


def test_months_out_of_range_are_refused(plugin: None) -> None:
    result = CliRunner().invoke(app, ["monitor", "backtest", "--months", "2"])
    assert result.exit_code != 0 and RUNS == []
