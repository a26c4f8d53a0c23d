"""What ``ib`` commands of every domain share: the settings and the serving DB."""

from __future__ import annotations

from typing import TYPE_CHECKING

from industry_brain.cli_errors import fail

if TYPE_CHECKING:
    from industry_brain.db import Database
    from industry_brain.settings import Settings


def load_settings() -> Settings:
    """Return the deployment's settings from the environment (``IB_*``)."""
    from industry_brain.settings import Settings, prepare_settings

    return prepare_settings(Settings())


def open_database(settings: Settings, *, upgrade: bool = False) -> Database:
    """Open the serving DB; migrate it (``upgrade``) or refuse if its schema is behind."""
    from industry_brain import migrate
    from industry_brain.db import Database

    database = Database.from_settings(settings)
    if upgrade:
        migrate.upgrade(database.engine)
    elif migrate.current_revision(database.engine) != migrate.head_revision():
        raise fail("serving DB schema is missing or outdated: run `ib init` or `ib db upgrade`")
    return database
