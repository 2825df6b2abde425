"""member.marketing_consent: messages and offers, an opt-in of its own beside the terms
(PIPL), sent by tills in member.enrolled and carried in the members stream

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing members never said yes to marketing on its own: false, not their terms consent.
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("marketing_consent", sa.Boolean(), server_default=sa.false(),
                      nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("marketing_consent")
