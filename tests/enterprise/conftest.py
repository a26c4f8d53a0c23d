"""Fixtures of the enterprise tests: file imports, and the known cluster loaded once for the
read-only profile and search tests, with a user of each kind."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from industry_brain.accounts import actions
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.schemas import OrganisationCreate
from industry_brain.app import create_app
from industry_brain.db import Database
from tests import known_cluster as known
from tests.conftest import api_token, bearer, make_settings
from tests.factories import make_org, make_user
from tests.known_cluster import load_known_cluster
from tests.warehouse.conftest import do_import

__all__ = ["KnownApp", "do_import", "known_app", "load_known_cluster"]


def enterprise_org(database: Database, *, name: str, uscc: str, username: str) -> None:
    """Create the organisation of an enterprise (by its code) with one member."""
    with database.writer() as db:
        org = actions.do_create_organisation(
            db,
            actor=Principal.system("test"),
            data=OrganisationCreate(name=name, org_type=OrgType.ENTERPRISE, uscc=uscc),
        )
        make_user(db, org=org, username=username)


@dataclass(frozen=True)
class KnownApp:
    """The app over the known cluster, and bearer headers of each kind of user."""

    client: TestClient
    database: Database
    government: dict[str, str]
    data_admin: dict[str, str]
    alpha: dict[str, str]  # a member of ALPHA's own organisation
    beta: dict[str, str]  # a member of BETA's organisation
    auditor: dict[str, str]


@pytest.fixture(scope="session")
def known_app(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[KnownApp]:
    """The known cluster loaded once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("known")
    (folder / "var").mkdir()
    shutil.copy(migrated_template, folder / "var" / "serving.db")
    settings = make_settings(folder / "var")
    database = Database.from_settings(settings)
    load_known_cluster(settings, database, folder)
    with database.writer() as db:
        make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="known_gov")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="known_data", roles=(Role.DATA_ADMIN,))
        make_user(db, org=operator, username="known_audit", roles=(Role.AUDIT_ADMIN,))
    enterprise_org(database, name=known.ALPHA_NAME, uscc=known.ALPHA, username="known_alpha")
    enterprise_org(database, name="常州乙材料有限公司", uscc=known.BETA, username="known_beta")
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield KnownApp(
            client=c,
            database=database,
            **{
                role: bearer(api_token(c, f"known_{name}"))
                for role, name in (
                    ("government", "gov"),
                    ("data_admin", "data"),
                    ("alpha", "alpha"),
                    ("beta", "beta"),
                    ("auditor", "audit"),
                )
            },
        )
    database.dispose()
