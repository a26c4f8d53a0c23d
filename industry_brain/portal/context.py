"""What a portal section is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.settings import Settings


@dataclass(frozen=True)
class PortalContext:
    """The request's session, the DB and its settings, who asks, the deployment's URL, extras."""

    db: Session
    database: Database
    settings: Settings
    principal: Principal
    base_url: str
    extra: dict[str, Any] = field(default_factory=dict)
