"""The candidate pool: every outside, active enterprise on a node (rank ≤ 3), with its raw
features and the seven factors 0–100 (NULL when unknown); formulas in ``docs/invest.md``.

``build_pool`` writes one row per (template, node, enterprise) into ``target`` with only the
data known at ``known_until`` (see ``invest.features``). The pipeline step writes
``invest.pool`` with everything; the backtest a temporary table at its cut-off.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from industry_brain.invest.features import (
    create_activity,
    create_bounds,
    create_innovation,
    create_links,
    create_registry,
)
from industry_brain.invest.relatedness import create_density

if TYPE_CHECKING:
    import duckdb

POOL = "invest.pool"
EARTH_RADIUS_KM = 6371.0088
HALF_DISTANCE_KM = 400.0
ABOVE_SCALE_FLOOR = 32.5  # the revenue scale's score of 2,000 万元 (规上 threshold), rounded
NETWORK_DIRECT_SHARE = 0.6
PARTNERS_FOR_FULL = 3


def _clamp(expression: str) -> str:
    """The expression clamped to 0–100; NULL stays NULL (DuckDB's least/greatest skip NULLs)."""
    return (
        f"CASE WHEN ({expression}) IS NOT NULL THEN greatest(0.0, least(100.0, {expression})) END"
    )


def _log_scale(column: str, low: float, high: float) -> str:
    """100 × log10(value/low) / log10(high/low), clamped to 0–100 (0 for a value ≤ 0);
    NULL stays NULL."""
    span = math.log10(high / low)
    scaled = _clamp(f"100.0 * log10({column} / {low}) / {span}")
    return f"CASE WHEN {column} <= 0 THEN 0.0 ELSE {scaled} END"


_SCALE_BASE = f"""
  coalesce({_log_scale("revenue_12m_wan_yuan", 100, 1_000_000)},
    (coalesce({_log_scale("employees", 10, 10_000)}, 0)
      + coalesce({_log_scale("registered_capital_wan_yuan", 10, 100_000)}, 0))
    / nullif(CAST(employees IS NOT NULL AS INTEGER)
      + CAST(registered_capital_wan_yuan IS NOT NULL AS INTEGER), 0))
"""
_DIRECT = f"least(100.0, 100.0 * local_partners / {PARTNERS_FOR_FULL})"
_EDGE = "100.0 * edge_nodes_local / nullif(edge_nodes, 0)"
_FACTORS = f"""
  round(100.0 * confidence, 2) AS fit,
  round(CASE WHEN above_scale THEN greatest(coalesce({_SCALE_BASE}, 0), {ABOVE_SCALE_FLOOR})
    ELSE {_SCALE_BASE} END, 2) AS scale,
  round(CASE WHEN revenue_growth_pct IS NOT NULL THEN {_clamp("50 + revenue_growth_pct")}
    WHEN capital_ratio > 0 THEN {_clamp("50 + 25 * log2(capital_ratio)")} END, 2) AS growth,
  CASE WHEN innovation_known THEN round(least(100.0, least(40, 8 * invention_patents)
    + least(20, 2 * other_patents) + 20 * CAST(high_tech AS INTEGER)
    + 20 * CAST(specialised AS INTEGER)), 2) END AS innovation,
  round(CASE WHEN relations_known AND edge_nodes > 0
      THEN {NETWORK_DIRECT_SHARE} * {_DIRECT} + {1 - NETWORK_DIRECT_SHARE} * {_EDGE}
    WHEN relations_known THEN {_DIRECT} ELSE {_EDGE} END, 2) AS network,
  round(100.0 * mix_density, 2) AS relatedness,
  round(100.0 * power(0.5, distance_km / {HALF_DISTANCE_KM}), 2) AS distance
"""
_DISTANCE = f"""
  CASE WHEN r.latitude IS NOT NULL AND r.longitude IS NOT NULL AND b.centre_lat IS NOT NULL
  THEN round(2 * {EARTH_RADIUS_KM} * asin(sqrt(
    power(sin(radians(r.latitude - b.centre_lat) / 2), 2)
    + cos(radians(r.latitude)) * cos(radians(b.centre_lat))
      * power(sin(radians(r.longitude - b.centre_lon) / 2), 2))), 1) END
"""


def _raw_sql() -> str:
    """The raw features of every candidate row."""
    return f"""
    WITH local_nodes AS (
      SELECT DISTINCT a.template_id, a.node_id FROM inv_assign AS a
      JOIN inv_registry AS r ON r.uscc = a.uscc AND r.is_local AND r.active WHERE a.rank = 1
    ), neighbours AS (
      SELECT template_id, supplier_node AS node_id, buyer_node AS other FROM inv_edges
      UNION SELECT template_id, buyer_node, supplier_node FROM inv_edges
    ), edge_info AS (
      SELECT nb.template_id, nb.node_id, count(*) AS edge_nodes,
        count(l.node_id) AS edge_nodes_local,
        string_agg(n.node_name, '、' ORDER BY n.position) FILTER (WHERE l.node_id IS NOT NULL)
          AS edge_names_local
      FROM neighbours AS nb
      JOIN inv_nodes AS n ON n.template_id = nb.template_id AND n.node_id = nb.other
      LEFT JOIN local_nodes AS l ON l.template_id = nb.template_id AND l.node_id = nb.other
      GROUP BY ALL
    ), known AS (
      SELECT EXISTS (SELECT 1 FROM dwd.relations) AS relations_known,
        EXISTS (SELECT 1 FROM dwd.patents) OR EXISTS (SELECT 1 FROM dwd.honors)
          AS innovation_known
    )
    SELECT a.template_id, a.node_id, n.node_name, a.uscc, r.name, a.rank AS assign_rank,
      a.confidence, r.province_code, gp.name AS province_name, r.city_code, gc.name AS city_name,
      r.county_code, gk.name AS county_name, r.longitude, r.latitude, r.location_precision,
      r.industry_code, r.industry_name, r.status,
      o.revenue_12m AS revenue_12m_wan_yuan,
      CAST(r.registered_capital_wan_yuan AS DOUBLE) AS registered_capital_wan_yuan,
      r.employees, r.above_scale, o.revenue_growth_pct, c.capital_before_wan_yuan,
      c.capital_after_wan_yuan, c.capital_ratio,
      coalesce(i.invention_patents, 0) AS invention_patents,
      coalesce(i.other_patents, 0) AS other_patents, coalesce(i.high_tech, FALSE) AS high_tech,
      coalesce(i.specialised, FALSE) AS specialised, kn.innovation_known, kn.relations_known,
      coalesce(k.local_buyers, 0) AS local_buyers,
      coalesce(k.local_suppliers, 0) AS local_suppliers,
      coalesce(k.local_partners, 0) AS local_partners,
      k.local_sales_wan_yuan, k.local_purchases_wan_yuan,
      coalesce(e.edge_nodes, 0) AS edge_nodes, coalesce(e.edge_nodes_local, 0) AS edge_nodes_local,
      e.edge_names_local, m.mix_density, {_DISTANCE} AS distance_km,
      CAST(json_object('fit', json(a.evidence), 'network', to_json(coalesce(k.partner_names, [])),
        'relatedness', to_json(coalesce(d.near_names[1:3], []))) AS VARCHAR) AS evidence
    FROM inv_assign AS a
    JOIN inv_registry AS r ON r.uscc = a.uscc AND r.is_local = FALSE AND r.active
    JOIN inv_nodes AS n ON n.template_id = a.template_id AND n.node_id = a.node_id
    CROSS JOIN inv_bounds AS b CROSS JOIN known AS kn
    LEFT JOIN ref.regions AS gp ON gp.code = r.province_code
    LEFT JOIN ref.regions AS gc ON gc.code = r.city_code
    LEFT JOIN ref.regions AS gk ON gk.code = r.county_code
    LEFT JOIN inv_ops AS o ON o.uscc = a.uscc
    LEFT JOIN inv_capital AS c ON c.uscc = a.uscc
    LEFT JOIN inv_innovation AS i ON i.uscc = a.uscc
    LEFT JOIN inv_links AS k ON k.uscc = a.uscc
    LEFT JOIN edge_info AS e ON e.template_id = a.template_id AND e.node_id = a.node_id
    LEFT JOIN inv_density AS d ON d.template_id = a.template_id AND d.node_id = a.node_id
    LEFT JOIN inv_mix AS m ON m.template_id = a.template_id AND m.uscc = a.uscc
    """


def build_pool(
    con: duckdb.DuckDBPyConnection,
    *,
    known_until: date,
    places: str,
    target: str = POOL,
    temporary: bool = False,
) -> int:
    """Write the pool with the data known at ``known_until`` into ``target``; return its rows.

    Needs the chain's tables (``invest.inputs.load_chain``) and located event texts
    (``relocation.places.prepare_places`` into ``places``).
    """
    create_bounds(con, known_until)
    create_registry(con, places)
    create_activity(con)
    create_innovation(con)
    create_links(con)
    create_density(con)
    con.execute(
        f"CREATE OR REPLACE {'TEMP ' if temporary else ''}TABLE {target} AS "
        f"SELECT * EXCLUDE (mix_density, innovation_known), {_FACTORS} FROM ({_raw_sql()}) "
        "ORDER BY template_id, node_id, uscc"
    )
    found = con.execute(f"SELECT count(*) FROM {target}").fetchone()
    return int(found[0]) if found else 0
