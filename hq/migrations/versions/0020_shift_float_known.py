"""HQ: shift.float_known (20-FIX2, review #1). A shift row HQ makes itself from a till's
later events (its `shift.opened` never came: opened before pairing) has no known float; a
real `shift.opened` may fill that row in once, before the close. Any other second open is
a conflict, so a till cannot move HQ's expected cash after the fact. Existing rows are all
taken as known (true): they either came from a real open, or were filled in already.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 11:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.add_column(sa.Column('float_known', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_column('float_known')
