"""Alembic environment for the HQ database; run from code (hq.db.migrate) at start-up."""

from __future__ import annotations

from alembic import context

from hq.models import HQModel

config = context.config
target_metadata = HQModel.metadata


def run_migrations_online() -> None:
    """Use the caller's connection when given one, so tests and CLI share its transaction."""
    connection = config.attributes.get("connection")
    if connection is None:
        from hq.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
