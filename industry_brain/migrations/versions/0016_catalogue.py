"""服务目录: providers' offerings, requests, responses and ratings (filled by the catalogue domain)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
