"""Backtest "monitor.forecast": the forecasts' MAPE per indicator at cluster level.

Replays the last ``months`` months of the cluster's published series as forecast origins
(as many as the history allows, keeping ``MIN_TRAIN`` months before the first): at each origin
every candidate model is fitted on the months up to it only and forecasts 1 to
``BACKTEST_HORIZON`` months ahead; the model with the lowest MAPE is reported with it (the
pipeline chooses each series' model the same way, over its last ``WINDOWS`` origins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from industry_brain.monitor import forecast
from industry_brain.monitor.evaluations import BacktestResult, demo_data_loaded
from industry_brain.monitor.indicators import all_indicators
from industry_brain.monitor.service import VALUES, is_ready

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from industry_brain.db import Database
    from industry_brain.settings import Settings

MODEL = "monitor.forecast"
TITLE = "运行监测指标预测"
SYNTHETIC_NOTE = (
    "演示数据（ib demo 生成的合成数据）：MAPE 只说明预测方法在合成数据上的表现，"
    "不代表对真实产业数据的预测精度。"
)
REAL_NOTE = "已导入的经营数据（无演示批次）。"


def cluster_series(db: Session, indicator_id: str) -> pd.DataFrame:
    """Return the cluster's published series of an indicator (unique_id, ds, y)."""
    import pandas as pd

    rows = db.execute(
        text(
            f"SELECT period, value FROM {VALUES} WHERE indicator_id = :indicator "
            "AND dimension = 'cluster' AND value IS NOT NULL ORDER BY period"
        ),
        {"indicator": indicator_id},
    ).all()
    return pd.DataFrame(
        {
            "unique_id": indicator_id,
            "ds": pd.to_datetime([str(row[0])[:10] for row in rows]),
            "y": [float(row[1]) for row in rows],
        }
    )


def measure(frame: pd.DataFrame, months: int) -> dict[str, Any] | None:
    """Backtest one series over up to ``months`` origins; None when it is too short."""
    if frame.empty:
        return None
    frame = forecast.usable(frame, frame["ds"].max())
    windows = min(months, len(frame) - forecast.MIN_TRAIN - forecast.BACKTEST_HORIZON + 1)
    if windows < 1:
        return None
    season = forecast.season_for(len(frame), windows, forecast.BACKTEST_HORIZON)
    found = forecast.backtest(frame, windows=windows, season=season, full=True)
    key = str(frame["unique_id"].iloc[0])
    return {
        "model": found.model[key],
        "model_name": forecast.MODEL_LABELS.get(found.model[key], found.model[key]),
        "mape_pct": found.mape[key],
        "mape_by_horizon_pct": found.mape_by_horizon[key],
        "windows": windows,
        "season_length": season,
        "history_months": len(frame),
    }


def run_backtest(*, settings: Settings, database: Database, months: int) -> BacktestResult:
    """Measure the forecasts of the cluster's main indicators over the last ``months``."""
    del settings
    indicators = [i for i in all_indicators().values() if i.forecast]
    details: dict[str, Any] = {}
    with database.reader() as db:
        synthetic = demo_data_loaded(db)
        ready = is_ready(db)
        frames = {i.id: cluster_series(db, i.id) for i in indicators} if ready else {}
    for indicator in indicators:
        found = measure(frames[indicator.id], months) if ready else None
        details[indicator.id] = {"name": indicator.name, **(found or {})}
    lines = [_line(entry) for entry in details.values()]
    return BacktestResult(
        model=MODEL,
        title=TITLE,
        figures={key: entry.get("mape_pct") for key, entry in details.items()},
        synthetic=synthetic,
        data_note=SYNTHETIC_NOTE if synthetic else REAL_NOTE,
        details=details,
        lines=lines if ready else ["尚无指标数据：先运行数据管道（ib pipeline run）。"],
    )


def _line(entry: dict[str, Any]) -> str:
    if "model" not in entry:
        return f"{entry['name']}：历史月份不足，未回测"
    mape = entry["mape_pct"]
    shown = f"{mape:.2f}%" if mape is not None else "无法计算（实际值均为 0）"
    return (
        f"{entry['name']}：{entry['model_name']}，MAPE {shown}"
        f"（{entry['windows']} 个预测起点，提前 1–{forecast.BACKTEST_HORIZON} 个月）"
    )
