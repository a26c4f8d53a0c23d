"""The chain's results as lake tables for the 招商 engine (temporary, per connection).

The classifier's assignments live in the serving DB (``chain_assignments`` of the latest run
of each template); the pool's SQL needs them next to the warehouse, so they are copied into
temporary DuckDB tables with the templates' nodes and supply edges:

- ``inv_assign(template_id, node_id, uscc, rank, confidence, evidence)``, ranks 1–3;
- ``inv_nodes(template_id, node_id, node_name, position)``;
- ``inv_edges(template_id, supplier_node, buyer_node)``.

Temporary tables also serve the backtest, which opens the lake read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import select

from industry_brain.chain.models import ChainAssignment
from industry_brain.chain.service import latest_run
from industry_brain.chain.template import all_templates
from industry_brain.db import Database

if TYPE_CHECKING:
    import duckdb

MAX_RANK = 3
BATCH = 200_000
_ASSIGN_COLUMNS = ["template_id", "node_id", "uscc", "rank", "confidence", "evidence"]


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE inv_assign (template_id VARCHAR, node_id VARCHAR, "
        "uscc VARCHAR, rank INTEGER, confidence DOUBLE, evidence VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE inv_nodes (template_id VARCHAR, node_id VARCHAR, "
        "node_name VARCHAR, position INTEGER)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE inv_edges (template_id VARCHAR, supplier_node VARCHAR, "
        "buyer_node VARCHAR)"
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("inv_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM inv_frame")
    finally:
        con.unregister("inv_frame")


def load_chain(con: duckdb.DuckDBPyConnection, database: Database) -> list[str]:
    """Copy the latest run of every template into the temporary tables; return the ids of
    the templates that have a run."""
    _create(con)
    loaded = []
    for template in all_templates().values():
        with database.reader() as db:
            run = latest_run(db, template.id)
            if run is None:
                continue
            result = db.execute(
                select(
                    ChainAssignment.node_id,
                    ChainAssignment.uscc,
                    ChainAssignment.rank,
                    ChainAssignment.confidence,
                    ChainAssignment.evidence,
                ).where(ChainAssignment.run_id == run.id, ChainAssignment.rank <= MAX_RANK)
            )
            while rows := result.fetchmany(BATCH):
                frame = pd.DataFrame([(template.id, *row) for row in rows], columns=_ASSIGN_COLUMNS)
                _insert(con, "inv_assign", frame)
        nodes = [(template.id, n.id, n.name, i) for i, n in enumerate(template.nodes)]
        _insert(con, "inv_nodes", pd.DataFrame(nodes, columns=["t", "node", "name", "position"]))
        edges = [(template.id, supplier, buyer) for supplier, buyer in template.edges()]
        if edges:
            _insert(con, "inv_edges", pd.DataFrame(edges, columns=["t", "s", "b"]))
        loaded.append(template.id)
    return loaded
