"""The relocation-risk score in DuckDB, as of any month (``risk_sql``), and the lake table.

``risk_sql(cutoff)`` scores every local enterprise still registered in the region at the end
of the cutoff month, with only what was known then: operations of months up to the cutoff and
registry events dated before the month after it. The registry row is today's, so the state
at the cutoff is rebuilt from the events after it: the registered address and the status are
those before the first later change (the ``before_value``). An enterprise is in the
population when, at the cutoff, it was registered in the region (or moved its address out in
the last 12 months without having 迁出 yet), had not moved out (迁出 event, or a status change
to 迁出), was not 注销/吊销/撤销, and was founded by then.

It reads ``dwd.events``, ``dwd.operations``, ``dwd.enterprise``, ``ref.cluster`` and the located
event texts (``relocation.places``, filled by ``places.prepare_places``). The pipeline step
writes its result as of the latest month into ``relocation.risk``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from industry_brain.lake import has_table
from industry_brain.relocation import signals as s
from industry_brain.relocation.places import PLACES

if TYPE_CHECKING:
    import duckdb

RISK = "relocation.risk"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _gone(column: str) -> str:
    return "(" + " OR ".join(f"{column} LIKE '%{word}%'" for word in s.GONE_PATTERNS) + ")"


def _known(alias: str) -> str:
    """Events known at the cutoff: dated before the month after it."""
    return f"{alias}.event_date < DATE '{{cutoff}}' + INTERVAL 1 MONTH"


def _window(alias: str) -> str:
    """Events of the 12 months up to the cutoff."""
    start = f"DATE '{{cutoff}}' - INTERVAL {s.EVENT_MONTHS - 1} MONTH"
    return f"{alias}.event_date >= {start} AND {_known(alias)}"


def _events(places: str) -> str:
    """CTEs of the population and the registry-event signals."""
    return f"""
cluster AS (SELECT max(prefix) AS prefix FROM ref.cluster),
later_address AS (
  SELECT uscc, arg_min(before_value, event_date) AS address FROM dwd.events AS e
  WHERE event_type = '地址变更' AND NOT {_known("e")} GROUP BY uscc
),
later_status AS (
  SELECT uscc, arg_min(before_value, event_date) AS status FROM dwd.events AS e
  WHERE event_type = '状态变更' AND NOT {_known("e")} GROUP BY uscc
),
moved AS (
  SELECT DISTINCT uscc FROM dwd.events AS e
  WHERE {_known("e")}
    AND (event_type = '迁出' OR (event_type = '状态变更' AND after_value LIKE '%迁出%'))
),
address_out AS (
  SELECT e.uscc, arg_max(e.after_value, e.event_date) AS value
  FROM dwd.events AS e
  JOIN {places} AS n ON n.kind = 'address' AND n.text = e.after_value AND n.outside
  LEFT JOIN {places} AS o ON o.kind = 'address' AND o.text = e.before_value
  WHERE e.event_type = '地址变更' AND {_window("e")} AND NOT coalesce(o.outside, FALSE)
  GROUP BY e.uscc
),
branch_out AS (
  SELECT e.uscc, string_agg(DISTINCT e.after_value, '、' ORDER BY e.after_value) AS value
  FROM dwd.events AS e
  JOIN {places} AS n ON n.kind = 'branch' AND n.text = e.after_value AND n.outside
  WHERE e.event_type = '设立分支机构' AND {_window("e")}
    AND NOT EXISTS (
      SELECT 1 FROM dwd.events AS c
      WHERE c.uscc = e.uscc AND c.event_type = '注销分支' AND c.before_value = e.after_value
        AND c.event_date >= e.event_date AND {_known("c")}
    )
  GROUP BY e.uscc
),
status_change AS (
  SELECT uscc, value FROM (
    SELECT uscc, arg_max(after_value, event_date) AS value FROM dwd.events AS e
    WHERE event_type = '状态变更' AND {_window("e")} GROUP BY uscc
  ) AS latest
  WHERE value NOT IN ({_quoted(s.ACTIVE_STATUSES)}) AND NOT {_gone("value")}
),
population AS (
  SELECT e.uscc
  FROM dwd.enterprise AS e
  CROSS JOIN cluster AS c
  LEFT JOIN later_address AS la ON la.uscc = e.uscc
  LEFT JOIN {places} AS lp ON lp.kind = 'address' AND lp.text = la.address
  LEFT JOIN later_status AS ls ON ls.uscc = e.uscc
  WHERE e.uscc NOT IN (SELECT uscc FROM moved)
    AND NOT coalesce({_gone("coalesce(ls.status, e.status)")}, FALSE)
    AND (e.established_on IS NULL OR e.established_on < DATE '{{cutoff}}' + INTERVAL 1 MONTH)
    AND (
      e.uscc IN (SELECT uscc FROM address_out)
      OR CASE WHEN la.uscc IS NOT NULL THEN NOT coalesce(lp.outside, FALSE)
        ELSE coalesce(coalesce(e.county_code, e.city_code, e.province_code) LIKE c.prefix || '%',
          TRUE) END
    )
)"""


def _operations(cutoff: date) -> str:
    """CTEs of the operations signals: like-for-like changes and a stop of reporting."""
    end = f"(SELECT max(period) FROM dwd.operations WHERE period <= DATE '{cutoff}')"
    columns = ("electricity_kwh", "tax_wan_yuan", "employees", "revenue_wan_yuan")
    pairs = ",\n    ".join(
        f"sum(c.{col}) FILTER (WHERE c.{col} IS NOT NULL AND b.{col} IS NOT NULL) AS {col}_now, "
        f"sum(b.{col}) FILTER (WHERE c.{col} IS NOT NULL AND b.{col} IS NOT NULL) AS {col}_before, "
        f"count(*) FILTER (WHERE c.{col} IS NOT NULL AND b.{col} IS NOT NULL) AS {col}_months"
        for col in columns
    )
    changes = ",\n    ".join(
        f"CASE WHEN {col}_months >= {s.MIN_PAIRED_MONTHS} AND {col}_before > 0 THEN "
        f"round(greatest(-100, 100 * ({col}_now / {col}_before - 1)), 1) END AS {col}_pct"
        for col in columns
    )
    return f"""
