"""Every file-backed SQLAlchemy engine a test used is disposed after the test
(tests/conftest.py), whoever opened it.

Why: tests and their helpers (tests/sync/hq_world.paired_till, open_database in dozens of
tests) open a database and never close it, so a whole run held over a thousand SQLite
handles (three per WAL database) and pyserial's select() failed past descriptor 1024.
Disposing closes the pooled connections only: an engine still in use (a module-scoped HQ)
opens a new connection on its next call. In-memory databases are left alone — disposing
one would drop its data.
"""

from __future__ import annotations

import weakref

from sqlalchemy import Engine, event

_SEEN: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _seen(connection) -> None:
    engine = connection.engine
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and database != ":memory:" \
            and not database.startswith("file::memory:"):
        _SEEN.add(engine)


def dispose_tracked() -> None:
    for engine in list(_SEEN):
        engine.dispose()
    _SEEN.clear()
