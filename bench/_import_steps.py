"""The steps of ``import_bench.py``; each runs in its own child process.

Not a benchmark itself. Every step writes a JSON result; the parent prints them. A step
runs in a fresh process so that its peak RSS is its own (the parent measures nothing heavy).
"""

from __future__ import annotations

import codecs
import csv
import os
from pathlib import Path
from typing import Any

import _import_data as data
import duckdb
from _import_probe import Probe, children_maxrss_kib, timed_lake_connect

CONNECTION = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def generate(workdir: Path, *, enterprises: int, months: int) -> dict[str, Any]:
    """Write ``registry.csv`` and ``operations.csv`` into ``workdir/gen``; check a sample."""
    target = workdir / "gen"
    target.mkdir(parents=True, exist_ok=True)
    con = data.connect(target)
    con.execute("SET enable_progress_bar = false")
    probe = Probe()
    try:
        with probe.stage("registry"):
            registry = data.write_csv(con, data.registry_sql(enterprises), target / "registry.csv")
        with probe.stage("operations"):
            operations = data.write_operations(con, enterprises, months, target / "operations.csv")
    finally:
        con.close()
    _check_sample(target / "registry.csv")
    return {
        "stages": probe.as_rows(),
        "files": {
            "registry": _file_info(target / "registry.csv", registry),
            "operations": _file_info(target / "operations.csv", operations),
        },
    }


def _file_info(path: Path, rows: int) -> dict[str, Any]:
    return {"path": str(path), "rows": rows, "bytes": path.stat().st_size}


