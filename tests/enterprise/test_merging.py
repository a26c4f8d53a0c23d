"""Merging provisional ids into real codes: the pipeline step, undo, actions, API, page, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from industry_brain import lake
from industry_brain.accounts.principal import Principal
from industry_brain.accounts.roles import OrgType, Role
from industry_brain.accounts.service import principal_for
from industry_brain.audit.models import AuditEvent
from industry_brain.db import Database
from industry_brain.enterprise.actions import do_merge_enterprise, do_undo_merge
from industry_brain.enterprise.models import EnterpriseMerge
from industry_brain.enterprise.resolution import provisional_id
from industry_brain.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from industry_brain.settings import Settings
from industry_brain.warehouse.pipeline.run import PipelineReport, run_pipeline
from tests.conftest import api_token, bearer
from tests.factories import make_org, make_uscc, make_user
from tests.warehouse.conftest import Importer, write_csv
from tests.warehouse.test_ingest import HEADER
from tests.warehouse.test_warehouse_web import _page_login

REAL = make_uscc(401)
LISTED = provisional_id("常州甲电池股份有限公司")  # same name key as 常州甲电池有限公司
ALONE = provisional_id("无锡丁材料股份有限公司")
ADDRESS = "江苏省常州市武进区常武中路18号"


@pytest.fixture
def loaded(tmp_path: Path, do_import: Importer) -> None:
    """A listed company under a provisional id, then the registry with its real code."""
    listed = [
        HEADER,
        f"{LISTED},常州甲电池股份有限公司,,,{ADDRESS},C,,存续,,",
        f"{ALONE},无锡丁材料股份有限公司,,,江苏省无锡市新吴区长江路1号,C,,存续,,",
    ]
    assert do_import("registry", write_csv(tmp_path / "listed.csv", listed)).accepted == 2
    ops = ["统一社会信用代码,期间,营业收入(万元)", f"{LISTED},2024-01,10", f"{LISTED},2024-02,20"]
    assert do_import("operations", write_csv(tmp_path / "o1.csv", ops)).accepted == 2
    real = [HEADER, f"{REAL},常州甲电池有限公司,2015-01-01,5000,{ADDRESS},3841,电池,存续,是,300"]
    assert do_import("registry", write_csv(tmp_path / "real.csv", real)).accepted == 1
    ops = ["统一社会信用代码,期间,营业收入(万元)", f"{REAL},2024-02,99"]
    assert do_import("operations", write_csv(tmp_path / "o2.csv", ops)).accepted == 1


def _run(settings: Settings, database: Database) -> PipelineReport:
    return run_pipeline(settings=settings, database=database, actor=Principal.system("test"))


def _layers(settings: Settings) -> tuple[dict[str, str], dict[tuple[str, str], float], set[str]]:
    with lake.connect(settings, read_only=True) as con:
        names = dict(con.execute("SELECT uscc, name FROM dwd.enterprise").fetchall())
        ops = {
            (uscc, str(period)[:7]): float(revenue)
            for uscc, period, revenue in con.execute(
                "SELECT uscc, period, revenue_wan_yuan FROM dwd.operations"
            ).fetchall()
        }
        history = {
            name
            for (name,) in con.execute(
                "SELECT name FROM dwd.enterprise_names WHERE uscc = ?", [REAL]
            ).fetchall()
        }
    return names, ops, history


def test_the_pipeline_merges_a_provisional_id_into_the_registered_enterprise(
    loaded: None, settings: Settings, database: Database, db: Session
) -> None:
    report = _run(settings, database)
    assert report.merges == 1
    names, ops, history = _layers(settings)
    # The registry's row describes the enterprise; the listed company's data joins it.
    assert names == {REAL: "常州甲电池有限公司", ALONE: "无锡丁材料股份有限公司"}
    assert ops == {(REAL, "2024-01"): 10.0, (REAL, "2024-02"): 99.0}
    assert history == {"常州甲电池有限公司", "常州甲电池股份有限公司"}
    merge = db.scalars(select(EnterpriseMerge)).one()
    assert (merge.provisional_id, merge.uscc, merge.method, merge.score) == (
        LISTED,
        REAL,
        "exact_name",
        1.0,
    )
    event = db.scalars(select(AuditEvent).where(AuditEvent.event_type == "enterprise.merge")).one()
    assert event.object_id == REAL and LISTED in event.detail
    assert _run(settings, database).merges == 0  # recorded once, applied on every run


def test_an_undone_merge_separates_the_enterprises_and_is_not_proposed_again(
    loaded: None, settings: Settings, database: Database
) -> None:
    _run(settings, database)
    with database.writer() as session:
        merge = session.scalars(select(EnterpriseMerge)).one()
        do_undo_merge(session, actor=Principal.system("test"), merge_id=merge.id, reason="不同企业")
    assert _run(settings, database).merges == 0
    names, ops, _ = _layers(settings)
    assert set(names) == {REAL, LISTED, ALONE}
    assert ops[(LISTED, "2024-01")] == 10.0 and ops[(REAL, "2024-02")] == 99.0


def test_merge_actions_refuse_wrong_codes_repeats_and_other_roles(db: Session) -> None:
    system = Principal.system("test")

    def merge(provisional: str, uscc: str, actor: Principal = system) -> EnterpriseMerge:
        return do_merge_enterprise(
            db,
            actor=actor,
            provisional_id=provisional,
            uscc=uscc,
            provisional_name="甲",
            matched_name="乙",
        )

    with pytest.raises(ValidationFailedError, match="不是本平台的临时编码"):
        merge(REAL, make_uscc(402))
    with pytest.raises(ValidationFailedError, match="统一社会信用代码无效"):
        merge(LISTED, REAL[:-1] + ("0" if REAL[-1] != "0" else "1"))
    first = merge(LISTED, REAL)
    with pytest.raises(ConflictError, match="已合并到"):
        merge(LISTED, make_uscc(402))
    with pytest.raises(ValidationFailedError, match="理由"):
        do_undo_merge(db, actor=system, merge_id=first.id, reason=" ")
    member = make_user(db, org=make_org(db, org_type=OrgType.OPERATOR), roles=(Role.MEMBER,))
    with pytest.raises(PermissionDeniedError):
        merge(ALONE, REAL, actor=principal_for(member))
    do_undo_merge(db, actor=system, merge_id=first.id, reason="错误合并")
    with pytest.raises(ConflictError, match="已撤销"):
        do_undo_merge(db, actor=system, merge_id=first.id, reason="再次")
    assert merge(LISTED, make_uscc(402)).status == "active"  # a new merge after the undo


def test_data_admin_merges_and_undoes_through_api_and_page(
    loaded: None, settings: Settings, database: Database, client: TestClient, db: Session
) -> None:
    _run(settings, database)
    make_user(
        db, org=make_org(db, org_type=OrgType.OPERATOR), username="data", roles=(Role.DATA_ADMIN,)
    )
    make_user(db, org=make_org(db), username="firm", roles=(Role.ORG_ADMIN,))
    firm = bearer(api_token(client, "firm"))
    admin = bearer(api_token(client, "data"))
    body = {"provisional_id": ALONE, "uscc": REAL, "reason": "同一企业"}
    assert client.post("/api/v1/enterprises/merges", json=body, headers=firm).status_code == 403
    unknown = {**body, "uscc": make_uscc(499)}
    refused = client.post("/api/v1/enterprises/merges", json=unknown, headers=admin)
    assert refused.status_code == 422 and "不在已发布的企业画像中" in refused.json()["detail"]
    created = client.post("/api/v1/enterprises/merges", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["matched_name"] == "常州甲电池有限公司"
    listed = client.get("/api/v1/enterprises/merges", headers=admin).json()
    assert [(m["provisional_id"], m["method"]) for m in listed] == [
        (ALONE, "manual"),
        (LISTED, "exact_name"),
    ]
    csrf = _page_login(client, "data")
    page = client.get("/enterprises/merges")
    assert page.status_code == 200 and "无锡丁材料股份有限公司" in page.text
    undo = client.post(
        f"/enterprises/merges/{created.json()['id']}/undo",
        data={"csrf_token": csrf, "reason": "核实为不同企业"},
        follow_redirects=False,
    )
    assert undo.status_code == 303
    again = client.post(
        "/enterprises/merges",
        data={"csrf_token": csrf, "provisional_id": LISTED, "uscc": REAL, "reason": "重复"},
    )
    assert again.status_code == 422 and "已合并到" in again.text, again.text[
        again.text.find("alert") :
    ][:300]
    db.expire_all()
    statuses = {m.provisional_id: m.status for m in db.scalars(select(EnterpriseMerge))}
    assert statuses == {ALONE: "undone", LISTED: "active"}


def test_cli_lists_merges_and_undoes_them(
    loaded: None, settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from industry_brain.cli import app

    _run(settings, database)
    monkeypatch.setenv("IB_DATA_DIR", str(settings.data_dir))
    listed = CliRunner().invoke(app, ["enterprise", "merges"])
    assert listed.exit_code == 0 and f"{LISTED} 常州甲电池股份有限公司 → {REAL}" in listed.output
    wrong = CliRunner().invoke(app, ["enterprise", "unmerge", "99", "--reason", "x"])
    assert wrong.exit_code == 1 and "不存在" in wrong.output
    undone = CliRunner().invoke(app, ["enterprise", "unmerge", "1", "--reason", "不同企业"])
    assert undone.exit_code == 0, undone.output
    merged = CliRunner().invoke(
        app, ["enterprise", "merge", "--provisional", LISTED, "--uscc", REAL, "--reason", "确认"]
    )
    assert merged.exit_code == 0 and "常州甲电池有限公司" in merged.output
