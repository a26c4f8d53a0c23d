"""Settings: defaults, the generated secret key, refusal of unsafe keys, documentation."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from industry_brain.settings import (
    DEV_SECRET_KEY,
    InsecureSettingsError,
    Settings,
    prepare_settings,
    settings_markdown,
)

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_live_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'serving.db').resolve()}"
    assert settings.resolved_lake_path == tmp_path / "lake.duckdb"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_environment_variables_use_the_ib_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("IB_PORT", "9100")
    monkeypatch.setenv("IB_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.port == 9100
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = prepare_settings(Settings(data_dir=tmp_path))
    second = prepare_settings(Settings(data_dir=tmp_path))
    assert first.secret() == second.secret()
    assert len(first.secret()) >= 32
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("key", [DEV_SECRET_KEY, "short"])
def test_weak_secret_key_is_refused_outside_dev(tmp_path: Path, key: str) -> None:
    with pytest.raises(InsecureSettingsError):
        prepare_settings(Settings(data_dir=tmp_path, secret_key=key))  # type: ignore[arg-type]
    dev = prepare_settings(Settings(data_dir=tmp_path, env="dev", secret_key=key))  # type: ignore[arg-type]
    assert dev.secret() == key


def test_every_setting_is_described_and_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        assert f"`IB_{name.upper()}`" in documented, f"IB_{name.upper()} missing from docs"
    assert settings_markdown() in documented, "docs/configuration.md is out of date: ib settings"
