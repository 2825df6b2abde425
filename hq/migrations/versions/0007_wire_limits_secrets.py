"""wire, limits and secrets: enrollment codes expire and may replace a terminal's device;
each store gets the pepper its tills' PIN hashes are keyed with

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:10:00
"""

import json
import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

from pos_app.domain.pins import pepper_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("replaces", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Codes made before this revision never expired: they expire now (issue a fresh one).
    op.execute("UPDATE enrollment_code SET expires_at = created_at")

    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pin_pepper", sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=False, server_default=""))
    conn = op.get_bind()
    peppers = {}
    for (store_id,) in conn.execute(sa.text("SELECT id FROM store")).all():
        peppers[store_id] = secrets.token_hex(32)
        conn.execute(sa.text("UPDATE store SET pin_pepper = :p WHERE id = :i"),
                     {"p": peppers[store_id], "i": store_id})
    # The staff stream never again carries a bare scrypt hash: key the history too.
    rows = conn.execute(sa.text(
        "SELECT cursor, store_id, data FROM change_log WHERE stream = 'staff'")).all()
    for cursor, store_id, data in rows:
        if not data or store_id not in peppers:
            continue
        value = json.loads(data)
        if str(value.get("pin_hash", "")).startswith("scrypt$"):
            value["pin_hash"] = pepper_hash(value["pin_hash"], bytes.fromhex(peppers[store_id]))
            conn.execute(sa.text("UPDATE change_log SET data = :d WHERE cursor = :c"),
                         {"d": json.dumps(value, ensure_ascii=False, sort_keys=True),
                          "c": cursor})


def downgrade() -> None:
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.drop_column("pin_pepper")
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.drop_column("replaces")
        batch_op.drop_column("expires_at")
