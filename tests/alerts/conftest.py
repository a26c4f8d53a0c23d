"""An app over a serving DB whose warnings come from the real evaluation of a small lake, with
a user of each kind that matters to warnings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.alerts.pipeline import evaluate_warehouse
from industry_brain.app import create_app
from industry_brain.db import Database
from industry_brain.settings import Settings
from tests.alerts.lake import warehouse
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_user


@dataclass(frozen=True)
class AlertsApp:
    """The client, the database, bearer headers of each user and the colleague's user id."""

    client: TestClient
    database: Database
    lead: dict[str, str]  # government org admin (configures rules)
    colleague: dict[str, str]  # government member
    data_admin: dict[str, str]
    enterprise: dict[str, str]
    bank: dict[str, str]
    colleague_id: int
    enterprise_user_id: int


@pytest.fixture
def alerts_app(tmp_path: Path, settings: Settings, database: Database) -> Iterator[AlertsApp]:
    """Two warnings (ALPHA 黄, ZERO 黄) raised by the real evaluation, and the users."""
    lake = warehouse(tmp_path / "lake.duckdb")
    evaluate_warehouse(lake.con, database=database, actor=Principal.system("test"))
    lake.con.close()
    with database.writer() as db:
        government = make_org(db, name="常州市工业和信息化局", org_type=OrgType.GOVERNMENT)
        make_user(db, org=government, username="lead", roles=(Role.ORG_ADMIN,))
        colleague = make_user(db, org=government, username="colleague")
        operator = make_org(db, org_type=OrgType.OPERATOR)
        make_user(db, org=operator, username="data", roles=(Role.DATA_ADMIN,))
        firm = make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
        make_user(db, org=make_org(db, org_type=OrgType.BANK), username="banker")
        ids = (colleague.id, firm.id)
    with TestClient(create_app(settings, database=database), base_url="http://testserver") as c:
        yield AlertsApp(
            c, database,
            *[bearer(api_token(c, name))
              for name in ("lead", "colleague", "data", "firm", "banker")],
            colleague_id=ids[0], enterprise_user_id=ids[1],
        )  # fmt: skip
