"""local_db.download_cache: the members download's larger SQLite cache and longer checkpoint
interval go only to the connections that wrote a page, and each gets its own settings back
afterwards (RSS bound; a sale's connection checkpoints as before)."""

from __future__ import annotations

from pathlib import Path

from local_db.database import open_database
from local_db.download_cache import DownloadCache
from local_db.uow import read_session, write_session


def _size(conn) -> int:  # type: ignore[no-untyped-def]
    return conn.connection.driver_connection.execute("PRAGMA cache_size").fetchone()[0]


def _interval(conn) -> int:  # type: ignore[no-untyped-def]
    return conn.connection.driver_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0]


def test_grow_then_restore_on_a_real_file(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.db")
    try:
        cache = DownloadCache(kib=8192, checkpoint_pages=5000)
        with write_session(engine) as session:
            conn = session.connection()
            default, interval = _size(conn), _interval(conn)
            cache.grow(conn)
            cache.grow(conn)  # once per connection: the size before stays the default
            assert (_size(conn), _interval(conn)) == (-8192, 5000)
        cache.restore()
        with read_session(engine) as session:
            assert (_size(session.connection()), _interval(session.connection())) == (
                default, interval) == (default, 1000)
    finally:
        engine.dispose()


def test_restore_skips_a_connection_closed_meanwhile(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.db")
    cache = DownloadCache(kib=4096)
    with write_session(engine) as session:
        cache.grow(session.connection())
    engine.dispose()  # the pool closes it
    cache.restore()  # no error: nothing left to give back
