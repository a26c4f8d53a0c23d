"""The SQL of the rule kinds that look at a state, not a series: registry status changes and
the relocation-risk score. They are evaluated for the latest month only (not replayed).

Evaluable rows: for a status rule, every watched enterprise whose change to a listed status
falls in the window (a hit) or whose status is not a listed one any more (the condition no
longer holds); an enterprise still in a listed status after the window is left alone. For the
relocation rule, every scored enterprise.
"""

from __future__ import annotations

from datetime import date

from industry_brain.alerts.kinds import RuleSpec
from industry_brain.alerts.kinds_sql import level_case
from industry_brain.months import add_months


def _d(month: date) -> str:
    return f"DATE '{month.isoformat()}'"


def _list(values: list[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)  # values are checked choices


def status_change(rule: RuleSpec, month: date) -> str:
    """Enterprises whose registry status changed to a listed one within the window."""
    statuses: list[str] = list(rule.params["statuses"])
    window_start = add_months(month, 1 - int(rule.params["months"]))
    moved = "event_type = '迁出' OR " if "迁出" in statuses else ""
    return f"""
WITH ev AS (
  SELECT uscc, max(event_date) AS changed_on,
    arg_max(before_value, event_date) AS before_value,
    arg_max(after_value, event_date) AS after_value,
    arg_max(event_type, event_date) AS event_type
  FROM dwd.events
  WHERE event_date >= {_d(window_start)}
    AND event_date < {_d(add_months(month, 1))}
    AND ({moved}(event_type = '状态变更' AND after_value IN ({_list(statuses)})))
  GROUP BY uscc
)
SELECT {rule.id} AS rule_id, 'enterprise' AS subject_type, e.uscc AS subject_key,
  coalesce(u.name, e.name) AS subject_name, coalesce(u.county_code, e.county_code) AS county_code,
  {_d(month)} AS period, NULL::DOUBLE AS value, NULL::DOUBLE AS base, NULL::DOUBLE AS measure,
  CASE WHEN ev.uscc IS NOT NULL AND e.status IN ({_list(statuses)})
    THEN '{rule.params["level"]}' END AS level,
  CAST(date_trunc('month', ev.changed_on) AS DATE) AS since,
  json_object('status', e.status, 'changed_on', strftime(ev.changed_on, '%Y-%m-%d'),
    'event_type', ev.event_type, 'before', ev.before_value, 'after', ev.after_value)::VARCHAR
    AS facts
FROM dwd.enterprise AS e
JOIN alerts_universe AS u ON u.uscc = e.uscc
LEFT JOIN ev ON ev.uscc = e.uscc
WHERE (ev.uscc IS NOT NULL AND e.status IN ({_list(statuses)}))
  OR coalesce(e.status, '') NOT IN ({_list(statuses)})"""


def relocation_risk(rule: RuleSpec, month: date) -> str:
    """Every scored enterprise, coloured by the rule's thresholds on its score."""
    return f"""
SELECT {rule.id} AS rule_id, 'enterprise' AS subject_type, r.uscc AS subject_key,
  coalesce(u.name, r.uscc) AS subject_name, u.county_code AS county_code,
  {_d(month)} AS period, r.score AS value, NULL::DOUBLE AS base, r.score AS measure,
  {level_case(rule, "r.score")} AS level,
  CAST(date_trunc('month', r.as_of) AS DATE) AS since,
  json_object('as_of', strftime(r.as_of, '%Y-%m'), 'model_level', r.level,
    'signals', CAST(coalesce(r.signals, '[]') AS JSON))::VARCHAR AS facts
FROM relocation.risk AS r
LEFT JOIN alerts_universe AS u ON u.uscc = r.uscc
WHERE r.score IS NOT NULL"""
