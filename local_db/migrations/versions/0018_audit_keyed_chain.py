"""Audit trail keyed with the terminal's secret; chain heads (issue 18).

Placeholder committed first so parallel work on issues 18/19 keeps one linear chain; its
owner replaces the body with the real schema change (schema only: nothing a store holds is
rewritten).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 06:30:00
"""

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
