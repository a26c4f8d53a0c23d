"""The demo through the real import path: exactly the planted bad rows are rejected."""

from __future__ import annotations

from sqlalchemy import select, text

from industry_brain.accounts.models import Organisation
from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.demo import DemoManifest
from industry_brain.warehouse.demo_setup import has_data, load_demo
from industry_brain.warehouse.models import QuarantinedRow


def test_demo_loads_and_rejects_exactly_the_planted_rows(
    settings: Settings, database: Database
) -> None:
    assert not has_data(database)
    report = load_demo(
        settings=settings,
        database=database,
        actor=Principal.system("test"),
        enterprises=60,
        outside=40,
        seed=7,
    )
    assert has_data(database)
    manifest = DemoManifest.read(settings.data_dir / "demo-input" / "seed-7-60")
    by_name = dict(report.imports)
    with database.reader() as db:
        for entry in manifest.files:
            result = by_name[entry.name]
            assert result.status == "loaded", (entry.name, result.error)
            rejected = set(
                db.scalars(
                    select(QuarantinedRow.row_number).where(
                        QuarantinedRow.batch_id == result.batch_id
                    )
                )
            )
            assert rejected == {bad.row for bad in entry.bad_rows}, entry.name
    assert report.pipeline is not None
    assert report.pipeline.published_rows["enterprise_profile"] >= 100
    with database.engine.connect() as connection:
        local = connection.execute(
            text("SELECT count(*) FROM ads_enterprise_profile WHERE is_local")
        ).scalar_one()
        months = connection.execute(text("SELECT count(*) FROM ads_cluster_month")).scalar_one()
    assert 55 <= local <= 60, "the local firms, less the planted bad registry rows"
    assert months == 36
    # Accounts to try the portals: a government analyst, the largest local firm's admin and a
    # demo service provider's admin (its offerings seeded, as the demo policies are).
    assert [line.split("  ")[1] for line in report.accounts] == [
        "用户名 govanalyst",
        "用户名 firmadmin",
        "用户名 provideradmin",
    ]
    credentials = (settings.data_dir / "initial_credentials.txt").read_text(encoding="utf-8")
    assert all(line in credentials for line in report.accounts)
    with database.reader() as db:
        firm = db.scalar(select(Organisation).where(Organisation.org_type == "enterprise"))
        largest = db.execute(
            text("SELECT uscc FROM ads_enterprise_profile WHERE is_local "
                 "ORDER BY revenue_12m_wan_yuan DESC NULLS LAST, uscc LIMIT 1")
        ).scalar_one()  # fmt: skip
    assert firm is not None and firm.uscc == largest
    again = load_demo(
        settings=settings,
        database=database,
        actor=Principal.system("test"),
        enterprises=60,
        outside=40,
        seed=7,
    )
    assert again.accounts == []  # the accounts exist: nothing is created twice
    with database.reader() as db:
        provider = db.scalar(select(Organisation).where(Organisation.org_type == "provider"))
        offerings = db.execute(text("SELECT count(*) FROM catalogue_offerings")).scalar_one()
        policies = db.execute(text("SELECT count(*) FROM policies")).scalar_one()
    assert provider is not None and provider.name.startswith("演示·")
    assert offerings == 12 and policies >= 3  # seeded once, not again
