"""The 运行监测 test cluster loaded once per session, with an app and users of each kind."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.conftest import api_token, bearer, make_settings
from tests.factories import make_org, make_user
from tests.monitor.monitor_data import load_monitor_cluster


@dataclass(frozen=True)
class MonitorApp:
    """The app over the monitor cluster, and bearer headers of each kind of user."""

    client: TestClient
    settings: Settings
    database: Database
    government: dict[str, str]
    data_admin: dict[str, str]
    enterprise: dict[str, str]


@pytest.fixture(scope="session")
def monitor_app(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[MonitorApp]:
    """The monitor cluster loaded once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("monitor")
    (folder / "var").mkdir()
    shutil.copy(migrated_template, folder / "var" / "serving.db")
    settings = make_settings(folder / "var")
    database = Database.from_settings(settings)
    load_monitor_cluster(settings, database, folder)
    with database.writer() as db:
        make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="mon_gov")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="mon_data", roles=(Role.DATA_ADMIN,))
        make_user(db, org=make_org(db, org_type=OrgType.ENTERPRISE), username="mon_firm")
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield MonitorApp(
            client=c,
            settings=settings,
            database=database,
            government=bearer(api_token(c, "mon_gov")),
            data_admin=bearer(api_token(c, "mon_data")),
            enterprise=bearer(api_token(c, "mon_firm")),
        )
    database.dispose()
