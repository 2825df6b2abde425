"""The migrations build exactly the models' schema, and go down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hq.db import alembic_config, open_database
from hq.models import HQModel


def test_migrations_match_models_and_round_trip(hq_db_url: str):
    engine = open_database(hq_db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"render_as_batch": True})
            assert compare_metadata(ctx, HQModel.metadata) == []
            cfg = alembic_config(engine.url.render_as_string(hide_password=False))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            command.upgrade(cfg, "head")
            conn.commit()
    finally:
        engine.dispose()
