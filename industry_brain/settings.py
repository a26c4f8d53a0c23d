"""Settings: one class, environment variables prefixed ``IB_``.

Invariants:
- Every path lives under ``data_dir`` unless set explicitly.
- The secret key is generated once and stored in ``<data_dir>/secret_key`` (mode 0600);
  the fixed development key is refused outside ``env=dev``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-insecure-secret-key-do-not-use-in-production"
SECRET_KEY_FILE = "secret_key"


class InsecureSettingsError(RuntimeError):
    """Raised when a setting is unsafe for the current environment."""


class Settings(BaseSettings):
    """All configuration of one Industry Brain deployment."""

    model_config = SettingsConfigDict(env_prefix="IB_", extra="ignore")

    env: Literal["prod", "dev", "test"] = Field(
        default="prod",
        description="Deployment environment; `dev` allows the fixed development secret key.",
    )
    data_dir: Path = Field(
        default=Path("var"),
        description="Directory holding the SQLite serving DB, the DuckDB lake, raw files and "
        "the generated secret key.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the serving DB; default `sqlite:///<data_dir>/serving.db`. "
        "Use `postgresql+psycopg://user@host/db` at scale.",
    )
    database_pool_size: int = Field(
        default=10, ge=1, description="Connections kept open in the serving DB pool."
    )
    database_max_overflow: int = Field(
        default=30,
        ge=0,
        description="Extra connections the pool may open under load (pool size + overflow "
        "should cover the server's 40 worker threads).",
    )
    lake_path: Path | None = Field(
        default=None,
        description="DuckDB lake file; default `<data_dir>/lake.duckdb`.",
    )
    lake_memory_limit: str = Field(
        default="3GB",
        pattern=r"^[0-9]+(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="DuckDB memory limit of each lake connection (imports, pipeline); work "
        "beyond it spills to `<data_dir>/tmp/duckdb`.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web server binds to.")
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key for CSRF tokens and signatures; generated into `<data_dir>/secret_key` "
        "on first run when unset. At least 32 characters outside dev.",
    )
    session_idle_minutes: int = Field(
        default=30, ge=1, description="Idle minutes after which a login session or token expires."
    )
    session_max_hours: int = Field(
        default=12, ge=1, description="Absolute lifetime in hours of a login session or token."
    )
    lockout_threshold: int = Field(
        default=5, ge=1, description="Consecutive failed logins that lock an account."
    )
    lockout_minutes: int = Field(
        default=15, ge=1, description="Minutes an account stays locked after too many failures."
    )
    argon2_time_cost: int = Field(
        default=3, ge=1, le=20, description="Argon2id iterations for new password hashes."
    )
    argon2_memory_kib: int = Field(
        default=65536,
        ge=1024,
        description="Argon2id memory in KiB for new password hashes (RFC 9106 low-memory "
        "profile by default).",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest request body accepted, in bytes."
    )
    max_upload_bytes: int = Field(
        default=200 * 1_048_576,
        ge=1024,
        description="Largest data file accepted by the upload pages and API, in bytes.",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie only over HTTPS; set true behind a TLS proxy.",
    )
    map_dir: Path | None = Field(
        default=None,
        description="Folder of operator-supplied GeoJSON files named `<adcode>.json` (e.g. "
        "county polygons of an approved base map with its 审图号) that take precedence over "
        "the bundled echarts@4.9.0 map files; see docs/map.md.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Log level of the server."
    )

    @property
    def resolved_database_url(self) -> str:
        """Return the serving DB URL, defaulting to SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'serving.db').resolve()}"

    @property
    def resolved_lake_path(self) -> Path:
        """Return the DuckDB lake file path."""
        return self.lake_path if self.lake_path is not None else self.data_dir / "lake.duckdb"

    @property
    def lake_temp_dir(self) -> Path:
        """Return the folder DuckDB spills to when a lake connection reaches its limit."""
        return self.data_dir / "tmp" / "duckdb"

    def secret(self) -> str:
        """Return the secret key, or raise if it was never prepared."""
        if self.secret_key is None:
            raise InsecureSettingsError("secret key not prepared; call prepare_settings()")
        return self.secret_key.get_secret_value()


def prepare_settings(settings: Settings) -> Settings:
    """Create the data directory, load or generate the secret key, and refuse unsafe keys."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    if key is None:
        key = _load_or_create_secret(settings.data_dir / SECRET_KEY_FILE)
    if settings.env != "dev" and (key == DEV_SECRET_KEY or len(key) < 32):
        raise InsecureSettingsError(
            "IB_SECRET_KEY is the development default or shorter than 32 characters; "
            "unset it to generate one, or set a strong key"
        )
    from industry_brain.accounts.passwords import configure_hashing

    configure_hashing(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    return settings.model_copy(update={"secret_key": SecretStr(key)})


def _load_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def settings_markdown() -> str:
    """Return every setting as a Markdown table: variable, default, description."""
    rows = ["| variable | default | description |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        default = "—" if info.default is None else f"`{info.default}`"
        rows.append(f"| `IB_{name.upper()}` | {default} | {info.description} |")
    return "\n".join(rows)
