"""Schema migrations of the serving DB (Alembic), callable from the CLI, tests and the app."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def load_all_models() -> None:
    """Import every domain's tables so that ``Base.metadata`` is complete."""
    import industry_brain.accounts.models
    import industry_brain.alerts.models
    import industry_brain.audit.models
    import industry_brain.catalogue.models
    import industry_brain.chain.models
    import industry_brain.diagnosis.models
    import industry_brain.enterprise.models
    import industry_brain.evaluation.models
    import industry_brain.evaluation.usage_models
    import industry_brain.invest.lead_models
    import industry_brain.invest.weights
    import industry_brain.jobs
    import industry_brain.monitor.models
    import industry_brain.notifications.models
    import industry_brain.policies.models
    import industry_brain.relocation.models
    import industry_brain.warehouse.models  # noqa: F401


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic configuration that runs on the engine's connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the serving DB schema up to ``revision``."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the serving DB schema down to ``revision``."""
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision the serving DB is at (None when never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """Return the newest revision shipped with the code."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
