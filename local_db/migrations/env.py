"""Alembic environment for the terminal DB; run from code at start-up (local_db.database)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import local_db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _not_fts(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """FTS5 tables are made by raw SQL in their migration; autogenerate must not drop them."""
    return not (type_ == "table" and name and name.startswith("member_fts"))


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_not_fts,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
