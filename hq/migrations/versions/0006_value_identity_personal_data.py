"""value, identity and personal data: per-device event ids with a payload hash, member
first_seen_at (HQ's clock), held merges, the member look-up audit

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:45:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload_hash", sqlmodel.sql.sqltypes.AutoString(
            length=64), nullable=False, server_default=""))
        batch_op.drop_constraint("uq_event_event_id", type_="unique")
        batch_op.create_unique_constraint("uq_event_device_event", ["device_id", "event_id"])

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_seen_at", sa.DateTime(timezone=True),
                                      nullable=True))
    # HQ's best evidence for rows enrolled before this revision: when their enrolment event
    # arrived; a member HQ made itself (no event) keeps its own created_at.
    op.execute("UPDATE member SET first_seen_at = (SELECT min(e.received_at) FROM event e "
               "WHERE e.type = 'member.enrolled' AND e.entity_id = member.id)")
    op.execute("UPDATE member SET first_seen_at = created_at WHERE first_seen_at IS NULL")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.alter_column("first_seen_at", existing_type=sa.DateTime(timezone=True),
                              nullable=False)

    op.create_table(
        "member_merge_hold",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("member_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("target_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kinds", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("store_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("member_merge_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_merge_hold_member_id"), ["member_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_member_merge_hold_target_id"), ["target_id"],
                              unique=False)

    op.create_table(
        "member_access",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("store_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("how", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("member_ids", sa.Text(), server_default="[]", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("member_access", schema=None) as batch_op:
        batch_op.create_index("ix_member_access_device_at", ["device_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_access", schema=None) as batch_op:
        batch_op.drop_index("ix_member_access_device_at")
    op.drop_table("member_access")
    with op.batch_alter_table("member_merge_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_merge_hold_target_id"))
        batch_op.drop_index(batch_op.f("ix_member_merge_hold_member_id"))
    op.drop_table("member_merge_hold")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("first_seen_at")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint("uq_event_device_event", type_="unique")
        batch_op.create_unique_constraint("uq_event_event_id", ["event_id"])
        batch_op.drop_column("payload_hash")
