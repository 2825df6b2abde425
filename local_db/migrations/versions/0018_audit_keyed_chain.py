"""Audit trail keyed with the terminal's secret (issue 18): each row names the key that
sealed it (`key_id`, '' for the legacy unkeyed rows already in a store). Schema only: the
rows a store holds are not touched, they keep verifying as the chain's legacy prefix, and the
first row written after the key is made links to the last legacy hash (docs/audit.md).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('key_id')
