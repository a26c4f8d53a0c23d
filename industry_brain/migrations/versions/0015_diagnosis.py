"""数字化诊断: assessments and answers (filled by the diagnosis domain)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
