"""The member name index (`member_fts`) built once after a first download, not per page.

A first download brings up to a million members; indexing each page's names (pinyin, FTS5
segment merges) in the page's transaction made the stream slower and the write lock longer.
Instead the members stream's first page writes a mark — the `sync_state` row
`member_index`, whose `cursor` is a watermark on `member.rowid` — and from then on:

- every member with rowid <= watermark is indexed as before, by whoever writes it
  (`local_db.member_index` checks the mark; enrolment, renames and merges keep working);
- members above it are left to the build, which indexes them in chunks of `CHUNK` rows in
  rowid order (terms computed in a read transaction, then one short write transaction per
  chunk that re-reads the chunk's names, inserts their rows and moves the watermark), and
  drops the mark in the transaction of its last chunk.

The same first page drops the two secondary indexes of `member` whose keys land at random
places (a name, a phone's last digits: `DEFERRED`); the build creates them again first (one
sort each, in its own transaction) — much cheaper than updating them per insert at a million
rows. Each index's own SQL, as `sqlite_master` held it, is saved in `SAVED` (a table made on
demand) in the transaction that drops it, and the build creates it from there: the index
comes back as the migrations last left it, never as this module once knew it. A saved row
goes in the transaction that creates its index again; while it is there, the index is owed.

Members are never deleted and an upsert keeps its rowid, so "rowid <= watermark" is exactly
"indexed". A till killed anywhere keeps the mark and its watermark (one transaction each):
its next members pull ends by resuming the build, and meanwhile a name search finds the
indexed members through the FTS and the rest with a `LIKE` scan (`fallback_ids`); phone,
card and code look-ups use plain indexes and never wait for it.
"""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy.engine import Connection

from kernel.sqlite import driver_of
from local_db.member_index import MARK, search_terms, watermark

__all__ = ["CHUNK", "DEFERRED", "MARK", "SAVED", "begin_bulk", "drop_deferred", "fallback_ids",
           "index_chunk", "missing_indexes", "precompute", "restore_index", "watermark"]
CHUNK = 10_000  # members per write transaction of the build (well under a second)
_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
Known = dict[tuple[str, str], str]  # (member id, name) -> terms


def begin_bulk(conn: Connection) -> None:
    """Inside the first page's write transaction: members written from now on are indexed
    by the build, those already here stay as they are. Idempotent (a kept mark stays)."""
    driver_of(conn).execute(
        "INSERT INTO sync_state (stream, cursor, resync_pending, updated_at)"
        f" SELECT ?, coalesce(max(rowid), 0), 0, {_NOW} FROM member"
        " WHERE true ON CONFLICT (stream) DO NOTHING", (MARK,))
    drop_deferred(conn)


# The member indexes whose keys land at random places, dropped for a first download.
DEFERRED = ("ix_member_phone_last4", "ix_member_guide")
SAVED = "member_index_saved"  # name -> the dropped index's sqlite_master.sql


def drop_deferred(conn: Connection) -> None:
    """Inside the first page's write transaction: the random-order indexes go until the
    build, their SQL saved first (idempotent: an index already dropped keeps its row)."""
    raw = driver_of(conn)
    raw.execute(f"CREATE TABLE IF NOT EXISTS {SAVED} (name TEXT PRIMARY KEY,"
                " sql TEXT NOT NULL)")
    for name in DEFERRED:
        row = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                          (name,)).fetchone()
        if row is None:
            continue
        raw.execute(f"INSERT OR REPLACE INTO {SAVED} (name, sql) VALUES (?, ?)",
                    (name, row[0]))
        raw.execute(f"DROP INDEX {name}")


def missing_indexes(conn: Connection) -> list[str]:
    """The indexes dropped for a download and not created again yet (its build did not
    end)."""
    raw = driver_of(conn)
    if raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                   (SAVED,)).fetchone() is None:
        return []
    return [name for (name,) in raw.execute(f"SELECT name FROM {SAVED} ORDER BY name")]


def restore_index(conn: Connection, name: str) -> None:
    """Create one dropped index from its saved SQL and forget the SQL (inside a write
    transaction of its own: one sort)."""
    raw = driver_of(conn)
    row = raw.execute(f"SELECT sql FROM {SAVED} WHERE name = ?", (name,)).fetchone()
    if row is None:
        return
    have = raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                       (name,)).fetchone()
    if have is None:
        raw.execute(row[0])
    raw.execute(f"DELETE FROM {SAVED} WHERE name = ?", (name,))


def _chunk(conn: Connection, after: int) -> list[tuple[int, str, str, str | None]]:
    return driver_of(conn).execute(
        "SELECT rowid, id, name, merged_into FROM member WHERE rowid > ? ORDER BY rowid"
        " LIMIT ?", (after, CHUNK)).fetchall()


def precompute(conn: Connection) -> Known:
    """The next chunk's terms, in a READ transaction (pinyin outside the write lock)."""
    after = watermark(conn)
    if after is None:
        return {}
    return {(mid, name): search_terms(name) for _rowid, mid, name, merged in _chunk(conn, after)
            if merged is None}


def index_chunk(conn: Connection, known: Known) -> bool:
    """Inside a write transaction: index the next chunk (names read again, so a rename or
    merge since `precompute` counts) and move the watermark; True when the index is whole
    (the mark is gone)."""
    after = watermark(conn)
    if after is None:
        return True
    rows = _chunk(conn, after)
    raw = driver_of(conn)
    raw.executemany("INSERT INTO member_fts (member_id, terms) VALUES (?, ?)",
                    [(mid, known.get((mid, name)) or search_terms(name))
                     for _rowid, mid, name, merged in rows if merged is None])
    if len(rows) < CHUNK:
        raw.execute("DELETE FROM sync_state WHERE stream = ?", (MARK,))
        return True
    raw.execute(f"UPDATE sync_state SET cursor = ?, updated_at = {_NOW} WHERE stream = ?",
                (rows[-1][0], MARK))
    return False


SCAN_ROWS = 50_000  # newest unindexed rows one fallback looks at (~85 ms at 1M on disk)
SCAN_SECONDS = 0.08  # and the wall-clock bound, for a loaded till (SQLite progress handler)


def fallback_ids(conn: Connection, query: str, after: int, limit: int,
                 scan: int = SCAN_ROWS, seconds: float = SCAN_SECONDS) -> list[str]:
    """Active members not yet indexed (rowid > `after`) whose name contains `query`: the
    name search's `LIKE` scan while the build is pending (Chinese characters or Latin
    letters as typed; pinyin of a Chinese name needs the index).

    Bounded, since a search runs per keystroke: only the `scan` newest rows above the
    watermark (enrolments made since the download come first; the build indexes upward from
    the watermark) and at most `seconds` of work — an unindexed scan of a million names
    took ~1.5 s. What the bound leaves out is found once the build has passed it."""
    needle = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if not needle or limit <= 0 or scan <= 0:
        return []
    raw = driver_of(conn)
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: time.monotonic() > deadline, 2_000)
    found: list[str] = []
    try:
        rows = raw.execute(
            "SELECT id FROM member WHERE rowid > max(?, (SELECT max(rowid) FROM member) - ?)"
            " AND merged_into IS NULL AND name LIKE ? ESCAPE '\\' ORDER BY rowid DESC"
            " LIMIT ?", (after, scan, f"%{needle}%", limit))
        found.extend(mid for (mid,) in rows)
    except sqlite3.OperationalError as exc:  # the time bound: keep what was found so far
        if "interrupt" not in str(exc):
            raise
    finally:
        raw.set_progress_handler(None, 0)
    return found
