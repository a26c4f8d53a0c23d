"""Alembic environment: runs on the engine handed over by ``industry_brain.migrate``."""

from __future__ import annotations

from alembic import context

from industry_brain.db import Base
from industry_brain.migrate import load_all_models

load_all_models()
engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=lambda name, type_, _parent: (
            not (type_ == "table" and name is not None and name.startswith("ads_"))
        ),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
