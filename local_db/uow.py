"""Unit of work: one SQLite transaction per user action, opened by the service.

A storage fault inside it (disk full, file not writable, damage, lock) reaches the caller as
the PosError local_db.faults names, so a cashier reads what happened, never "Something went
wrong"; damage also stops every later write (local_db.health).

What a transaction changed is announced only after its commit (`on_commit`): a screen that
redraws or a sync worker that wakes on a rolled-back write would show or send what never
happened. The notices come from the tables written (`TABLE_CHANGES`), so no service has to
remember to announce, plus any a service adds itself (`note_change`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal
from weakref import WeakKeyDictionary

from sqlalchemy import Delete, Engine, Insert, Update, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from kernel.sqlite import driver_of
from local_db import health
from local_db.driver_tx import driver_transaction
from local_db.faults import classify
from local_db.held_writer import writer_connection

log = logging.getLogger(__name__)

Change = Literal["outbox", "sales", "returns", "members", "units", "shift", "parked", "catalog",
                 "promotions"]
CommitHook = Callable[[frozenset[str]], None]

# Which notice a write to a table makes. The outbox counts only when an event is queued (an
# insert): the pusher marking events sent must not wake the pusher again.
TABLE_CHANGES: dict[str, Change] = {
    "sale": "sales", "sale_line": "sales", "tender": "sales",
    "sale_return": "returns", "return_line": "returns", "refund_tender": "returns",
    "member": "members", "member_identifier": "members", "points_entry": "members",
    "member_coupon": "members",
    "unit": "units", "unit_event": "units",
    "shift": "shift",
    "parked_cart": "parked",
    "product": "catalog", "barcode": "catalog",
    "promotion_campaign": "promotions",  # HQ's campaigns pulled: the till's rules changed
}
_INSERT_ONLY: dict[str, Change] = {"outbox_event": "outbox"}
DRIVER = "local_db.uow.driver"  # session.info key: a write session's sqlite3 connection

_hooks: WeakKeyDictionary[Engine, list[CommitHook]] = WeakKeyDictionary()
_noted: ContextVar[set[str] | None] = ContextVar("local_db_uow_noted", default=None)


def _note_table_write(conn, clauseelement, *_args) -> None:  # type: ignore[no-untyped-def]
    noted = _noted.get()
    if noted is None or not isinstance(clauseelement, (Insert, Update, Delete)):
        return
    name = getattr(clauseelement.table, "name", "")
    kind = TABLE_CHANGES.get(name)
    if kind is None and isinstance(clauseelement, Insert):
        kind = _INSERT_ONLY.get(name)
    if kind is not None:
        noted.add(kind)


def on_commit(engine: Engine, hook: CommitHook) -> Callable[[], None]:
    """Call `hook(changes)` after each write transaction on `engine` that changed something.

    It runs on the committing thread, after the commit; never after a rollback. Returns a
    function that removes the hook.
    """
    hooks = _hooks.get(engine)
    if hooks is None:
        hooks = _hooks[engine] = []
        event.listen(engine, "after_execute", _note_table_write)
    hooks.append(hook)

    def remove() -> None:
        if hook in hooks:
            hooks.remove(hook)

    return remove


def note_change(session: Session, kind: Change) -> None:
    """Announce `kind` after this session's commit (for a change no table write shows)."""
    session.info.setdefault("changes", set()).add(kind)


def note_table_write(session: Session, table: str, insert: bool) -> None:
    """A write to `table` made below SQLAlchemy (local_db.bulk), noted as one made through
    it would be."""
    kind = TABLE_CHANGES.get(table) or (_INSERT_ONLY.get(table) if insert else None)
    if kind is not None:
        note_change(session, kind)


@contextmanager
def _storage_faults(engine: Engine) -> Iterator[None]:
    """A storage fault becomes the PosError naming it (damage also stops later writes);
    an integrity error or anything unclassified goes on as it was."""
    try:
        yield
    except DBAPIError as exc:
        if isinstance(exc, IntegrityError):
            raise
        fault = classify(exc, str(engine.url.database))
        if fault is None:
            raise
        if fault.code.startswith("db_damaged"):
            health.mark_damaged(engine, str(fault.params.get("detail", "")))
        raise fault from exc


def _announce(engine: Engine, changes: set[str]) -> None:
    """A hook's failure is logged, never raised: the caller's commit did succeed."""
    notice = frozenset(changes)
    for hook in list(_hooks.get(engine, ())):
        try:
            hook(notice)
        except Exception:  # the data is saved: a listener's bug must not undo that
            log.exception("after-commit hook failed changes=%s", sorted(notice))


@contextmanager
def _relaxed(conn: Connection, relax: bool) -> Iterator[None]:
    """The block's transaction commits with `PRAGMA synchronous=NORMAL`, and the connection
    is at FULL again before it goes back to the pool, whatever happened (the next
    transaction on it may be a sale's).

    Why: a first download commits ~600 pages, each waiting for an fsync of the WAL under
    FULL (~20 ms a page). Under NORMAL a WAL commit is still atomic and survives a killed
    process (SIGKILL loses nothing: a page's rows and its cursor commit together); only a
    power cut or OS crash may take back the last such commits, and their cursor with them,
    so the next round re-pulls those pages. A FULL commit after them (a sale's) syncs the
    WAL, theirs included. SQLite refuses to change `synchronous` inside a transaction
    ("Safety level may not be changed inside a transaction"), so it is set before BEGIN and
    put back after COMMIT or ROLLBACK; the commit uses the level set when it runs. A
    connection that cannot be put back (its transaction still open after a failed
    rollback, a broken file) is discarded, never pooled."""
    if not relax:
        yield
        return
    driver = driver_of(conn)
    driver.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        try:
            driver.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error:
            conn.invalidate()  # closed: the pool opens a new one (with FULL) instead
            log.warning("a relaxed connection could not be set back to FULL: discarded")


@contextmanager
def write_session(engine: Engine, durable: bool = True) -> Iterator[Session]:
    """Commit everything done in the block at once, or nothing (rollback on any error).

    The transaction is the sqlite3 connection's own (local_db.driver_tx: BEGIN IMMEDIATE at
    the start, so the write lock is taken before the block runs), on the engine's kept writer
    connection when it is free (local_db.held_writer); the ORM `Session` handed out joins it
    if the block uses the ORM, and ORM work is flushed at the end of the block before the
    COMMIT. The sqlite3 connection is kept in `session.info` (DRIVER) for the driver-level
    writes of local_db.bulk. Both choices are issue 15's (a sale commit ≤ 1.3× raw sqlite3).

    `durable=False` (a first download's pages): the commit does not wait for the disk
    (`_relaxed`). Everything else — a sale above all — commits with synchronous=FULL.
    """
    health.refuse_writes_if_damaged(engine)
    changes: set[str] = set()
    token = _noted.set(changes)
    try:
        with _storage_faults(engine), writer_connection(engine) as conn, _relaxed(
                conn, not durable), driver_transaction(conn) as session:
            session.info["changes"] = changes
            session.info[DRIVER] = driver_of(conn)
            yield session
    finally:
        _noted.reset(token)
    if changes and engine in _hooks:
        _announce(engine, changes)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with _storage_faults(engine), Session(engine, expire_on_commit=False) as session:
        yield session