def _check_sample(path: Path) -> None:
    """Check the 统一社会信用代码 of the first 5,000 rows against the project's own check."""
    from industry_brain.enterprise.uscc import check_character

    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        assert tuple(next(rows)) == data.REGISTRY_HEADER
        for index, row in enumerate(rows):
            if index >= 5000:
                break
            good = row[0][17] == check_character(row[0][:17])
            assert good == (index % 1000 != 999 or (index // 1000) % 8 != 0), (index, row[0])


def baseline(workdir: Path, *, path: Path, gb18030: bool) -> dict[str, Any]:
    """Time DuckDB's own CSV reads of the file (and the reader on a GB18030 copy)."""
    probe = Probe()
    quoted = "'" + str(path).replace("'", "''") + "'"
    con = duckdb.connect(config=dict(CONNECTION))
    try:
        with probe.stage("SELECT count(*) FROM read_csv(file)"):
            row = con.execute(f"SELECT count(*) FROM read_csv({quoted})").fetchone()
        assert row is not None
        rows = int(row[0])
        with probe.stage("read_csv, all VARCHAR, parallel = false → temp table"):
            con.execute(
                f"CREATE TEMP TABLE stage AS SELECT * FROM read_csv({quoted}, all_varchar = true,"
                " parallel = false)"
            )
    finally:
        con.close()
    file_db = workdir / "baseline.duckdb"
    with probe.stage("CREATE TABLE AS SELECT * FROM read_csv(file), on disk"):
        con = duckdb.connect(str(file_db), config=dict(CONNECTION))
        try:
            con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv({quoted})")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    file_db.unlink()
    if gb18030:
        _gb18030(workdir, path, probe)
    return {"rows": rows, "stages": probe.as_rows(), "children_maxrss_kib": children_maxrss_kib()}


def _gb18030(workdir: Path, path: Path, probe: Probe) -> None:
    """Time encoding detection and transcoding of a GB18030 copy of the file."""
    from industry_brain.warehouse.ingest import reader

    copy, utf8 = workdir / "gb18030.csv", workdir / "gb18030-utf8.csv"
    try:
        encoder = codecs.getincrementalencoder("gb18030")()
        with path.open(encoding="utf-8", newline="") as source, copy.open("wb") as target:
            while chunk := source.read(1 << 20):
                target.write(encoder.encode(chunk))
        with probe.stage("GB18030 copy: detect_encoding"):
            encoding = reader.detect_encoding(copy, name=copy.name)
        assert encoding == "gb18030", encoding
        with probe.stage("GB18030 copy: transcode_to_utf8"):
            reader.transcode_to_utf8(copy, encoding, utf8)
    finally:
        copy.unlink(missing_ok=True)
        utf8.unlink(missing_ok=True)


def limit_memory(limit: str | None) -> None:
    """Override ``IB_LAKE_MEMORY_LIMIT`` (the DuckDB memory limit of every lake connection)."""
    if limit:
        os.environ["IB_LAKE_MEMORY_LIMIT"] = limit


def _settings(workdir: Path) -> Any:
    from industry_brain.settings import Settings, prepare_settings

    return prepare_settings(Settings(data_dir=workdir / "data"))


def import_one(workdir: Path, *, standard: str, path: Path) -> dict[str, Any]:
    """Import one file with the real ``import_file``, timing its stages."""
    from industry_brain import lake, migrate
    from industry_brain.accounts.principal import Principal
    from industry_brain.db import Database
    from industry_brain.warehouse.ingest import reader, service

    settings = _settings(workdir)
    database = Database.from_settings(settings)
    migrate.upgrade(database.engine)
    probe = Probe()
    probe.wrap(service, "_copy_with_digest", "raw copy + SHA-256")
    probe.wrap(service, "_receive", "receive (raw copy + batch record)")
    probe.wrap(reader, "detect_format", "format detection")
    probe.wrap(reader, "detect_encoding", "encoding detection")
    probe.wrap(reader, "transcode_to_utf8", "transcode to UTF-8")
    probe.wrap(reader, "read_header", "read + map header")
    probe.wrap(service, "map_header", "read + map header")
    probe.wrap(service, "_industry_codes", "GB/T 4754 code list")
    probe.wrap(service, "load_csv", "load_csv (stage + validate + insert)")
    probe.wrap(service, "_validate_and_load", "validate_and_load (incl. temp file cleanup)")
    probe.wrap(service, "_record", "quarantine + batch record (serving DB)")
    setattr(lake, "connect", timed_lake_connect(probe, lake.connect))  # noqa: B010
    try:
        with probe.stage("import_file (whole)"):
            result = service.import_file(
                settings=settings,
                database=database,
                standard_code=standard,
                path=path,
                actor=Principal.system("bench"),
            )
    finally:
        probe.restore()
        database.dispose()
    return {
        "result": {
            "rows": result.rows,
            "accepted": result.accepted,
            "rejected": result.rejected,
            "status": result.status,
            "error": result.error,
        },
        "stages": probe.as_rows(),
        "process_peak_mib": probe.process_peak_kib / 1024,
        "children_maxrss_kib": children_maxrss_kib(),
        "lake_bytes": settings.resolved_lake_path.stat().st_size,
    }


def pipeline(workdir: Path) -> dict[str, Any]:
    """Run the real ``run_pipeline`` on the imported data, timing its phases."""
    from sqlmesh.core.context import Context
    from sqlmesh.core.snapshot.evaluator import SnapshotEvaluator

    from industry_brain import lake
    from industry_brain.accounts.principal import Principal
    from industry_brain.codes import regions
    from industry_brain.db import Database
    from industry_brain.warehouse.models import ClusterProfile
    from industry_brain.warehouse.pipeline import reference, run

    settings = _settings(workdir)
    database = Database.from_settings(settings)
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    probe = Probe()
    plans = iter(("1st plan (create + backfill)", "2nd plan (restate all)"))
    probe.wrap(run, "prepare_reference", "reference tables (whole)")
    for name in ("_batches", "_industries", "_regions", "_cluster"):
        probe.wrap(reference, name, f"reference: {name.strip('_')}")
    probe.wrap(reference, "_address_regions", "reference: address_regions (whole)")
    probe.wrap(regions, "resolve_addresses", "reference: address_regions: resolve_addresses")
    probe.wrap(run, "_run_models", "SQLMesh models (whole)")
    probe.wrap_labelled(Context, "plan", lambda *a, **k: "SQLMesh " + next(plans, "plan"))
    probe.wrap_labelled(SnapshotEvaluator, "evaluate", _model_label)
    probe.wrap(run, "_row_counts", "row counts of the layers")
    probe.wrap_labelled(run, "publish_table", lambda _con, _db, spec: f"publish {spec.table}")
    try:
        with probe.stage("run_pipeline (whole)"):
            report = run.run_pipeline(
                settings=settings, database=database, actor=Principal.system("bench")
            )
    finally:
        probe.restore()
    with probe.stage("side: fetch ads.enterprise_profile into Python"):
        with lake.connect(settings, read_only=True) as con:
            fetched = len(con.execute("SELECT * FROM ads.enterprise_profile").fetchall())
    database.dispose()
    return {
        "addresses_resolved": report.addresses_resolved,
        "model_rows": report.model_rows,
        "published_rows": report.published_rows,
        "fetched": fetched,
        "stages": probe.as_rows(),
        "process_peak_mib": probe.process_peak_kib / 1024,
        "children_maxrss_kib": children_maxrss_kib(),
        "lake_bytes": settings.resolved_lake_path.stat().st_size,
        "serving_db_bytes": (settings.data_dir / "serving.db").stat().st_size,
    }


def _model_label(*args: Any, **kwargs: Any) -> str:
    snapshot = kwargs.get("snapshot") or args[1]
    return f"model {snapshot.name}"
