"""Reading a test's SQLite file on a connection of the test's own, not the service's session:
what was really committed (a refused or failed write must leave every count as it was,
whatever the service's session thought)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path


def rows(path: Path | str, sql: str, *args: object) -> list[tuple]:
    """`sql` with `args` on the file at `path`, every row."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def row_counts(path: Path | str, tables: Iterable[str]) -> dict[str, int]:
    """{table: its row count} of the SQLite file at `path`."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()
