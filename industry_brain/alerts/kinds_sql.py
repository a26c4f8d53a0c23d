"""The SQL of each rule kind, over the whole lake at once (DuckDB, no loop over enterprises).

A *series* kind computes, for every subject and every month of a window, a ``measure`` (e.g.
the drop against the same month a year before), whether the month is ``evaluable`` at all and
a ``gate`` (extra conditions); ``series_rule`` turns that into a colour by the rule's
thresholds, the run of consecutive months the condition held (gaps break a run) and the month
it started (``since``). Every measure at month *t* reads only rows of months up to *t*, so the
same SQL replays history for the backtest.

Bad input: negative values count as not reported; a zero this month may raise at most 黄
(it is more often a missing report than a real stop); a base that is zero, negative or absent
makes the month not evaluable, so a gap never clears a warning and never raises one.

Temporary tables read here (filled by ``evaluation``): ``alerts_universe`` (uscc, name,
county_code: the enterprises the rules watch) and ``alerts_leaders`` (uscc, templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from industry_brain.alerts.kinds import LEVELS, RuleSpec, direction_of
from industry_brain.months import add_months

RUN_MONTHS = 11  # months before the first wanted one whose measures find where a run started
HISTORY_MONTHS = 24  # the statistical detector's own history
MAD_FLOOR = 0.05  # in log units: a perfectly steady history does not make every wobble huge
MAD_SCALE = 1.4826  # MAD of a normal distribution → its standard deviation
ORIGIN = "DATE '2000-01-01'"
COLUMNS = (
    "rule_id, subject_type, subject_key, subject_name, county_code, period, value, base, "
    "measure, level, since, facts"
)


def sql_date(month: date) -> str:
    return f"DATE '{month.isoformat()}'"


@dataclass(frozen=True)
class Window:
    """The months whose results are wanted: ``first`` to ``last`` (the evaluation month)."""

    first: date
    last: date

    @property
    def measured_from(self) -> date:
        """The first month whose measure is computed (earlier ones find runs' starts)."""
        return add_months(self.first, -RUN_MONTHS)

    def read_from(self, lookback: int) -> date:
        """The first month of rows a measure looking ``lookback`` months back must read."""
        return add_months(self.measured_from, -lookback)


def series(field: str, window: Window, lookback: int, *, leaders: bool = False) -> str:
    """An enterprise's monthly values of ``field`` that a measure looking ``lookback`` months
    back over the window needs."""
    return series_between(field, window.read_from(lookback), window.last, leaders=leaders)


def series_between(field: str, first: date, last: date, *, leaders: bool = False) -> str:
    """An enterprise's non-negative monthly values of ``field`` (negative = not reported)."""
    who = "alerts_leaders" if leaders else "alerts_universe"
    return f"""
  SELECT o.uscc, o.period, CAST(o.{field} AS DOUBLE) AS v
  FROM dws.enterprise_month AS o SEMI JOIN {who} AS u ON u.uscc = o.uscc
  WHERE o.period BETWEEN {sql_date(first)} AND {sql_date(last)}
    AND o.{field} >= 0"""


def frame(before: int, until: int = 0) -> str:
    end = "CURRENT ROW" if until == 0 else f"INTERVAL {until} MONTH PRECEDING"
    return (
        "PARTITION BY uscc ORDER BY period "
        f"RANGE BETWEEN INTERVAL {before} MONTH PRECEDING AND {end}"
    )


def named(source: str) -> str:
    """Columns naming the enterprise of each row (``source`` has ``uscc``)."""
    return f"{source}.uscc AS subject_key, u.name AS subject_name, u.county_code AS county_code"


def yoy_drop(rule: RuleSpec, field: str, window: Window) -> str:
    """This month against the same month a year before."""
    min_base = float(rule.params["min_base"])
    return f"""
WITH s AS ({series(field, window, 12)})
SELECT {named("a")}, a.period, a.v AS value, b.v AS base,
  100 * (1 - a.v / b.v) AS measure, TRUE AS gate,
  json_object('base_period', strftime(b.period, '%Y-%m'))::VARCHAR AS facts
FROM s AS a
JOIN s AS b ON b.uscc = a.uscc AND b.period = CAST(a.period - INTERVAL 12 MONTH AS DATE)
JOIN alerts_universe AS u ON u.uscc = a.uscc
WHERE a.period >= {sql_date(window.measured_from)} AND b.v > 0 AND b.v >= {min_base!r}"""


def consecutive_decline(rule: RuleSpec, field: str, window: Window) -> str:
    """N month-on-month falls in a row; the measure is the fall over the N months."""
    n = int(rule.params["months"])
    return f"""
WITH s AS ({series(field, window, n)}),
f AS (
  SELECT *, max(v) OVER ({frame(1, 1)}) AS prev FROM s
), g AS (
  SELECT *, count(*) OVER ({frame(n)}) AS months,
    sum(CASE WHEN v < prev THEN 1 ELSE 0 END) OVER ({frame(n - 1)}) AS falls,
    max(v) OVER ({frame(n, n)}) AS base_v
  FROM f
)
SELECT {named("g")}, g.period, g.v AS value, g.base_v AS base,
  100 * (1 - g.v / g.base_v) AS measure, g.falls = {n} AS gate,
  json_object('months', {n}, 'base_period',
    strftime(CAST(g.period - INTERVAL {n} MONTH AS DATE), '%Y-%m'))::VARCHAR AS facts
FROM g JOIN alerts_universe AS u ON u.uscc = g.uscc
WHERE g.period >= {sql_date(window.measured_from)} AND g.months = {n + 1} AND g.base_v > 0"""


def cliff(rule: RuleSpec, field: str, window: Window) -> str:
    """This month against the mean of the k months before, optionally seasonally adjusted by
    the same ratio a year before."""
    k, seasonal = int(rule.params["months"]), bool(rule.params["seasonal"])
    lookback = k + (12 if seasonal else 0)
    adjust = (
        "LEFT JOIN w AS y ON y.uscc = w.uscc "
        "AND y.period = CAST(w.period - INTERVAL 12 MONTH AS DATE)"
        if seasonal
        else ""
    )
    factor = f"CASE WHEN y.n = {k} AND y.mean > 0 THEN y.v / y.mean END" if seasonal else "1.0"
    return f"""
WITH s AS ({series(field, window, lookback)}),
w AS (
  SELECT *, avg(v) OVER ({frame(k, 1)}) AS mean, count(v) OVER ({frame(k, 1)}) AS n FROM s
), e AS (
  SELECT w.uscc, w.period, w.v, w.mean, w.n, {factor} AS factor FROM w {adjust}
  WHERE w.period >= {sql_date(window.measured_from)}
)
{cliff_select(rule)}"""


def cliff_select(rule: RuleSpec) -> str:
    """The cliff's result columns over ``e`` (uscc, period, v, mean, n, factor)."""
    k, seasonal = int(rule.params["months"]), bool(rule.params["seasonal"])
    return f"""
SELECT {named("e")}, e.period, e.v AS value, e.mean * e.factor AS base,
  100 * (1 - e.v / (e.mean * e.factor)) AS measure, TRUE AS gate,
  json_object('months', {k}, 'mean', e.mean, 'factor', e.factor,
    'seasonal', {str(seasonal).lower()})::VARCHAR AS facts
FROM e JOIN alerts_universe AS u ON u.uscc = e.uscc
WHERE e.n = {k} AND e.mean > 0 AND e.mean * e.factor > 0
  AND e.mean * e.factor >= {float(rule.params["min_base"])!r}"""


def leader_decline(rule: RuleSpec, field: str, window: Window) -> str:
    """A 链主's last N months together against the same months a year before."""
    n = int(rule.params["months"])
    return f"""
WITH s AS ({series(field, window, n - 1 + 12, leaders=True)}),
w AS (
  SELECT *, sum(v) OVER ({frame(n - 1)}) AS cur, count(v) OVER ({frame(n - 1)}) AS cur_n,
    sum(v) OVER ({frame(n + 11, 12)}) AS prev, count(v) OVER ({frame(n + 11, 12)}) AS prev_n
  FROM s
)
SELECT {named("w")}, w.period, w.cur AS value, w.prev AS base,
  100 * (1 - w.cur / w.prev) AS measure, TRUE AS gate,
  json_object('months', {n}, 'templates', l.templates)::VARCHAR AS facts
FROM w JOIN alerts_leaders AS l ON l.uscc = w.uscc
JOIN alerts_universe AS u ON u.uscc = w.uscc
WHERE w.period >= {sql_date(window.measured_from)}
  AND w.cur_n = {n} AND w.prev_n = {n} AND w.prev > 0"""


def seasonal_anomaly(rule: RuleSpec, field: str, window: Window) -> str:
    """A robust z-score of this month's year-on-year log change against the enterprise's own
    year-on-year log changes of the 24 months before (seasonality cancels in year-on-year)."""
    return f"""
WITH s AS ({series(field, window, 12 + HISTORY_MONTHS)}),
d AS (
  SELECT a.uscc, a.period, a.v, b.v AS base_v, ln(a.v / b.v) AS d
  FROM s AS a
  JOIN s AS b ON b.uscc = a.uscc AND b.period = CAST(a.period - INTERVAL 12 MONTH AS DATE)
  WHERE a.v > 0 AND b.v > 0
), z AS (
  SELECT *, median(d) OVER h AS med, mad(d) OVER h AS mad, count(d) OVER h AS n
  FROM d WINDOW h AS ({frame(HISTORY_MONTHS, 1)})
)
{anomaly_select(rule)}
WHERE z.period >= {sql_date(window.measured_from)}"""


def anomaly_select(rule: RuleSpec) -> str:
    """The detector's result columns over ``z`` (uscc, period, v, base_v, d, med, mad, n)."""
    min_history, min_drop = int(rule.params["min_history"]), float(rule.params["min_drop_pct"])
    return f"""
SELECT {named("z")}, z.period, z.v AS value, z.base_v AS base,
  (z.med - z.d) / ({MAD_SCALE} * greatest(z.mad, {MAD_FLOOR})) AS measure,
  100 * (1 - exp(z.d)) >= {min_drop!r} AS gate,
  json_object('drop_pct', 100 * (1 - exp(z.d)), 'typical_pct', 100 * (exp(z.med) - 1),
    'mad', z.mad, 'history', z.n)::VARCHAR AS facts
FROM z JOIN alerts_universe AS u ON u.uscc = z.uscc AND z.n >= {min_history}"""


def indicator_threshold(rule: RuleSpec, window: Window) -> str:
    """A monitor indicator's value for each member of a dimension (node, district, cluster)."""
    county = "v.member" if rule.scope in ("region", "cluster") else "NULL"
    first_series = add_months(window.last, -23)
    return f"""
WITH v AS (
  SELECT member, any_value(member_name) AS member_name, period, any_value(value) AS value
  FROM monitor.indicator_values
  WHERE indicator_id = '{rule.indicator}' AND dimension = '{rule.scope}' AND value IS NOT NULL
    AND period BETWEEN {sql_date(add_months(window.measured_from, -23))} AND {sql_date(window.last)}
  GROUP BY member, period
), h AS (
  SELECT a.member, a.period, to_json(list(json_object('period', strftime(b.period, '%Y-%m'),
    'value', b.value) ORDER BY b.period)) AS series
  FROM v AS a JOIN v AS b ON b.member = a.member
    AND b.period BETWEEN CAST(a.period - INTERVAL 23 MONTH AS DATE) AND a.period
  WHERE a.period >= {sql_date(max(window.measured_from, first_series))}
  GROUP BY a.member, a.period
)
SELECT v.member AS subject_key, coalesce(v.member_name, v.member) AS subject_name,
  {county} AS county_code, v.period, v.value, NULL::DOUBLE AS base, v.value AS measure,
  TRUE AS gate, json_object('series', h.series)::VARCHAR AS facts
FROM v LEFT JOIN h ON h.member = v.member AND h.period = v.period
WHERE v.period >= {sql_date(window.measured_from)}"""


SERIES_KINDS = {
    "yoy_drop": yoy_drop,
    "consecutive_decline": consecutive_decline,
    "cliff": cliff,
    "leader_decline": leader_decline,
    "seasonal_anomaly": seasonal_anomaly,
}


def level_case(rule: RuleSpec, measure: str = "measure") -> str:
    """A CASE giving the colour the thresholds assign to ``measure`` (NULL: none)."""
    lower = direction_of(rule.definition, rule.params) == "lower"
    whens = [
        f"WHEN {measure} {'<=' if lower else '>='} {rule.thresholds[level]!r} THEN '{level}'"
        for level in LEVELS
        if level in rule.thresholds
    ]
    return f"CASE {' '.join(whens)} END" if whens else "NULL"


def series_rule(rule: RuleSpec, inner: str, window: Window, *, only_last: bool) -> str:
    """Colour every evaluable month, find the runs of months the condition held, and return
    the result rows of the wanted months (a run shorter than ``min_months`` raises nothing)."""
    raw = f"CASE WHEN gate THEN {level_case(rule, 'round(measure, 6)')} END"
    if rule.scope == "enterprise":  # a zero this month is more often unreported than real
        raw = f"CASE WHEN value = 0 AND ({raw}) IN ('红', '橙') THEN '黄' ELSE {raw} END"
    min_months = int(rule.params.get("min_months", 1))
    shift = int(rule.params["months"]) - 1 if rule.kind == "consecutive_decline" else 0
    wanted = (
        f"= {sql_date(window.last)}"
        if only_last
        else f"BETWEEN {sql_date(window.first)} AND {sql_date(window.last)}"
    )
    return f"""
WITH m AS ({inner}),
lv AS (SELECT *, {raw} AS raw_level FROM m),
runs AS (
  SELECT subject_key, period, date_diff('month', {ORIGIN}, period)
    - row_number() OVER (PARTITION BY subject_key ORDER BY period) AS grp
  FROM lv WHERE raw_level IS NOT NULL
), r AS (
  SELECT subject_key, period,
    row_number() OVER (PARTITION BY subject_key, grp ORDER BY period) AS run_months,
    min(period) OVER (PARTITION BY subject_key, grp) AS since
  FROM runs
)
SELECT {rule.id} AS rule_id, '{rule.scope}' AS subject_type, lv.subject_key, lv.subject_name,
  lv.county_code, lv.period, lv.value, lv.base, lv.measure,
  CASE WHEN coalesce(r.run_months, 0) >= {min_months} THEN lv.raw_level END AS level,
  CAST(r.since - INTERVAL {shift} MONTH AS DATE) AS since, lv.facts
FROM lv LEFT JOIN r USING (subject_key, period)
WHERE lv.period {wanted}"""
