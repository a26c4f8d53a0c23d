"""warning rules, warnings and their tasks (filled by the alerts domain)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:15:00
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