ops_end AS (SELECT {end} AS period),
ops AS (
  SELECT o.uscc, o.period, o.{", o.".join(columns)}
  FROM dwd.operations AS o, ops_end AS x
  WHERE o.period <= x.period AND o.period > x.period - INTERVAL 16 MONTH
),
pairs AS (
  SELECT c.uscc,
    {pairs}
  FROM ops AS c
  JOIN ops AS b ON b.uscc = c.uscc AND b.period = CAST(c.period - INTERVAL 12 MONTH AS DATE)
  CROSS JOIN ops_end AS x
  WHERE c.period > x.period - INTERVAL {s.RECENT_MONTHS} MONTH
  GROUP BY c.uscc
),
changes AS (
  SELECT uscc,
    {changes}
  FROM pairs
),
stopped AS (
  SELECT o.uscc FROM ops AS o, ops_end AS x
  WHERE o.period > x.period - INTERVAL {s.STOPPED_SILENT_MONTHS + 12} MONTH
  GROUP BY o.uscc
  HAVING count(*) FILTER (WHERE o.period > x.period - INTERVAL {s.STOPPED_SILENT_MONTHS} MONTH) = 0
    AND count(*) >= {s.STOPPED_HISTORY_MONTHS}
)"""


def _drop_points(signal: s.DropSignal, change: str) -> str:
    share = f"(-{change} - {signal.start_pct}) / {signal.full_pct - signal.start_pct}"
    return f"coalesce(round({signal.points} * least(1, greatest(0, {share})), 1), 0)"


def _point_columns() -> str:
    """One ``p_<signal>`` (points) and ``v_<signal>`` (value) column per signal."""
    fixed = {
        s.ADDRESS_OUT: ("ao.uscc IS NOT NULL", "to_json(ao.value)"),
        s.BRANCH_OUT: ("bo.uscc IS NOT NULL", "to_json(bo.value)"),
        s.STATUS_CHANGE: ("sc.uscc IS NOT NULL", "to_json(sc.value)"),
        s.PRODUCTION_SHIFT: (
            f"ch.electricity_kwh_pct <= -{s.SHIFT_MIN_DROP_PCT} "
            f"AND ch.electricity_kwh_pct - ch.revenue_wan_yuan_pct <= -{s.SHIFT_GAP_PCT}",
            "to_json(round(ch.electricity_kwh_pct - ch.revenue_wan_yuan_pct, 1))",
        ),
        s.REPORTING_STOPPED: ("st.uscc IS NOT NULL", "to_json(NULL)"),
    }
    columns = [
        f"CASE WHEN coalesce({condition}, FALSE) THEN {signal.points} ELSE 0 END "
        f"AS p_{signal.id}, {value} AS v_{signal.id}"
        for signal, (condition, value) in fixed.items()
    ]
    columns += [
        f"{_drop_points(d, f'ch.{d.column}_pct')} AS p_{d.id}, to_json(ch.{d.column}_pct) "
        f"AS v_{d.id}"
        for d in s.DROPS
    ]
    return ",\n    ".join(columns)


def risk_sql(cutoff: date, *, places: str = PLACES) -> str:
    """Return the SQL that scores the population as of the cutoff month (its first day):
    columns uscc, as_of, score (0–100), level (红/橙/黄/蓝 or NULL), signals (JSON list of
    {"signal", "label", "value", "points"} with points > 0, in the order of ``ALL_SIGNALS``)."""
    cutoff = cutoff.replace(day=1)
    items = ", ".join(
        f"{{'signal': '{x.id}', 'label': '{x.label}', 'value': v_{x.id}, 'points': p_{x.id}}}"
        for x in s.ALL_SIGNALS
    )
    total = " + ".join(f"p_{x.id}" for x in s.ALL_SIGNALS)
    levels = " ".join(f"WHEN score >= {t} THEN '{level}'" for level, t in s.LEVELS)
    ctes = (_events(places) + "," + _operations(cutoff)).replace("{cutoff}", cutoff.isoformat())
    return f"""
