"""members: member, member_identifier, points_entry, sale.member_id, member_fts (FTS5)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 00:17:52.584524
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('member',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('card_no', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('birthday', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tier', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tags', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('home_store_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('owner_guide_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('enrolled_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('points_balance', sa.Integer(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('merged_into', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('card_no'),
    sa.UniqueConstraint('phone')
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_merged_into'), ['merged_into'], unique=False)

    op.create_table('member_identifier',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('member_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'value')
    )
    with op.batch_alter_table('member_identifier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_identifier_member_id'), ['member_id'], unique=False)

    op.create_table('points_entry',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('member_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('return_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('points_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_entry_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_entry_sale_id'), ['sale_id'], unique=False)

    # A plain ADD COLUMN (nullable, inline REFERENCES): no rebuild of the sale table, whose
    # rows other tables reference.
    op.execute("ALTER TABLE sale ADD COLUMN member_id VARCHAR REFERENCES member (id)")
    op.create_index('ix_sale_member_id', 'sale', ['member_id'], unique=False)
    # "Last 4 digits + name" look-up; queries must use exactly this expression.
    op.execute("CREATE INDEX ix_member_phone_last4 ON member (substr(phone, -4))")
    # Name search: one row per member, `terms` = character unigrams and bigrams plus pinyin
    # (full and initials), e.g. 王芳 -> "王 芳 王芳 wangfang wf"; written by
    # local_db.member_index.index_member (not a trigger: pinyin is Python).
    op.execute(
        "CREATE VIRTUAL TABLE member_fts USING fts5("
        "member_id UNINDEXED, terms, tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS member_fts")
    op.execute("DROP INDEX IF EXISTS ix_member_phone_last4")
    op.drop_index('ix_sale_member_id', table_name='sale')
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_column('member_id')

    with op.batch_alter_table('points_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_entry_sale_id'))
        batch_op.drop_index(batch_op.f('ix_points_entry_member_id'))

    op.drop_table('points_entry')
    with op.batch_alter_table('member_identifier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_identifier_member_id'))

    op.drop_table('member_identifier')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_merged_into'))

    op.drop_table('member')
