"""Run the layer pipeline: reference tables, the SQLMesh models, then publish ADS.

SQLMesh runs in process on the lake file, with extension downloads off like every other lake
connection. Models are ``FULL``: each run restates them all, so a run always reflects every
loaded batch. The run is recorded as a job with its progress and log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.audit import service as audit
from industry_brain.db import Database
from industry_brain.enterprise.merging import merge_step
from industry_brain.hookspecs import PipelineStep
from industry_brain.jobs import Progress, run_job
from industry_brain.settings import Settings
from industry_brain.warehouse.catalog import build_catalog, store_catalog
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.publish import PUBLISHED, publish_table
from industry_brain.warehouse.pipeline.reference import prepare_reference

if TYPE_CHECKING:
    from sqlmesh import Context

PROJECT = Path(__file__).parent / "project"


@dataclass
class PipelineReport:
    """What a pipeline run did."""

    job_id: str = ""
    addresses_resolved: int = 0
    merges: int = 0
    steps: dict[str, str] = field(default_factory=dict)
    model_rows: dict[str, int] = field(default_factory=dict)
    published_rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def sqlmesh_context(settings: Settings) -> Context:
    """Return a SQLMesh context over the lake, caching in the data directory."""
    from sqlmesh import Context
    from sqlmesh.core.config import Config, GatewayConfig, ModelDefaultsConfig
    from sqlmesh.core.config.connection import DuckDBConnectionConfig

    connection = DuckDBConnectionConfig(
        database=str(settings.resolved_lake_path.resolve()),
        connector_config=lake.connection_config(settings),
    )
    config = Config(
        gateways={"lake": GatewayConfig(connection=connection)},
        default_gateway="lake",
        model_defaults=ModelDefaultsConfig(dialect="duckdb"),
        # Absolute: SQLMesh resolves a relative cache dir against the project folder.
        cache_dir=str((settings.data_dir / "sqlmesh-cache").resolve()),
    )
    return Context(paths=str(PROJECT), config=config)


def cluster_region(database: Database) -> str | None:
    """Return the configured cluster region code, if any."""
    with database.reader() as db:
        profile = db.scalar(select(ClusterProfile).limit(1))
    return profile.region_code if profile else None


def run_pipeline(
    *,
    settings: Settings,
    database: Database,
    actor: Principal,
    on_progress: Progress | None = None,
) -> PipelineReport:
    """Run the whole pipeline as a recorded job and return what it did."""
    started = time.perf_counter()

    def work(progress: Progress) -> PipelineReport:
        report = PipelineReport()
        progress("刷新参照表与地址解析", 5)
        with lake.connect(settings) as con:
            report.addresses_resolved = prepare_reference(
                con, database=database, cluster_region=cluster_region(database)
            )
            progress("识别临时编码企业与已登记企业的合并", 12)
            report.merges = merge_step(con, database=database, actor=actor)
        progress(
            f"运行分层模型（新解析地址 {report.addresses_resolved} 个，"
            f"新合并企业 {report.merges} 个）",
            20,
        )
        context = sqlmesh_context(settings)
        try:
            _run_models(context)
        finally:
            # SQLMesh's connection has its own configuration; DuckDB allows one per file.
            # The models stay loaded in the context for the lineage below.
            context.close()
        progress("发布应用层数据到服务库", 75)
        with lake.connect(settings) as con:
            report.model_rows = _row_counts(con)
            for spec in PUBLISHED:
                report.published_rows[spec.model] = publish_table(con, database, spec)
            steps = _pipeline_steps()
            for done, step in enumerate(steps):
                progress(step.name, 82 + 8 * done // len(steps))
                report.steps[step.name] = step.run(con, database, actor)
                progress(
                    f"{step.name}：{report.steps[step.name]}", 82 + 8 * (done + 1) // len(steps)
                )
            progress("更新数据资源目录与血缘", 90)
            entries, edges = build_catalog(
                context=context, con=con, published=[spec.model for spec in PUBLISHED]
            )
        store_catalog(database, entries, edges)
        progress("完成", 100)
        return report

    job, report = run_job(
        database, kind="pipeline", actor=actor, work=work, on_progress=on_progress
    )
    assert report is not None
    report.job_id, report.seconds = job.id, time.perf_counter() - started
    with database.writer() as db:
        audit.append(
            db,
            actor=actor,
            event_type="warehouse.pipeline.run",
            object_type="job",
            object_id=job.id,
            detail={"published": report.published_rows, "merges": report.merges},
        )
        db.commit()
    return report


def _pipeline_steps() -> list[PipelineStep]:
    """The steps plugins add after publishing, in their order."""
    from industry_brain.plugins import plugin_manager

    steps = [step for found in plugin_manager().hook.ib_pipeline_steps() for step in found]
    return sorted(steps, key=lambda step: (step.order, step.name))


def _run_models(context: Context) -> None:
    names = [model.name for model in context.models.values()]
    plan = context.plan(auto_apply=True, no_prompts=True)
    if not plan.requires_backfill:
        # Nothing changed in the models, so nothing was rebuilt: restate them all so that
        # the layers reflect every batch loaded since the last run.
        context.plan(restate_models=names, auto_apply=True, no_prompts=True)


def _row_counts(con: object) -> dict[str, int]:
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    rows = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema IN ('dwd', 'dws', 'ads') ORDER BY 1"
    ).fetchall()
    counts = {}
    for (name,) in rows:
        count = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        counts[name] = int(count[0]) if count else 0
    return counts
