"""Forecasts of the main indicators (statsforecast), each with its backtested MAPE.

For every series of a forecast indicator (cluster, each district, each chain node) that
reaches the latest month: take its last run of consecutive months (a gap ends the history
used); with at least ``MIN_MONTHS`` of them, backtest candidate models by rolling origin
(``WINDOWS`` origins, the last ones, each forecasting 1..``BACKTEST_HORIZON`` months ahead),
keep the model with the lowest MAPE (mean absolute percentage error over every origin and
horizon whose actual value is not zero), and forecast ``HORIZON`` months with it, with 80%
and 95% prediction intervals. Seasonality 12 is used when even the earliest backtest window
has two full years of history. Candidates: seasonal naive (or naive), Theta and, for the
cluster and districts, ETS (the costliest; nodes are many).

statsforecast and its dependencies (statsmodels, scipy) are imported here only, when the
pipeline or a backtest forecasts: the app and the CLI start without them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from industry_brain.monitor.compute import SCHEMA
from industry_brain.monitor.indicators import Indicator

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

HORIZON = 6
WINDOWS = 6
BACKTEST_HORIZON = 3
MIN_TRAIN = 6
MIN_MONTHS = MIN_TRAIN + WINDOWS + BACKTEST_HORIZON - 1
SEASON = 12
LEVELS = (80, 95)
DIMENSIONS = ("cluster", "region", "node")
FULL_DIMENSIONS = ("cluster", "region")
MODEL_LABELS = {
    "SeasonalNaive": "季节性朴素法",
    "Naive": "朴素法",
    "AutoTheta": "Theta 法",
    "AutoETS": "指数平滑（ETS）",
}
KEY_SEPARATOR = "|"


@dataclass
class Selection:
    """The backtest of one batch of series: the chosen model per series and its errors."""

    model: dict[str, str] = field(default_factory=dict)
    mape: dict[str, float | None] = field(default_factory=dict)
    mape_by_horizon: dict[str, list[float | None]] = field(default_factory=dict)
    windows: int = 0
    season: int = 1


@dataclass
class Outcome:
    """What the pipeline forecast."""

    series: int = 0
    too_short: int = 0


def season_for(months: int, windows: int, horizon: int) -> int:
    """Return 12 when the earliest backtest window holds two full years, else 1."""
    return SEASON if months - windows - horizon + 1 >= 2 * SEASON else 1


def candidate_models(season: int, *, full: bool) -> list[Any]:
    """Return the candidate models for a season length (ETS only when ``full``)."""
    from statsforecast.models import AutoETS, AutoTheta, Naive, SeasonalNaive

    first = SeasonalNaive(season_length=season) if season > 1 else Naive()
    models: list[Any] = [first, AutoTheta(season_length=season)]
    if full:
        models.append(AutoETS(season_length=season))
    return models


def _engine(models: list[Any]) -> Any:
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    return StatsForecast(models=models, freq="MS", n_jobs=1, fallback_model=Naive())


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence numpy's warnings inside the models: on short series ETS divides by zero
    degrees of freedom while scoring a candidate it then rejects (or falls back from)."""
    import numpy as np

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _mape(actual: pd.Series, predicted: pd.Series) -> float | None:
    mask = actual != 0
    if not mask.any():
        return None
    errors = ((actual[mask] - predicted[mask]).abs() / actual[mask].abs()).mean()
    return round(float(100 * errors), 2)


