"""How many rows some tables hold, read on a connection of the test's own: a refused or
failed write must leave every count as it was, whatever the service's session thought."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path


def row_counts(path: Path | str, tables: Iterable[str]) -> dict[str, int]:
    """{table: its row count} of the SQLite file at `path`."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()
