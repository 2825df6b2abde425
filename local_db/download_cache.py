"""A larger SQLite page cache (and a longer checkpoint interval) on the connections that
write a first download's members, given back when the download's member work is over.

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
till's RSS stays under issue 15's 300 MB (VmHWM). The products pages of a first download
do not get it: 0.4–0.8 s less for 200k products, but the till's VmHWM went from 260.8 to
283.6–299.9 MB (the product index build holding it; a second connection holding its own).

The same connections checkpoint the WAL less often meanwhile (`wal_autocheckpoint`
`CHECKPOINT_PAGES` instead of SQLite's 1,000): a members page dirties ~1,500 pages (6 MB of
WAL), so at the default every page's commit ran a checkpoint, copying the same hot index
pages into the database file again and syncing WAL and file each time. Every ~13 pages
instead: 1M members took 36.6 s of the applier's CPU instead of 41.3 s (57.0 -> 50.1 s of
wall, members only). The WAL grows to ~80 MB on disk (not memory); a checkpoint runs after
a commit with the write lock released (a sale never waits for the download's), a sale's
own commit that finds a full WAL checkpoints it (80 MB: 33 ms measured), and a reader
finds its pages through the WAL index as before.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from sqlalchemy.engine import Connection

DOWNLOAD_CACHE_KIB = 49_152  # 48 MB a writing connection, during the download only
CHECKPOINT_PAGES = 20_000  # ~80 MB of WAL between the download's checkpoints


class DownloadCache:
    """The connections given the larger cache, with the settings each had before."""

    def __init__(self, kib: int = DOWNLOAD_CACHE_KIB,
                 checkpoint_pages: int = CHECKPOINT_PAGES) -> None:
        self.kib = kib
        self.checkpoint_pages = checkpoint_pages
        self._held: dict[int, tuple[Any, int, int]] = {}

    def grow(self, conn: Connection) -> None:
        """Give `conn`'s SQLite connection the larger cache and the longer checkpoint
        interval (once; pragmas, no I/O)."""
        raw = conn.connection.driver_connection
        if raw is None or id(raw) in self._held:
            return
        (before,) = raw.execute("PRAGMA cache_size").fetchone()
        (interval,) = raw.execute("PRAGMA wal_autocheckpoint").fetchone()
        self._held[id(raw)] = (raw, before, interval)
        raw.execute(f"PRAGMA cache_size=-{self.kib}")
        raw.execute(f"PRAGMA wal_autocheckpoint={int(self.checkpoint_pages)}")

    def restore(self) -> None:
        """Every grown connection back to its own size (SQLite frees the pages above it)
        and checkpoint interval; a connection the pool closed meanwhile is skipped."""
        for raw, before, interval in self._held.values():
            with contextlib.suppress(sqlite3.Error):
                raw.execute(f"PRAGMA cache_size={int(before)}")
                raw.execute(f"PRAGMA wal_autocheckpoint={int(interval)}")
        self._held.clear()