def backtest(frame: pd.DataFrame, *, windows: int, season: int, full: bool) -> Selection:
    """Backtest the candidates on every series of ``frame`` (unique_id, ds, y) by rolling
    origin and choose each series' model by its MAPE."""
    models = candidate_models(season, full=full)
    with _quiet():
        found = _engine(models).cross_validation(
            df=frame, h=BACKTEST_HORIZON, n_windows=windows, step_size=1
        )
    found["step"] = found.groupby(["unique_id", "cutoff"]).cumcount()
    selection = Selection(windows=windows, season=season)
    names = [repr(model) for model in models]
    for key, rows in found.groupby("unique_id"):
        scores = {name: _mape(rows["y"], rows[name]) for name in names}
        best = min(names, key=lambda n: (scores[n] is None, scores[n] or 0.0))
        selection.model[str(key)] = best
        selection.mape[str(key)] = scores[best]
        selection.mape_by_horizon[str(key)] = [
            _mape(rows.loc[rows["step"] == step, "y"], rows.loc[rows["step"] == step, best])
            for step in range(BACKTEST_HORIZON)
        ]
    return selection


def predict(frame: pd.DataFrame, selection: Selection, *, full: bool) -> pd.DataFrame:
    """Forecast ``HORIZON`` months of every series with its chosen model and intervals."""
    import pandas as pd

    models = candidate_models(selection.season, full=full)
    with _quiet():
        found = _engine(models).forecast(df=frame, h=HORIZON, level=list(LEVELS))
    parts = []
    for key, rows in found.groupby("unique_id"):
        name = selection.model[str(key)]
        bands = {f"{side}{level}": rows[f"{name}-{side}-{level}"] for level in LEVELS
                 for side in ("lo", "hi")}  # fmt: skip
        parts.append(
            pd.DataFrame({"unique_id": key, "ds": rows["ds"], "value": rows[name], **bands})
        )
    return pd.concat(parts, ignore_index=True)


def usable(frame: pd.DataFrame, latest: pd.Timestamp) -> pd.DataFrame:
    """Keep, of each series reaching ``latest``, its last run of consecutive months."""
    frame = frame.sort_values(["unique_id", "ds"])
    month = frame["ds"].dt.year * 12 + frame["ds"].dt.month
    gap = (month.groupby(frame["unique_id"]).diff() != 1).astype(int)
    run = gap.groupby(frame["unique_id"]).cumsum()
    last_run = run.groupby(frame["unique_id"]).transform("max")
    ends = frame.groupby("unique_id")["ds"].transform("max")
    return frame[(run == last_run) & (ends == latest)].reset_index(drop=True)


def load_series(con: duckdb.DuckDBPyConnection, indicator_ids: list[str]) -> pd.DataFrame:
    """Return the values of these indicators as statsforecast series (unique_id, ds, y)."""
    if not indicator_ids:
        import pandas as pd

        return pd.DataFrame({"unique_id": [], "ds": pd.to_datetime([]), "y": []})
    marks = ", ".join("?" * len(indicator_ids))
    dims = ", ".join(f"'{d}'" for d in DIMENSIONS)
    return con.execute(
        f"SELECT concat_ws('{KEY_SEPARATOR}', indicator_id, dimension, member) AS unique_id, "
        "CAST(period AS TIMESTAMP) AS ds, value AS y "
        f"FROM {SCHEMA}.indicator_values WHERE indicator_id IN ({marks}) "
        f"AND dimension IN ({dims}) AND value IS NOT NULL AND isfinite(value) "
        "ORDER BY 1, 2",
        indicator_ids,
    ).df()


def forecast_all(con: duckdb.DuckDBPyConnection, indicators: list[Indicator]) -> Outcome:
    """Backtest, choose and forecast every long-enough series of the forecast indicators and
    replace ``monitor.indicator_forecasts`` and ``monitor.forecast_accuracy``."""
    frame = load_series(con, [i.id for i in indicators if i.forecast])
    outcome, accuracy, predicted = Outcome(), [], []
    if not frame.empty:
        frame = usable(frame, frame["ds"].max())
        lengths = frame.groupby("unique_id").size()
        long_enough = lengths[lengths >= MIN_MONTHS]
        outcome.too_short = len(lengths) - len(long_enough)
        groups: dict[tuple[int, bool], list[str]] = {}
        for key, months in long_enough.items():
            season = season_for(int(months), WINDOWS, BACKTEST_HORIZON)
            full = str(key).split(KEY_SEPARATOR)[1] in FULL_DIMENSIONS
            groups.setdefault((season, full), []).append(str(key))
        for (season, full), keys in sorted(groups.items()):
            part = frame[frame["unique_id"].isin(keys)]
            selection = backtest(part, windows=WINDOWS, season=season, full=full)
            predicted.append(predict(part, selection, full=full))
            accuracy.extend(_accuracy_rows(part, selection))
            outcome.series += len(keys)
    store(con, accuracy, predicted)
    return outcome


