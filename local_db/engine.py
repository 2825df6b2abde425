"""Engine for the terminal's SQLite file, with the hooks shared with HQ (kernel.sqlite):
durability pragmas on every connection, and BEGIN IMMEDIATE for a writer.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine

from kernel.sqlite import CONNECT_ARGS, PRAGMAS, install_hooks, writer

__all__ = ["PRAGMAS", "make_engine", "writer"]


def make_engine(path: Path | str) -> Engine:
    return install_hooks(create_engine(f"sqlite:///{path}", connect_args=dict(CONNECT_ARGS)))
