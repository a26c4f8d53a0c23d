"""Load the demo cluster the way an operator would: files in, through the import path.

``load_demo`` generates the files an operator of 常州市 would receive, sets the cluster
profile, imports every file with ``import_file`` (the same path as ``ib import`` and the
upload page, so bad rows land in quarantine) and runs the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.jobs import Progress
from industry_brain.settings import Settings
from industry_brain.warehouse.cluster import set_cluster
from industry_brain.warehouse.ingest.service import ImportResult, import_file
from industry_brain.warehouse.models import ImportBatch
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline

CLUSTER_NAME = "常州市新能源汽车及零部件产业集群"


@dataclass
class DemoReport:
    """What loading the demo did."""

    imports: list[tuple[str, ImportResult]] = field(default_factory=list)
    pipeline: PipelineReport | None = None
    accounts: list[str] = field(default_factory=list)


def has_data(database: Database) -> bool:
    """Return whether any file was ever received."""
    with database.reader() as db:
        return bool(db.scalar(select(func.count()).select_from(ImportBatch)))


def load_demo(
    *,
    settings: Settings,
    database: Database,
    actor: Principal,
    enterprises: int = 3000,
    outside: int = 5000,
    seed: int = 20261122,
    on_progress: Progress | None = None,
) -> DemoReport:
    """Generate, import and build the demo cluster."""
    from industry_brain.warehouse.demo import generate_demo

    def say(message: str, percent: int) -> None:
        if on_progress:
            on_progress(message, percent)

    folder = settings.data_dir / "demo-input" / f"seed-{seed}-{enterprises}"
    folder.mkdir(parents=True, exist_ok=True)
    say(f"生成演示数据（本地企业 {enterprises} 家，区外企业 {outside} 家）", 0)
    manifest = generate_demo(folder, enterprises=enterprises, outside=outside, seed=seed)
    with database.writer() as db:
        set_cluster(db, actor=actor, name=CLUSTER_NAME, region_code=manifest.region_code)
    report = DemoReport()
    for index, entry in enumerate(manifest.files):
        say(f"导入 {entry.name}", 5 + 60 * index // len(manifest.files))
        result = import_file(
            settings=settings,
            database=database,
            standard_code=entry.standard,
            path=folder / entry.name,
            actor=actor,
            source="demo",
        )
        report.imports.append((entry.name, result))
    report.pipeline = run_pipeline(
        settings=settings, database=database, actor=actor, on_progress=on_progress
    )
    say("演示服务目录与惠企政策", 96)
    provider = _demo_services(settings, database)
    report.accounts = _demo_accounts(
        settings, database, region_code=manifest.region_code, provider=provider
    )
    return report


def _demo_services(settings: Settings, database: Database) -> str | None:
    """Run every plugin's demo seeds (hook ``ib_demo_seeds``: the service providers with their
    offerings, the policies …, each marked 演示); return the first service provider, whose
    admin account the demo adds (None when no seed added one)."""
    from industry_brain.accounts.models import Organisation
    from industry_brain.accounts.roles import OrgType
    from industry_brain.plugins import plugin_manager

    seeds = [seed for group in plugin_manager().hook.ib_demo_seeds() for seed in group]
    for seed in sorted(seeds, key=lambda seed: (seed.order, seed.name)):
        seed.run(database)
    with database.reader() as db:
        return db.scalar(
            select(Organisation.name)
            .where(Organisation.org_type == str(OrgType.PROVIDER))
            .order_by(Organisation.id)
            .limit(1)
        )


def _demo_accounts(
    settings: Settings, database: Database, *, region_code: str, provider: str | None
) -> list[str]:
    """Add a government analyst, the org admin of the largest local enterprise and that of a
    service provider."""
    from industry_brain.accounts.bootstrap import create_demo_accounts
    from industry_brain.enterprise.directory import DirectoryFilter, list_enterprises

    with database.writer() as db:
        largest = list_enterprises(db, DirectoryFilter(local=True)).rows[:1]
        enterprise = (largest[0]["uscc"], largest[0]["name"]) if largest else None
        return create_demo_accounts(
            db,
            settings=settings,
            region_code=region_code,
            enterprise=enterprise,
            provider=provider,
        )
