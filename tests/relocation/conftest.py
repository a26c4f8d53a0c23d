"""The dataset of dataset.py loaded through the real import and pipeline, and its users."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.conftest import api_token, bearer, make_settings
from tests.factories import make_org, make_user
from tests.relocation.dataset import events_csv, operations_csv, registry_csv
from tests.warehouse.conftest import write_csv


def load_dataset(settings: Settings, database: Database, folder: Path) -> PipelineReport:
    """Import the dataset's files, set the 常州 cluster and run the pipeline."""
    actor = Principal.system("test")
    for standard, lines in (
        ("registry", registry_csv()),
        ("operations", operations_csv()),
        ("events", events_csv()),
    ):
        path = write_csv(folder / f"{standard}.csv", lines)
        result = import_file(
            settings=settings, database=database, standard_code=standard, path=path, actor=actor
        )
        assert result.rejected == 0, (standard, result)
    with database.writer() as db:
        db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
        db.commit()
    return run_pipeline(settings=settings, database=database, actor=actor)


@dataclass(frozen=True)
class Users:
    """Bearer headers of each kind of user."""

    government: dict[str, str]
    data_admin: dict[str, str]
    enterprise: dict[str, str]


@pytest.fixture
def loaded(tmp_path: Path, settings: Settings, database: Database) -> PipelineReport:
    """The dataset loaded into the test's data directory."""
    return load_dataset(settings, database, tmp_path)


def make_users(client: TestClient, database: Database) -> Users:
    """Create a government analyst, a data admin and an enterprise's member; log them in."""
    with database.writer() as db:
        make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="reloc_gov")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="reloc_data", roles=(Role.DATA_ADMIN,))
        make_user(db, org=make_org(db), username="reloc_firm")
    return Users(
        **{
            kind: bearer(api_token(client, name))
            for kind, name in (
                ("government", "reloc_gov"),
                ("data_admin", "reloc_data"),
                ("enterprise", "reloc_firm"),
            )
        }
    )


@pytest.fixture
def users(loaded: PipelineReport, client: TestClient, database: Database) -> Users:
    """The users, over the dataset loaded for this test alone (for tests that change data)."""
    return make_users(client, database)


@dataclass(frozen=True)
class SharedApp:
    """The dataset loaded once per module, with an app client and the users (read only)."""

    client: TestClient
    database: Database
    report: PipelineReport
    users: Users


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[SharedApp]:
    """The dataset loaded once for the tests of a module that only read it."""
    folder = tmp_path_factory.mktemp("relocation")
    (folder / "var").mkdir()
    shutil.copy(migrated_template, folder / "var" / "serving.db")
    settings = make_settings(folder / "var")
    database = Database.from_settings(settings)
    report = load_dataset(settings, database, folder)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield SharedApp(c, database, report, make_users(c, database))
    database.dispose()
