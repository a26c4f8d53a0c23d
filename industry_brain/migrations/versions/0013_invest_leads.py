"""招商 leads, their stages, visits and attachments (filled by the invest domain)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:50:00
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
