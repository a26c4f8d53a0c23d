"""The forecasting pieces on series small enough to check by hand; the pipeline's forecasts
on the monitor cluster; statsforecast stays unloaded until something forecasts."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from industry_brain import lake
from industry_brain.monitor import forecast
from tests.monitor.conftest import MonitorApp
from tests.monitor.monitor_data import CLUSTER


def _series(key: str, start: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"unique_id": key, "ds": pd.date_range(start, periods=len(values), freq="MS"), "y": values}
    )


def test_mape_leaves_out_zero_actuals() -> None:
    actual = pd.Series([100.0, 0.0, 50.0, -20.0])
    predicted = pd.Series([110.0, 5.0, 40.0, -25.0])
    # (10% + 20% + 25%) / 3; the zero month cannot have a percentage error.
    assert forecast._mape(actual, predicted) == 18.33
    assert forecast._mape(pd.Series([0.0]), pd.Series([1.0])) is None


def test_usable_keeps_the_last_run_of_months_reaching_the_latest() -> None:
    frame = pd.concat(
        [
            # A gap after 2024-03: only 2024-05 … 2024-08 is used.
            _series("gap", "2024-01", [1, 2, 3]),
            _series("gap", "2024-05", [5, 6, 7, 8]),
            _series("whole", "2024-01", [1, 2, 3, 4, 5, 6, 7, 8]),
            _series("stopped", "2024-01", [1, 2, 3]),  # no longer reported: not forecast
        ]
    )
    found = forecast.usable(frame, pd.Timestamp("2024-08-01"))
    assert found.groupby("unique_id").size().to_dict() == {"gap": 4, "whole": 8}
    assert found[found["unique_id"] == "gap"]["y"].tolist() == [5, 6, 7, 8]


@pytest.mark.parametrize(("months", "season"), [(36, 12), (32, 12), (31, 1), (24, 1)])
def test_seasonality_needs_two_years_before_the_first_origin(months: int, season: int) -> None:
    assert forecast.season_for(months, forecast.WINDOWS, forecast.BACKTEST_HORIZON) == season


def test_a_constant_series_is_forecast_exactly() -> None:
    frame = _series("flat", "2023-01", [100.0] * 20)
    selection = forecast.backtest(frame, windows=6, season=1, full=True)
    assert selection.mape["flat"] == 0.0 and selection.mape_by_horizon["flat"] == [0.0] * 3
    predicted = forecast.predict(frame, selection, full=True)
    assert predicted["value"].round(6).tolist() == [100.0] * 6
    assert predicted["ds"].dt.strftime("%Y-%m").tolist()[0] == "2024-09"


def test_the_pipeline_stored_forecasts_and_their_accuracy(monitor_app: MonitorApp) -> None:
    with lake.connect(monitor_app.settings, read_only=True) as con:
        accuracy = con.execute(
            "SELECT indicator_id, dimension, member, model, mape_pct, windows, season_length, "
            "history_months FROM monitor.forecast_accuracy ORDER BY ALL"
        ).fetchall()
        points = con.execute(
            "SELECT indicator_id, dimension, member, count(*), min(period), max(period) "
            "FROM monitor.indicator_forecasts GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    # Four sums × (cluster, 2 districts, 2 nodes); the 荣枯指数 has 3 months only.
    assert len(accuracy) == 20 and len(points) == 20
    assert {row[0] for row in accuracy} == {"revenue", "output", "tax", "electricity"}
    for _, dimension, _, model, mape, windows, season, history in accuracy:
        assert model in {"Naive", "AutoTheta"} | ({"AutoETS"} if dimension != "node" else set())
        assert mape is not None and mape >= 0
        assert (windows, season, history) == (6, 1, 15)
    cluster = [p for p in points if p[:3] == ("revenue", "cluster", CLUSTER)]
    assert [p[3:] for p in cluster] == [(6, pd.Timestamp("2025-04-01").date(),
                                         pd.Timestamp("2025-09-01").date())]  # fmt: skip


def test_statsforecast_is_not_imported_by_the_app_or_the_cli() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from industry_brain.app import create_app\n"
        "from industry_brain.cli import app\n"
        "from industry_brain.plugins import plugin_manager\n"
        "from industry_brain.monitor import api, views, panel, plugin\n"
        "plugin_manager()\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "print(sorted(m for m in ('statsforecast', 'statsmodels', 'scipy', 'numba') "
        "if m in sys.modules))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