def _accuracy_rows(frame: pd.DataFrame, selection: Selection) -> list[dict[str, Any]]:
    spans = frame.groupby("unique_id")["ds"].agg(["min", "max", "size"])
    rows = []
    for key, model in selection.model.items():
        indicator_id, dimension, member = key.split(KEY_SEPARATOR, 2)
        by_horizon = selection.mape_by_horizon[key]
        rows.append(
            {
                "indicator_id": indicator_id,
                "dimension": dimension,
                "member": member,
                "model": model,
                "model_name": MODEL_LABELS.get(model, model),
                "mape_pct": selection.mape[key],
                **{f"mape_h{step + 1}_pct": value for step, value in enumerate(by_horizon)},
                "windows": selection.windows,
                "backtest_horizon": BACKTEST_HORIZON,
                "season_length": selection.season,
                "history_months": int(spans.loc[key, "size"]),
                "first_period": spans.loc[key, "min"],
                "last_period": spans.loc[key, "max"],
            }
        )
    return rows


def store(
    con: duckdb.DuckDBPyConnection, accuracy: list[dict[str, Any]], predicted: list[pd.DataFrame]
) -> None:
    """Replace the lake's forecasts and their accuracy (empty tables when none)."""
    import pandas as pd

    bands = [f"{side}{level}" for level in LEVELS for side in ("lo", "hi")]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute(
        f"CREATE OR REPLACE TABLE {SCHEMA}.indicator_forecasts (indicator_id VARCHAR, "
        "dimension VARCHAR, member VARCHAR, period DATE, value DOUBLE, "
        f"{', '.join(f'{b} DOUBLE' for b in bands)})"
    )
    if predicted:
        frame = pd.concat(predicted, ignore_index=True)
        keys = frame["unique_id"].astype(str).str.split(KEY_SEPARATOR, n=2, expand=True)
        rows = pd.DataFrame(
            {
                "indicator_id": keys[0],
                "dimension": keys[1],
                "member": keys[2],
                "period": frame["ds"].dt.date,
                **{column: frame[column].astype(float) for column in ["value", *bands]},
            }
        )
        con.register("monitor_forecasts_frame", rows)
        con.execute(
            f"INSERT INTO {SCHEMA}.indicator_forecasts SELECT * FROM monitor_forecasts_frame"
        )
        con.unregister("monitor_forecasts_frame")
    _store_accuracy(con, accuracy)


def _store_accuracy(con: duckdb.DuckDBPyConnection, accuracy: list[dict[str, Any]]) -> None:
    by_horizon = ", ".join(f"mape_h{step}_pct DOUBLE" for step in range(1, BACKTEST_HORIZON + 1))
    con.execute(
        f"""CREATE OR REPLACE TABLE {SCHEMA}.forecast_accuracy (
          indicator_id VARCHAR, dimension VARCHAR, member VARCHAR, model VARCHAR,
          model_name VARCHAR, mape_pct DOUBLE, {by_horizon}, windows INTEGER,
          backtest_horizon INTEGER, season_length INTEGER, history_months INTEGER,
          first_period DATE, last_period DATE)"""
    )
    if accuracy:
        names = list(accuracy[0])
        con.executemany(
            f"INSERT INTO {SCHEMA}.forecast_accuracy ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))})",
            [[_plain(row[n]) for n in names] for row in accuracy],
        )


def _plain(value: Any) -> Any:
    """Turn pandas timestamps into dates for DuckDB's parameters."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value