WITH {ctes},
points AS (
  SELECT p.uscc,
    {_point_columns()}
  FROM population AS p
  LEFT JOIN address_out AS ao ON ao.uscc = p.uscc
  LEFT JOIN branch_out AS bo ON bo.uscc = p.uscc
  LEFT JOIN status_change AS sc ON sc.uscc = p.uscc
  LEFT JOIN changes AS ch ON ch.uscc = p.uscc
  LEFT JOIN stopped AS st ON st.uscc = p.uscc
),
scored AS (
  SELECT *, round(least({s.MAX_SCORE}, {total}), 1) AS score FROM points
)
SELECT uscc, DATE '{cutoff}' AS as_of, CAST(score AS DOUBLE) AS score,
  CASE {levels} END AS level,
  CAST(to_json(list_filter([{items}], x -> x.points > 0)) AS VARCHAR) AS signals
FROM scored
ORDER BY score DESC, uscc"""


def latest_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """Return the month the live score is as of: the latest month with operations or events,
    never after the current month; None before the warehouse is built."""
    if not (has_table(con, "dwd.operations") and has_table(con, "dwd.events")):
        return None
    row = con.execute(
        "SELECT least(date_trunc('month', current_date), greatest("
        "(SELECT max(period) FROM dwd.operations), "
        "(SELECT date_trunc('month', max(event_date)) FROM dwd.events)))"
    ).fetchone()
    value = row[0] if row else None
    return None if value is None else date(value.year, value.month, 1)


def write_risk(con: duckdb.DuckDBPyConnection, *, cutoff: date, places: str = PLACES) -> int:
    """Replace ``relocation.risk`` with the scores as of the cutoff; return the rows."""
    con.execute("CREATE SCHEMA IF NOT EXISTS relocation")
    con.execute(f"CREATE OR REPLACE TABLE {RISK} AS {risk_sql(cutoff, places=places)}")
    row = con.execute(f"SELECT count(*) FROM {RISK}").fetchone()
    return int(row[0]) if row else 0
