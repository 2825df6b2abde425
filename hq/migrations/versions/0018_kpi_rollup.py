"""kpi_day and kpi_dirty: the guide KPI rollup per store × local day × guide (issue 19-C,
docs/kpis.md "Across stores"). Besides the tables, every store-day HQ already holds events
for is marked dirty, so the first read (or `shopfloor-hq admin kpis-rebuild`) rolls the
history up from the events: the rollup never answers for a day it has not seen.

A day is marked by the UTC date of each event and the dates either side: the store's local
day is one of them in any zone within ±24 h, and a day marked with nothing on it rolls up
to no rows.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 07:20:00
"""
from datetime import date, timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

S64 = sqlmodel.sql.sqltypes.AutoString(length=64)
COUNTS = ("gross_sales", "returns_amount", "sales", "units", "member_sales", "tracked_lines",
          "tracked_coded", "returns", "return_units", "returns_without_receipt", "new_members",
          "points_issued", "coupons_redeemed", "gift_redemptions", "gifts_with_code",
          "overrides", "exceptions")
# (store, UTC date) of every event a KPI is computed from
HISTORY = (
    "SELECT DISTINCT store_id, date(created_at) FROM sale",
    "SELECT DISTINCT store_id, date(created_at) FROM sale_return",
    "SELECT DISTINCT store_id, date(redeemed_at) FROM coupon_redemption",
    "SELECT DISTINCT home_store_id, date(created_at) FROM member"
    " WHERE home_store_id IS NOT NULL",
    "SELECT DISTINCT t.store_id, date(a.at) FROM audit a JOIN terminal t"
    " ON t.id = a.terminal_id",
    "SELECT DISTINCT t.store_id, date(e.created_at) FROM exception e JOIN device d"
    " ON d.id = e.device_id JOIN terminal t ON t.id = d.terminal_id",
)


def upgrade() -> None:
    op.create_table('kpi_day',
    sa.Column('store_id', S64, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('guide_id', S64, nullable=False),
    *(sa.Column(c, sa.BigInteger(), server_default='0', nullable=False) for c in COUNTS),
    sa.PrimaryKeyConstraint('store_id', 'day', 'guide_id')
    )
    with op.batch_alter_table('kpi_day', schema=None) as batch_op:
        batch_op.create_index('ix_kpi_day_day', ['day'], unique=False)
    op.create_table('kpi_dirty',
    sa.Column('store_id', S64, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('token', S64, nullable=False),
    sa.PrimaryKeyConstraint('store_id', 'day')
    )
    _mark_history()


def _mark_history() -> None:
    conn = op.get_bind()
    dirty = sa.table('kpi_dirty', sa.column('store_id'), sa.column('day', sa.Date()),
                     sa.column('token'))
    keys: set[tuple[str, date]] = set()
    for sql in HISTORY:
        for store_id, day in conn.execute(sa.text(sql)):
            if store_id is None or day is None:
                continue
            d = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
            keys.update((store_id, d + timedelta(days=k)) for k in (-1, 0, 1))
    rows = [{"store_id": s, "day": d, "token": "migration-0018"} for s, d in sorted(keys)]
    for i in range(0, len(rows), 5000):
        conn.execute(dirty.insert(), rows[i:i + 5000])


def downgrade() -> None:
    op.drop_table('kpi_dirty')
    with op.batch_alter_table('kpi_day', schema=None) as batch_op:
        batch_op.drop_index('ix_kpi_day_day')
    op.drop_table('kpi_day')
