"""product search index (product_search + product_fts FTS5, kept by triggers);
member.marketing_consent

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# One row per product; `terms` NULL = stale (the triggers below blank it, Python fills it:
# local_db.product_index.refresh). `id` is the FTS rowid, so a product's FTS row is
# found by key, never by scanning.
CREATE = (
    "CREATE TABLE product_search ("
    " id INTEGER PRIMARY KEY,"
    " product_id VARCHAR NOT NULL UNIQUE,"
    " terms TEXT)",
    "CREATE INDEX ix_product_search_stale ON product_search (id) WHERE terms IS NULL",
    "CREATE VIRTUAL TABLE product_fts USING fts5(terms, content='product_search',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    # the FTS index follows product_search (the external-content pattern of the FTS5 docs)
    "CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN"
    " INSERT INTO product_fts (rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN"
    " INSERT INTO product_fts (product_fts, rowid, terms) VALUES ('delete', old.id, old.terms);"
    " END",
    "CREATE TRIGGER product_search_au AFTER UPDATE ON product_search BEGIN"
    " INSERT INTO product_fts (product_fts, rowid, terms) VALUES ('delete', old.id, old.terms);"
    " INSERT INTO product_fts (rowid, terms) VALUES (new.id, new.terms); END",
    # every writer of product, whatever its path, marks what needs indexing
    # (not INSERT OR REPLACE: its implicit delete would skip product_search_ad)
    "CREATE TRIGGER product_search_mark_new AFTER INSERT ON product BEGIN"
    " DELETE FROM product_search WHERE product_id = new.id;"
    " INSERT INTO product_search (product_id, terms) VALUES (new.id, NULL); END",
    "CREATE TRIGGER product_search_mark_changed AFTER UPDATE OF name_zh, name_en, sku ON product"
    " WHEN old.name_zh IS NOT new.name_zh OR old.name_en IS NOT new.name_en"
    " OR old.sku IS NOT new.sku BEGIN"
    " UPDATE product_search SET terms = NULL WHERE product_id = new.id; END",
    "CREATE TRIGGER product_search_forget AFTER DELETE ON product BEGIN"
    " DELETE FROM product_search WHERE product_id = old.id; END",
)


def upgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marketing_consent', sa.Boolean(), server_default='0',
                                      nullable=False))
    for statement in CREATE:
        op.execute(statement)
    op.execute("INSERT INTO product_search (product_id, terms) SELECT id, NULL FROM product")
    # Index the products already here now, so a store's first search does not wait for it.
    from local_db.product_index import refresh

    refresh(op.get_bind())


def downgrade() -> None:
    for trigger in ("product_search_forget", "product_search_mark_changed",
                    "product_search_mark_new", "product_search_au", "product_search_ad",
                    "product_search_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS product_fts")
    op.execute("DROP TABLE IF EXISTS product_search")
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('marketing_consent')
