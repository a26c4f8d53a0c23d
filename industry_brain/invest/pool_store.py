"""Reading the published candidate pool (``ads_invest_pool``): a gap's factor arrays, kept in
memory until the next pipeline run, and the full rows of the few candidates a page shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from industry_brain.invest.factors import FACTOR_IDS
from industry_brain.invest.scoring import PoolArrays
from industry_brain.warehouse.pipeline.publish import is_published, publication_marker

POOL_TABLE = "ads_invest_pool"
# A candidate takes 80 bytes of arrays (a million: 80 MB): keep the latest gaps read, up to
# this many candidates in all (always the latest one).
CACHE_ROWS = 3_000_000
_CACHE: OrderedDict[tuple[object, ...], PoolArrays] = OrderedDict()
_LOCK = threading.Lock()
# Unknown factors come as -1 (never a factor's value) so that rows fill a typed array
# straight from the driver's cursor: three times faster than going through SQLAlchemy rows.
_ARRAYS_SQL = (
    "SELECT uscc, coalesce(province_code, ''), "
    + ", ".join(f"coalesce({factor}, -1.0)" for factor in FACTOR_IDS)
    + f" FROM {POOL_TABLE} WHERE template_id = {{0}} AND node_id = {{0}} ORDER BY uscc"
)
_ROW = np.dtype([("uscc", "S18"), ("province", "S6")] + [(f, "f8") for f in FACTOR_IDS])


def empty_pool(template_id: str, node_id: str) -> PoolArrays:
    """A gap without candidates."""
    return PoolArrays(
        template_id,
        node_id,
        np.array([], dtype="S18"),
        np.array([], dtype="S6"),
        np.zeros((0, len(FACTOR_IDS)), dtype=np.float64),
    )


def read_pool(db: Session, template_id: str, node_id: str) -> PoolArrays:
    """Read a gap's candidates from the serving DB into arrays (sorted by code)."""
    if not is_published(db, POOL_TABLE):
        return empty_pool(template_id, node_id)
    marker = "?" if db.get_bind().dialect.paramstyle == "qmark" else "%s"
    driver: Any = db.connection().connection.dbapi_connection
    cursor = driver.cursor()
    try:
        cursor.execute(_ARRAYS_SQL.format(marker), (template_id, node_id))
        rows = np.fromiter(cursor, dtype=_ROW)
    finally:
        cursor.close()
    values = np.stack([rows[factor] for factor in FACTOR_IDS], axis=1)
    values[values < 0] = np.nan
    return PoolArrays(template_id, node_id, rows["uscc"], rows["province"], values)


def load_pool(db: Session, template_id: str, node_id: str) -> PoolArrays:
    """Return a gap's arrays, read once per pipeline run (see ``publication_marker``)."""
    url = db.get_bind().engine.url.render_as_string(hide_password=True)
    key = (url, template_id, node_id, publication_marker(db))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    pool = read_pool(db, template_id, node_id)
    with _LOCK:
        _CACHE[key] = pool
        while len(_CACHE) > 1 and sum(len(kept) for kept in _CACHE.values()) > CACHE_ROWS:
            _CACHE.popitem(last=False)
    return pool


def clear_cache() -> None:
    """Forget every loaded gap (tests that republish without a pipeline job)."""
    with _LOCK:
        _CACHE.clear()


def fetch_rows(
    db: Session, template_id: str, node_id: str, codes: list[str]
) -> dict[str, dict[str, Any]]:
    """Return the full pool rows of these candidates of a gap, by code."""
    if not codes or not is_published(db, POOL_TABLE):
        return {}
    query = text(
        f"SELECT * FROM {POOL_TABLE} WHERE template_id = :template_id AND node_id = :node_id "
        "AND uscc IN :codes"
    ).bindparams(bindparam("codes", expanding=True))
    rows = db.execute(query, {"template_id": template_id, "node_id": node_id, "codes": codes})
    return {str(row["uscc"]): dict(row) for row in rows.mappings()}


def candidate_counts(db: Session) -> dict[tuple[str, str], int]:
    """Return the number of candidates of every (template, node) in the pool."""
    if not is_published(db, POOL_TABLE):
        return {}
    rows = db.execute(
        text(f"SELECT template_id, node_id, count(*) FROM {POOL_TABLE} GROUP BY 1, 2")
    ).fetchall()
    return {(str(t), str(n)): int(c) for t, n, c in rows}
