"""Overrides: manager badges, price changes (issue 18).

Placeholder committed first so parallel work on issues 18/19 keeps one linear chain; its
owner replaces the body with the real schema change (schema only: nothing a store holds is
rewritten).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:50:00
"""

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
