"""The pipeline's fast path for the two heaviest kinds: the same measures as ``kinds_sql`` for
the evaluation month alone, by grouping instead of window functions (a moving median over
every month of 100,000 enterprises costs seconds; one median per enterprise does not).

Only the evaluation month is measured, so a new warning of these kinds starts "since" that
month; the backtest replays history with the window versions (tested to agree).
"""

from __future__ import annotations

from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.kinds_sql import (
    HISTORY_MONTHS,
    Window,
    anomaly_select,
    cliff_select,
    series_between,
    sql_date,
)
from industry_brain.months import add_months


def cliff(rule: RuleSpec, field: str, window: Window) -> str:
    """The cliff of the evaluation month: mean of the k months before, and the same a year
    before for the seasonal factor, in one pass."""
    k, seasonal = int(rule.params["months"]), bool(rule.params["seasonal"])
    last = window.last

    def months(before: int, until: int) -> str:
        start, end = sql_date(add_months(last, -before)), sql_date(add_months(last, -until))
        return f"period BETWEEN {start} AND {end}"

    factor = f"CASE WHEN n_ly = {k} AND mean_ly > 0 THEN v_ly / mean_ly END" if seasonal else "1.0"
    return f"""
WITH s AS ({series_between(field, add_months(last, -k - (12 if seasonal else 0)), last)}),
a AS (
  SELECT uscc, any_value(v) FILTER (WHERE period = {sql_date(last)}) AS v,
    avg(v) FILTER (WHERE {months(k, 1)}) AS mean, count(v) FILTER (WHERE {months(k, 1)}) AS n,
    any_value(v) FILTER (WHERE period = {sql_date(add_months(last, -12))}) AS v_ly,
    avg(v) FILTER (WHERE {months(12 + k, 13)}) AS mean_ly,
    count(v) FILTER (WHERE {months(12 + k, 13)}) AS n_ly
  FROM s GROUP BY uscc
), e AS (
  SELECT uscc, {sql_date(last)} AS period, v, mean, n, {factor} AS factor FROM a
  WHERE v IS NOT NULL
)
{cliff_select(rule)}"""


def seasonal_anomaly(rule: RuleSpec, field: str, window: Window) -> str:
    """The detector for the evaluation month: one median and one MAD per enterprise."""
    last = window.last
    first_history = sql_date(add_months(last, -HISTORY_MONTHS))
    history = f"d.period BETWEEN {first_history} AND {sql_date(add_months(last, -1))}"
    return f"""
WITH s AS ({series_between(field, add_months(last, -12 - HISTORY_MONTHS), last)}),
d AS (
  SELECT a.uscc, a.period, a.v, b.v AS base_v, ln(a.v / b.v) AS d
  FROM s AS a
  JOIN s AS b ON b.uscc = a.uscc AND b.period = CAST(a.period - INTERVAL 12 MONTH AS DATE)
  WHERE a.v > 0 AND b.v > 0 AND a.period >= {first_history}
), h AS (
  SELECT uscc, median(d) AS med, count(d) AS n FROM d WHERE {history} GROUP BY uscc
), m AS (
  SELECT d.uscc, median(abs(d.d - h.med)) AS mad FROM d JOIN h ON h.uscc = d.uscc
  WHERE {history} GROUP BY d.uscc
), z AS (
  SELECT d.*, h.med, m.mad, h.n FROM d JOIN h ON h.uscc = d.uscc JOIN m ON m.uscc = d.uscc
  WHERE d.period = {sql_date(last)}
)
{anomaly_select(rule)}"""


LATEST_KINDS = {"cliff": cliff, "seasonal_anomaly": seasonal_anomaly}
