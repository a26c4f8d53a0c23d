"""relocation watch list (filled by the relocation domain)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:15:00
"""

from __future__ import annotations

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
