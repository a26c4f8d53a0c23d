"""Relatedness of a node to the region's strengths, after Hidalgo & Hausmann's product space.

Hidalgo, Klinger, Barabási & Hausmann, "The Product Space Conditions the Development of
Nations", Science 317 (2007); Hausmann & Hidalgo et al., The Atlas of Economic Complexity
(2011). Countries become regions and products become chain nodes:

1. Regions: the cluster's region (its local enterprises) and every city (地级; the province
   when the city is unknown) of the outside enterprises; a region counts with at least
   ``MIN_REGION_FIRMS`` active enterprises on the template's nodes (main node only).
2. Revealed strength: RCA(r, p) = (firms of r in p / firms of r) / (firms in p / all
   firms); x(r, p) = 1 when RCA ≥ 1.
3. Proximity of nodes: φ(p, q) = (regions strong in both) / max(regions strong in p,
   regions strong in q), the minimum of the two conditional probabilities (φ(p, p) = 1).
4. Density of node p around the cluster: ω(p) = Σ_q x(cluster, q) φ(p, q) / Σ_q φ(p, q),
   between 0 (no local strength near p) and 1.

A candidate's relatedness is the density of its own node mix: the mean of ω over the nodes it
is assigned to (ranks 1–3), weighted by the classifier's confidence, × 100. It is unknown when
fewer than ``MIN_REGIONS`` regions qualify, or when none of its nodes is a strength anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

MIN_REGION_FIRMS = 5
MIN_REGIONS = 3
LOCAL = "LOCAL"


def create_density(con: duckdb.DuckDBPyConnection) -> None:
    """``inv_density(template_id, node_id, density, near_names)``: ω of every node with a
    defined proximity, and the names of the closest local strengths (other nodes)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE inv_strength AS
        WITH presence AS (
          SELECT a.template_id, a.node_id,
            CASE WHEN r.is_local THEN '{LOCAL}' ELSE coalesce(r.city_code, r.province_code) END
              AS region,
            count(*) AS firms
          FROM inv_assign AS a JOIN inv_registry AS r ON r.uscc = a.uscc
          WHERE a.rank = 1 AND r.active AND r.is_local IS NOT NULL
          GROUP BY ALL
        ), sized AS (
          SELECT *, sum(firms) OVER (PARTITION BY template_id, region) AS region_firms
          FROM presence WHERE region IS NOT NULL
        ), kept AS (
          SELECT * FROM sized WHERE region_firms >= {MIN_REGION_FIRMS} OR region = '{LOCAL}'
        ), totals AS (
          SELECT *, sum(firms) OVER (PARTITION BY template_id, node_id) AS node_firms,
            sum(firms) OVER (PARTITION BY template_id) AS all_firms,
            count(DISTINCT region) OVER (PARTITION BY template_id) AS regions
          FROM kept
        )
        SELECT template_id, region, node_id, regions
        FROM totals
        WHERE (firms / region_firms) / (node_firms / all_firms) >= 1 AND regions >= {MIN_REGIONS}
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE inv_density AS
        WITH ubiquity AS (
          SELECT template_id, node_id, count(*) AS strong_in FROM inv_strength GROUP BY ALL
        ), shared AS (
          SELECT a.template_id, a.node_id AS p, b.node_id AS q, count(*) AS both_strong
          FROM inv_strength AS a JOIN inv_strength AS b
            ON b.template_id = a.template_id AND b.region = a.region
          GROUP BY ALL
        ), proximity AS (
          SELECT s.template_id, s.p, s.q,
            s.both_strong / greatest(up.strong_in, uq.strong_in) AS phi
          FROM shared AS s
          JOIN ubiquity AS up ON up.template_id = s.template_id AND up.node_id = s.p
          JOIN ubiquity AS uq ON uq.template_id = s.template_id AND uq.node_id = s.q
        ), local AS (
          SELECT template_id, node_id FROM inv_strength WHERE region = '{LOCAL}'
        )
        SELECT x.template_id, x.p AS node_id,
          round(coalesce(sum(x.phi) FILTER (WHERE l.node_id IS NOT NULL), 0) / sum(x.phi), 6)
            AS density,
          coalesce(list(n.node_name ORDER BY x.phi DESC, n.position)
            FILTER (WHERE l.node_id IS NOT NULL AND x.q <> x.p), []) AS near_names
        FROM proximity AS x
        LEFT JOIN local AS l ON l.template_id = x.template_id AND l.node_id = x.q
        JOIN inv_nodes AS n ON n.template_id = x.template_id AND n.node_id = x.q
        GROUP BY x.template_id, x.p
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inv_mix AS
        SELECT a.template_id, a.uscc,
          sum(a.confidence * d.density) / nullif(sum(a.confidence), 0) AS mix_density
        FROM inv_assign AS a
        JOIN inv_density AS d ON d.template_id = a.template_id AND d.node_id = a.node_id
        GROUP BY ALL
        """
    )
