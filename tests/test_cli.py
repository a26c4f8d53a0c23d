"""The ``ib`` command: first-run setup, users and organisations, audit verification."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update
from typer.testing import CliRunner

from industry_brain.audit.models import AuditEvent
from industry_brain.cli import app
from tests.conftest import FAST_HASHING


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose data directory is a fresh temporary one."""
    monkeypatch.setenv("IB_DATA_DIR", str(tmp_path / "var"))
    for key, value in FAST_HASHING.items():
        monkeypatch.setenv(f"IB_{key.upper()}", str(value))
    return CliRunner()


def test_init_creates_the_separate_admins_once(run: CliRunner, tmp_path: Path) -> None:
    first = run.invoke(app, ["init"])
    assert first.exit_code == 0, first.output
    for username in ("sysadmin", "secadmin", "auditadmin", "dataadmin"):
        assert f"用户名 {username} " in first.output
    credentials = tmp_path / "var" / "initial_credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    second = run.invoke(app, ["init"])
    assert second.exit_code == 0
    assert "首次运行" not in second.output
    assert second.output.count("用户名 ") == 4, "the same four accounts, none added"


def test_create_admin_generates_a_password(run: CliRunner) -> None:
    result = run.invoke(app, ["user", "create-admin", "--username", "ops1"])
    assert result.exit_code == 0, result.output
    assert "created system_admin ops1" in result.output
    assert "password (shown once" in result.output
    clash = run.invoke(app, ["user", "create-admin", "--username", "ops1"])
    assert clash.exit_code == 1 and "已存在" in clash.output


def test_commands_refuse_an_uninitialised_data_directory(run: CliRunner) -> None:
    result = run.invoke(app, ["org", "add", "--name", "某局", "--type", "government"])
    assert result.exit_code == 1
    assert "run `ib init`" in result.output


def test_org_and_user_add(run: CliRunner) -> None:
    assert run.invoke(app, ["init"]).exit_code == 0
    added = run.invoke(
        app,
        [
            "org",
            "add",
            "--name",
            "某某新能源科技有限公司",
            "--type",
            "enterprise",
            "--uscc",
            "91440300708461136T",
        ],
    )
    assert added.exit_code == 0, added.output
    user = run.invoke(
        app,
        [
            "user",
            "add",
            "--org",
            "某某新能源科技有限公司",
            "--username",
            "zhang",
            "--display-name",
            "张三",
            "--password",
            "Correct-Horse-42",
        ],
    )
    assert user.exit_code == 0, user.output
    bad = run.invoke(
        app,
        [
            "org",
            "add",
            "--name",
            "坏码企业",
            "--type",
            "enterprise",
            "--uscc",
            "91440300708461136X",
        ],
    )
    assert bad.exit_code == 1
    assert "统一社会信用代码：校验位错误" in bad.output


def test_audit_verify_names_the_tampered_row(run: CliRunner, tmp_path: Path) -> None:
    assert run.invoke(app, ["init"]).exit_code == 0
    ok = run.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and ok.output.startswith("OK: 5 rows")
    engine = create_engine(f"sqlite:///{tmp_path / 'var' / 'serving.db'}")
    with engine.begin() as connection:
        connection.execute(update(AuditEvent).where(AuditEvent.id == 2).values(result="failure"))
    engine.dispose()
    tampered = run.invoke(app, ["audit", "verify"])
    assert tampered.exit_code == 1
    assert "第2条记录内容被篡改" in tampered.output


def test_settings_command_prints_every_variable(run: CliRunner) -> None:
    result = run.invoke(app, ["settings"])
    assert result.exit_code == 0
    assert "`IB_DATABASE_URL`" in result.output and "`IB_SECRET_KEY`" in result.output
