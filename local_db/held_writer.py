"""One writer connection kept open per engine, so a sale's commit finds SQLite's page cache
warm and pays no pool checkout.

Why (issue 15: a sale commit ≤ 1.3× raw sqlite3): SQLite keeps its page cache per
connection. Checked out of the pool for every write, a sale landed on whichever connection
the scans had just used, its cache stale after the other connections' commits, and the pool's
checkout, reset and check-in added ~90 µs on the same path: 0.1–0.15 ms of the 0.35 ms
our layers cost beyond raw sqlite3 (bench/README, `checkout`).

SQLite lets one writer in at a time, so one kept connection loses nothing: a write that finds
it busy (another thread's write, or a write started inside another one on the same thread)
takes a connection from the pool as before, and SQLite's lock (BEGIN IMMEDIATE, busy_timeout)
arbitrates exactly as it always did. A transaction that fails gives its connection back to
the pool (which resets or discards it) and the next write opens a fresh one; `dispose()`
closes the kept one, so a restored or closed database file is never held open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection

from kernel.sqlite import writer

_HELD = "_local_db_held_writer"


class _Held:
    """The kept connection of one engine and the lock that says who is using it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.conn: Connection | None = None
        self.disposed = False  # the engine was disposed while a write had the connection

    def drop(self, disposed: bool = False) -> None:
        """Give the kept connection back to the pool; the next write takes one again. After
        dispose() its pool is the old one, which would keep it open until collected: it is
        closed outright instead."""
        conn, self.conn = self.conn, None
        if conn is not None:
            if disposed:
                conn.invalidate()  # closes the sqlite3 connection now
            conn.close()


def _held(engine: Engine) -> _Held:
    held: _Held | None = engine.__dict__.get(_HELD)
    if held is None:
        fresh = _Held()
        held = engine.__dict__.setdefault(_HELD, fresh)
        if held is fresh:  # the first write on this engine, whichever thread won
            event.listen(engine, "engine_disposed", _on_dispose)
    return held


def _on_dispose(engine: Engine) -> None:
    """Close the kept connection now, or, when a write is using it (this thread's or
    another's), as that write ends: never under a transaction, and never waiting. `engine`
    may be `writer(engine)`, which shares the pool and the events of the engine it wraps."""
    base = getattr(engine, "_proxied", engine)
    held: _Held | None = base.__dict__.get(_HELD)
    if held is None:
        return
    if held.lock.acquire(blocking=False):
        try:
            held.drop(disposed=True)
        finally:
            held.lock.release()
    else:
        held.disposed = True


@contextmanager
def writer_connection(engine: Engine) -> Iterator[Connection]:
    """A connection of `writer(engine)` (BEGIN IMMEDIATE) for one write transaction: the kept
    one when it is free, else one from the pool for this transaction only."""
    held = _held(engine)
    if not held.lock.acquire(blocking=False):
        with writer(engine).connect() as conn:
            yield conn
        return
    try:
        if held.disposed:  # disposed just as the last write ended: never reuse it
            held.disposed = False
            held.drop(disposed=True)
        conn = held.conn
        if conn is None or conn.closed or conn.invalidated:
            held.drop()
            conn = held.conn = writer(engine).connect()
        try:
            yield conn
        except BaseException:
            held.drop()  # whatever state the failure left it in, the pool resets or discards
            raise
    finally:
        if held.disposed:
            held.disposed = False
            held.drop(disposed=True)
        held.lock.release()
