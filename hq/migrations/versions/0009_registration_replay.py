"""enrollment_code.nonce_hash and token_sealed: a registration whose answer was lost is
answered again for the same till (same code and nonce) during a short window

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Codes spent before this revision have no nonce: they are never answered again.
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nonce_hash", sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column("token_sealed",
                                      sqlmodel.sql.sqltypes.AutoString(length=128),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.drop_column("token_sealed")
        batch_op.drop_column("nonce_hash")
