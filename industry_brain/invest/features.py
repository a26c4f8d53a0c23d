"""The raw features of the candidate pool, with only what was known at a cut-off.

Each function creates a temporary table from the warehouse (``dwd``, ``ref``) and the chain's
tables of ``invest.inputs``. ``known_until`` is the last day whose data may be used: the
present run uses 9999-12-31 (everything); the backtest the last day of its cut-off month.
``as_of`` is the reference day of the windows (the latest day the warehouse has data for,
at most ``known_until``). At a past cut-off:

- the population is the enterprises established by then; an enterprise whose address
  changed later is placed where its address was before the change (``places``); its status
  is the one its status changes say it had;
- operations, patents (applied), honours (recognised), relations (periods) and events count
  only up to the cut-off.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from industry_brain.relocation.signals import ACTIVE_STATUSES

if TYPE_CHECKING:
    import duckdb

EVERYTHING = date(9999, 12, 31)
CAPITAL_WINDOW_MONTHS = 24
RELATION_WINDOW_MONTHS = 12
_ACTIVE = ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)


def create_bounds(con: duckdb.DuckDBPyConnection, known_until: date) -> None:
    """``inv_bounds``: the cut-off, the reference day, the operations month, the cluster."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inv_bounds AS
        WITH k AS (SELECT CAST(? AS DATE) AS known_until),
        latest AS (
          SELECT greatest(
            (SELECT max(event_date) FROM dwd.events, k WHERE event_date <= k.known_until),
            (SELECT last_day(max(period)) FROM dwd.operations, k WHERE period <= k.known_until)
          ) AS day
        )
        SELECT k.known_until, least(k.known_until, coalesce(l.day, current_date)) AS as_of,
          (SELECT max(period) FROM dwd.operations WHERE period <= k.known_until) AS ops_month,
          c.region_code AS cluster_code, c.prefix AS cluster_prefix,
          g.longitude AS centre_lon, g.latitude AS centre_lat
        FROM k CROSS JOIN latest AS l
        LEFT JOIN ref.cluster AS c ON TRUE
        LEFT JOIN ref.regions AS g ON g.code = c.region_code
        """,
        [known_until],
    )


def create_registry(con: duckdb.DuckDBPyConnection, places: str) -> None:
    """``inv_registry``: every enterprise established by the cut-off, where and in what state
    it was then (``is_local`` true, false, or NULL when its region is unknown)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE inv_registry AS
        WITH moved AS (
          SELECT v.uscc, arg_min(p.region_code, v.event_date) AS region_code
          FROM dwd.events AS v CROSS JOIN inv_bounds AS b
          JOIN {places} AS p ON p.kind = 'address' AND p.text = v.before_value
          WHERE v.event_type = '地址变更' AND v.event_date > b.known_until
          GROUP BY v.uscc
        ), status AS (
          SELECT v.uscc,
            arg_max(v.after_value, v.event_date) FILTER (WHERE v.event_date <= b.known_until)
              AS then_status,
            arg_min(v.before_value, v.event_date) FILTER (WHERE v.event_date > b.known_until)
              AS later_before
          FROM dwd.events AS v CROSS JOIN inv_bounds AS b
          WHERE v.event_type = '状态变更' GROUP BY v.uscc
        ), placed AS (
          SELECT e.*, m.uscc IS NOT NULL AS moved_later,
            CASE WHEN m.uscc IS NULL THEN coalesce(e.county_code, e.city_code, e.province_code)
              ELSE m.region_code END AS region_code,
            coalesce(s.then_status, s.later_before, e.status) AS status_then
          FROM dwd.enterprise AS e
          LEFT JOIN moved AS m ON m.uscc = e.uscc
          LEFT JOIN status AS s ON s.uscc = e.uscc
        )
        SELECT p.uscc, p.name, p.established_on, p.registered_capital_wan_yuan, p.employees,
          p.above_scale, p.industry_code, p.industry_name, p.status_then AS status,
          p.status_then IS NULL OR p.status_then IN ({_ACTIVE}) AS active,
          p.region_code, p.region_code LIKE b.cluster_prefix || '%' AS is_local,
          CASE WHEN g1.level = 'county' THEN g1.code END AS county_code,
          CASE WHEN g1.level = 'city' THEN g1.code WHEN g2.level = 'city' THEN g2.code END
            AS city_code,
          CASE WHEN g1.level = 'province' THEN g1.code WHEN g2.level = 'province' THEN g2.code
            WHEN g3.level = 'province' THEN g3.code END AS province_code,
          coalesce(CASE WHEN NOT p.moved_later THEN p.longitude END, g1.longitude) AS longitude,
          coalesce(CASE WHEN NOT p.moved_later THEN p.latitude END, g1.latitude) AS latitude,
          CASE WHEN NOT p.moved_later AND p.longitude IS NOT NULL THEN p.location_precision
            WHEN g1.code IS NOT NULL THEN g1.level END AS location_precision
        FROM placed AS p CROSS JOIN inv_bounds AS b
        LEFT JOIN ref.regions AS g1 ON g1.code = p.region_code
        LEFT JOIN ref.regions AS g2 ON g2.code = g1.parent
        LEFT JOIN ref.regions AS g3 ON g3.code = g2.parent
        WHERE p.established_on IS NULL OR p.established_on <= b.known_until
        """
    )


def create_activity(con: duckdb.DuckDBPyConnection) -> None:
    """``inv_ops`` (revenue and its growth) and ``inv_capital`` (the latest change of
    registered capital in the 24 months before the reference day)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inv_ops AS
        WITH o AS (
          SELECT o.uscc,
            count(o.revenue_wan_yuan) FILTER (WHERE o.period > b.ops_month - INTERVAL 12 MONTH)
              AS months_12,
            count(o.revenue_wan_yuan) FILTER (WHERE o.period <= b.ops_month - INTERVAL 12 MONTH)
              AS months_prev_12,
            sum(o.revenue_wan_yuan) FILTER (WHERE o.period > b.ops_month - INTERVAL 12 MONTH)
              AS revenue_12m,
            avg(o.revenue_wan_yuan) FILTER (WHERE o.period > b.ops_month - INTERVAL 12 MONTH)
              AS revenue_avg,
            avg(o.revenue_wan_yuan) FILTER (WHERE o.period <= b.ops_month - INTERVAL 12 MONTH)
              AS revenue_prev_avg
          FROM dwd.operations AS o CROSS JOIN inv_bounds AS b
          WHERE o.period <= b.ops_month AND o.period > b.ops_month - INTERVAL 24 MONTH
          GROUP BY o.uscc
        )
        SELECT uscc, CASE WHEN months_12 > 0 THEN CAST(revenue_12m AS DOUBLE) END AS revenue_12m,
          CASE WHEN months_12 >= 6 AND months_prev_12 >= 6 AND revenue_prev_avg > 0
            THEN round(100 * (revenue_avg / revenue_prev_avg - 1), 2) END AS revenue_growth_pct
        FROM o
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE inv_capital AS
        WITH c AS (
          SELECT v.uscc, arg_max(v.before_value, v.event_date) AS before_text,
            arg_max(v.after_value, v.event_date) AS after_text
          FROM dwd.events AS v CROSS JOIN inv_bounds AS b
          WHERE v.event_type = '注册资本变更' AND v.event_date <= b.as_of
            AND v.event_date > b.as_of - INTERVAL {CAPITAL_WINDOW_MONTHS} MONTH
          GROUP BY v.uscc
        ), n AS (
          SELECT uscc,
            TRY_CAST(regexp_extract(before_text, '([0-9]+(\\.[0-9]+)?)', 1) AS DOUBLE) AS before,
            TRY_CAST(regexp_extract(after_text, '([0-9]+(\\.[0-9]+)?)', 1) AS DOUBLE) AS after
          FROM c
        )
        SELECT uscc, before AS capital_before_wan_yuan, after AS capital_after_wan_yuan,
          round(after / before, 4) AS capital_ratio
        FROM n WHERE before > 0 AND after > 0
        """
    )


def create_innovation(con: duckdb.DuckDBPyConnection) -> None:
    """``inv_innovation``: patents applied and honours recognised by the cut-off; the honours
    still valid on the reference day."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inv_innovation AS
        WITH p AS (
          SELECT t.uscc, count(*) FILTER (WHERE t.patent_type = '发明') AS invention,
            count(*) FILTER (WHERE t.patent_type IS DISTINCT FROM '发明') AS other
          FROM dwd.patents AS t CROSS JOIN inv_bounds AS b
          WHERE coalesce(t.applied_on, t.granted_on, DATE '9999-12-31') <= b.known_until
          GROUP BY t.uscc
        ), h AS (
          SELECT t.uscc, bool_or(t.honor_name LIKE '%高新技术企业%') AS high_tech,
            bool_or(t.honor_name LIKE '%专精特新%') AS specialised
          FROM dwd.honors AS t CROSS JOIN inv_bounds AS b
          WHERE coalesce(t.recognized_on, DATE '9999-12-31') <= b.known_until
            AND (t.valid_until IS NULL OR t.valid_until >= b.as_of)
          GROUP BY t.uscc
        )
        SELECT coalesce(p.uscc, h.uscc) AS uscc, coalesce(p.invention, 0) AS invention_patents,
          coalesce(p.other, 0) AS other_patents, coalesce(h.high_tech, FALSE) AS high_tech,
          coalesce(h.specialised, FALSE) AS specialised
        FROM p FULL JOIN h ON h.uscc = p.uscc
        """
    )


def create_links(con: duckdb.DuckDBPyConnection) -> None:
    """``inv_links``: each enterprise's supply relations with local enterprises in the 12
    months before the reference day (relations without a period count in the present run)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE inv_links AS
        WITH r AS (
          SELECT t.supplier_uscc, t.buyer_uscc, sum(coalesce(t.amount_wan_yuan, 0)) AS amount
          FROM dwd.relations AS t CROSS JOIN inv_bounds AS b
          WHERE (t.period IS NULL AND b.known_until = DATE '9999-12-31')
            OR (t.period <= b.as_of
                AND t.period > b.as_of - INTERVAL {RELATION_WINDOW_MONTHS} MONTH)
          GROUP BY 1, 2
        ), sides AS (
          SELECT r.supplier_uscc AS uscc, 'buyer' AS side, r.buyer_uscc AS partner, r.amount
          FROM r JOIN inv_registry AS l ON l.uscc = r.buyer_uscc AND l.is_local AND l.active
          UNION ALL
          SELECT r.buyer_uscc, 'supplier', r.supplier_uscc, r.amount
          FROM r JOIN inv_registry AS l ON l.uscc = r.supplier_uscc AND l.is_local AND l.active
        )
        SELECT s.uscc,
          count(DISTINCT s.partner) FILTER (WHERE s.side = 'buyer') AS local_buyers,
          count(DISTINCT s.partner) FILTER (WHERE s.side = 'supplier') AS local_suppliers,
          count(DISTINCT s.partner) AS local_partners,
          sum(s.amount) FILTER (WHERE s.side = 'buyer') AS local_sales_wan_yuan,
          sum(s.amount) FILTER (WHERE s.side = 'supplier') AS local_purchases_wan_yuan,
          list(e.name ORDER BY s.amount DESC, e.name)[1:3] AS partner_names
        FROM sides AS s JOIN dwd.enterprise AS e ON e.uscc = s.partner
        GROUP BY s.uscc
        """
    )
