"""Reference tables in the lake (schema ``ref``) that the SQL models join.

- ``ref.batches``: the import batches and their status, copied from the serving DB, so the
  models read only rows of batches that finished loading.
- ``ref.industries`` and ``ref.regions``: the GB/T 4754-2017 and GB/T 2260 tables.
- ``ref.address_regions``: each distinct registered address resolved to a county, once.
- ``ref.cluster``: the cluster's region, whose code prefix decides what is local.
- ``ref.enterprise_merges``: provisional ids merged into real codes
  (``industry_brain.enterprise.merging``, written by the pipeline's merge step).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain.db import Database
from industry_brain.warehouse.ingest.load import ensure_ods_table
from industry_brain.warehouse.models import ImportBatch
from industry_brain.warehouse.standards import all_standards

if TYPE_CHECKING:
    import duckdb


REF_SCHEMAS: dict[str, dict[str, str]] = {
    "batches": {"batch_id": "VARCHAR", "status": "VARCHAR", "received_at": "TIMESTAMP"},
    "industries": {
        "code": "VARCHAR",
        "name": "VARCHAR",
        "level": "VARCHAR",
        "parent": "VARCHAR",
        "section": "VARCHAR",
    },
    "regions": {
        "code": "VARCHAR",
        "name": "VARCHAR",
        "level": "VARCHAR",
        "parent": "VARCHAR",
        "longitude": "DOUBLE",
        "latitude": "DOUBLE",
    },
    "address_regions": {
        "address": "VARCHAR",
        "county_code": "VARCHAR",
        "city_code": "VARCHAR",
        "province_code": "VARCHAR",
        "longitude": "DOUBLE",
        "latitude": "DOUBLE",
    },
    "cluster": {"region_code": "VARCHAR", "prefix": "VARCHAR"},
    "enterprise_merges": {"provisional_id": "VARCHAR", "uscc": "VARCHAR"},
}


def _create(con: duckdb.DuckDBPyConnection, name: str, *, replace: bool = True) -> None:
    columns = ", ".join(f"{column} {kind}" for column, kind in REF_SCHEMAS[name].items())
    verb = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    con.execute(f"{verb} ref.{name} ({columns})")


def _insert(con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Sequence[object]]) -> None:
    """Insert rows into ``ref.<name>`` with one statement (one list parameter per column).

    ``executemany`` runs the statement once per row, which takes minutes for the hundreds of
    thousands of distinct addresses of a large registry.
    """
    if not rows:
        return
    kinds = list(REF_SCHEMAS[name].values())
    columns = [list(values) for values in zip(*rows, strict=True)]
    unnested = ", ".join(f"unnest(${index + 1}::{kind}[])" for index, kind in enumerate(kinds))
    con.execute(f"INSERT INTO ref.{name} SELECT {unnested}", columns)


def replace_reference(
    con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Sequence[object]]
) -> None:
    """Replace the rows of ``ref.<name>``."""
    con.execute("CREATE SCHEMA IF NOT EXISTS ref")
    _create(con, name)
    _insert(con, name, rows)


def prepare_reference(
    con: duckdb.DuckDBPyConnection, *, database: Database, cluster_region: str | None
) -> int:
    """Refresh every reference table; return how many new addresses were resolved."""
    con.execute("CREATE SCHEMA IF NOT EXISTS ref")
    for standard in all_standards().values():
        ensure_ods_table(con, standard)
    _batches(con, database)
    _industries(con)
    _regions(con)
    _cluster(con, cluster_region)
    return _address_regions(con)


def _batches(con: duckdb.DuckDBPyConnection, database: Database) -> None:
    with database.reader() as db:
        rows = db.execute(select(ImportBatch.id, ImportBatch.status, ImportBatch.created_at)).all()
    _create(con, "batches")
    _insert(con, "batches", [(r[0], r[1], r[2].replace(tzinfo=None)) for r in rows])


def _industries(con: duckdb.DuckDBPyConnection) -> None:
    from industry_brain.codes.industries import all_industries

    _create(con, "industries")
    _insert(
        con,
        "industries",
        [(i.code, i.name, i.level, i.parent, i.section) for i in all_industries()],
    )


def _regions(con: duckdb.DuckDBPyConnection) -> None:
    from industry_brain.codes.regions import all_regions

    _create(con, "regions")
    _insert(
        con,
        "regions",
        [(r.code, r.name, r.level, r.parent, r.longitude, r.latitude) for r in all_regions()],
    )


def _cluster(con: duckdb.DuckDBPyConnection, region: str | None) -> None:
    _create(con, "cluster")
    if region:
        from industry_brain.codes.regions import region_prefix

        con.execute("INSERT INTO ref.cluster VALUES (?, ?)", [region, region_prefix(region)])


def _address_regions(con: duckdb.DuckDBPyConnection) -> int:
    from industry_brain.codes.regions import region_of_kind, resolve_addresses

    _create(con, "address_regions", replace=False)
    # The optional 省份/城市 columns are hints for addresses that omit them.
    found = con.execute(
        "SELECT address, max(province), max(city) FROM ods.registry WHERE address IS NOT NULL "
        "AND address NOT IN (SELECT address FROM ref.address_regions) GROUP BY address"
    ).fetchall()
    new = [row[0] for row in found]
    regions = resolve_addresses(
        new, provinces=[row[1] for row in found], cities=[row[2] for row in found]
    )
    rows: list[tuple[str, str | None, str | None, str | None, float | None, float | None]] = []
    for address, region in zip(new, regions, strict=True):
        if region is None:
            rows.append((address, None, None, None, None, None))
            continue
        city = region_of_kind(region.code, "city")
        province = region_of_kind(region.code, "province")
        rows.append(
            (
                address,
                region.code if region.level == "county" else None,
                city.code if city else None,
                province.code if province else None,
                region.longitude,
                region.latitude,
            )
        )
    _insert(con, "address_regions", rows)
    return len(rows)
