"""The warehouse through the API, the pages and the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from industry_brain.accounts.roles import OrgType, Role
from industry_brain.cli import app
from industry_brain.settings import Settings
from tests.conftest import FAST_HASHING, api_token, bearer, csrf_of, page_login
from tests.factories import make_org, make_user
from tests.warehouse.test_ingest import BAD_ROWS, GOOD, HEADER

CSV = ("\n".join([HEADER, *GOOD, BAD_ROWS[2][0], BAD_ROWS[9][0]]) + "\n").encode()


@pytest.fixture
def data_admin(client: TestClient, db: Session) -> dict[str, str]:
    """The bearer header of the operator's data admin."""
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    return bearer(api_token(client, "data"))


def test_upload_through_the_api_reports_and_lists_rejections(
    client: TestClient, data_admin: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/warehouse/import/registry",
        headers=data_admin,
        files={"file": ("企业名录.csv", CSV, "text/csv")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows"], body["accepted"], body["rejected"], body["status"]) == (5, 3, 2, "loaded")
    rejected = client.get(
        f"/api/v1/warehouse/batches/{body['batch_id']}/rejected", headers=data_admin
    ).json()
    assert [(r["row"], r["column"], r["rule"]) for r in rejected] == [
        (5, "uscc", "uscc_check"),
        (6, "name", "formula"),
    ]
    batches = client.get("/api/v1/warehouse/batches", headers=data_admin).json()
    assert batches[0]["file_name"] == "企业名录.csv"


def test_an_enterprise_pushes_only_its_own_data(
    client: TestClient, db: Session, data_admin: dict[str, str]
) -> None:
    org = make_org(db)
    other = make_org(db)
    make_user(db, org=org, username="ent")
    token = bearer(api_token(client, "ent"))
    own = {"uscc": org.uscc, "period": "2024-05", "revenue_wan_yuan": 321.5}
    accepted = client.post("/api/v1/warehouse/push/operations", headers=token, json={"rows": [own]})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["accepted"] == 1
    refused = client.post(
        "/api/v1/warehouse/push/operations",
        headers=token,
        json={"rows": [own, {**own, "uscc": other.uscc}]},
    )
    assert refused.status_code == 403
    assert "第 [2] 条" in refused.json()["detail"]
    unknown = client.post(
        "/api/v1/warehouse/push/operations", headers=token, json={"rows": [{**own, "profit": 1}]}
    )
    assert unknown.status_code == 422
    mine = client.get("/api/v1/warehouse/batches", headers=token).json()
    assert len(mine) == 1 and mine[0]["source"] == "push"
    assert len(client.get("/api/v1/warehouse/batches", headers=data_admin).json()) == 1


def test_government_users_cannot_upload(client: TestClient, db: Session) -> None:
    make_user(db, org=make_org(db, org_type=OrgType.GOVERNMENT), username="gov")
    response = client.post(
        "/api/v1/warehouse/import/registry",
        headers=bearer(api_token(client, "gov")),
        files={"file": ("a.csv", CSV, "text/csv")},
    )
    assert response.status_code == 403


def _page_login(client: TestClient, username: str) -> str:
    page_login(client, username)
    page = client.get("/warehouse")
    assert page.status_code == 200
    return csrf_of(page.text)


def test_template_download_and_upload_page(
    client: TestClient, db: Session, data_admin: dict[str, str]
) -> None:
    csrf = _page_login(client, "data")
    template = client.get("/warehouse/templates/operations.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in book.worksheets[0][1]][:3] == [
        "统一社会信用代码",
        "期间",
        "营业收入(万元)",
    ]
    assert book.sheetnames[1] == "说明"
    uploaded = client.post(
        "/warehouse/upload",
        data={"csrf_token": csrf, "standard": "registry"},
        files={"file": ("名录.csv", CSV, "text/csv")},
    )
    assert uploaded.status_code == 200 and "/warehouse/batches/" in str(uploaded.url)
    assert "校验位错误" in uploaded.text and "疑似公式" in uploaded.text
    rejected = client.get(str(uploaded.url) + "/rejected.xlsx")
    sheet = load_workbook(io.BytesIO(rejected.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == 5 and "校验位错误" in str(rows[1][1])
    formula_cell = sheet.cell(row=3, column=4)
    assert formula_cell.data_type == "s", "a formula-like value must be kept as text"


def test_cli_import_prints_json_and_fails_with_exit_1(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IB_DATA_DIR", str(settings.data_dir))
    for key, value in FAST_HASHING.items():
        monkeypatch.setenv(f"IB_{key.upper()}", str(value))
    good = tmp_path / "registry.csv"
    good.write_bytes(CSV)
    result = CliRunner().invoke(app, ["import", "registry", str(good), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert {k: printed[k] for k in ("rows", "accepted", "rejected", "status")} == {
        "rows": 5,
        "accepted": 3,
        "rejected": 2,
        "status": "loaded",
    }
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    failed = CliRunner().invoke(app, ["import", "registry", str(empty)])
    assert failed.exit_code == 1 and "文件为空" in failed.output
