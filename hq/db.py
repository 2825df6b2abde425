"""HQ database: engine from a URL (SQLite file by default, PostgreSQL by URL), migrations.

SQLite gets the terminal's own hooks (kernel.sqlite: durability pragmas, and BEGIN driven by us so
a push can take the write lock up front instead of failing half-way with "database is locked"
when two batches arrive together). PostgreSQL uses psycopg 3 (`postgresql+psycopg://`).
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from kernel.sqlite import CONNECT_ARGS, install_hooks, writer

__all__ = ["DEFAULT_URL", "MIGRATIONS", "alembic_config", "hide_secrets", "is_sqlite",
           "make_engine", "migrate", "open_database", "resolve_url", "safe_url", "writer"]

DEFAULT_URL = "sqlite:///./hq.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """Explicit URL, else $DATABASE_URL, else ./hq.db; bare postgresql:// gets psycopg 3."""
    url = url or os.environ.get("DATABASE_URL") or DEFAULT_URL
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def safe_url(url: str) -> str:
    """The URL as shown to people: its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: show no part of it that could be a secret
        return "<unparsable database URL>"


def hide_secrets(text: str, url: str | None) -> str:
    """`text` (e.g. a driver's error) without the password of `url` or $DATABASE_URL."""
    for candidate in (url, os.environ.get("DATABASE_URL")):
        try:
            password = make_url(resolve_url(candidate)).password if candidate else None
        except Exception:
            password = None
        if password:
            text = text.replace(str(password), "***")
    return text


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | None = None) -> Engine:
    """Engine with our pragmas (SQLite) or a pre-pinged pool (PostgreSQL)."""
    url = resolve_url(url)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return install_hooks(create_engine(url, connect_args=dict(CONNECT_ARGS)))


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Alembic upgrade to head on this engine's connection (start-up and admin CLI)."""
    with engine.connect() as conn:
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def open_database(url: str | None = None) -> Engine:
    """Engine + migrations to head: what `serve`, `admin` and `create_app` all start with."""
    engine = make_engine(url)
    migrate(engine)
    return engine
