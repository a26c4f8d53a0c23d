"""招商 scoring weights (filled by the invest domain)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:50:00
"""

from __future__ import annotations

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
