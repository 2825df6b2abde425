"""A larger SQLite page cache on the connections that write a first download's members,
given back when the download's member work is over.

Why: the till never sets `cache_size`, so each connection keeps SQLite's default 2 MB. A
page of 2,000 members inserts into indexes keyed at random places (the member's id, phone
and card; the identifiers' (kind, value) and member_id): once the tables outgrow 2 MB
nearly every one of those ~14,000 index inserts reads a page back through the OS, and the
members stream slowed as it grew (200k members at ~10,000/s, 1M at ~5,300/s). A bounded
cache keeps the indexes' hot pages between the page's statements and, while the same
connection writes the next page, between pages (SQLite keeps a WAL connection's cache
until another connection writes).

Only the connections a members page wrote on get it (a sale's or a scan's connection keeps
the default), and each goes back to the size it had once the members stream is over
(`restore`), before the member index build — which the cache did not speed up (27.7 s
against 27.5 s at 1M) and which, holding it too, took the till's peak to 320.6 MB: the
till's RSS stays under issue 15's 300 MB (VmHWM).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from sqlalchemy.engine import Connection

DOWNLOAD_CACHE_KIB = 49_152  # 48 MB a writing connection, during the download only


class DownloadCache:
    """The connections given the larger cache, with the size each had before."""

    def __init__(self, kib: int = DOWNLOAD_CACHE_KIB) -> None:
        self.kib = kib
        self._held: dict[int, tuple[Any, int]] = {}

    def grow(self, conn: Connection) -> None:
        """Give `conn`'s SQLite connection the larger cache (once; a pragma, no I/O)."""
        raw = conn.connection.driver_connection
        if raw is None or id(raw) in self._held:
            return
        (before,) = raw.execute("PRAGMA cache_size").fetchone()
        self._held[id(raw)] = (raw, before)
        raw.execute(f"PRAGMA cache_size=-{self.kib}")

    def restore(self) -> None:
        """Every grown connection back to its own size (SQLite frees the pages above it);
        a connection the pool closed meanwhile is skipped."""
        for raw, before in self._held.values():
            with contextlib.suppress(sqlite3.Error):
                raw.execute(f"PRAGMA cache_size={int(before)}")
        self._held.clear()
