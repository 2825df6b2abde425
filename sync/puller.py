"""HQ → terminal: page through `/v1/changes` per stream and apply each page with its cursor.

Why one transaction per page: the page's rows and the stream's new cursor commit together,
so a crash or a lost connection re-pulls at most one page and never skips one. Pages are
idempotent (upserts by id), so re-applying one is harmless. The pages of a pull from cursor 0
(a first download, a resync) commit without waiting for the disk (`write_session(durable=
False)`): still atomic with their cursor, so a killed till loses nothing and a power cut
only makes it pull its last pages again. The cycle collector waits while a page applies
(kernel.gc_pause): the page's objects were parsed on the page-ahead thread with it paused,
so each of the ~20 young collections a page's work triggers walked them all again (a
members page's validation took 35 ms of CPU instead of 10). A full pull also raises the
collector's young threshold (sync.gc_young): between the pauses the page parsed ahead is
alive, and the default threshold walked it ~1.5 times a page.

Rules (docs/sync.md, ARCHITECTURE §Sync): HQ wins for catalogue, prices and staff; a
tombstone deactivates (products and staff are referenced by sales, never deleted); a pulled
row never overwrites a local row that still has pending outbox events (its key is skipped:
once the local event reaches HQ, HQ publishes the settled row with a newer cursor);
`resync_required` restarts the stream at cursor 0. Which streams, in which order, and how
each page is applied and swept: the stream registry (sync.contract.streams, sync.streams).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlmodel import Session

from kernel.gc_pause import gc_paused
from local_db import member_bulk_index, product_index
from local_db.download_cache import DownloadCache
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from sync.client import HqClient
from sync.contract.envelope import MAX_PAGE, Change
from sync.contract.streams import STREAMS
from sync.gc_young import young_threshold
from sync.link import get_cursor, resync_pending, save_cursor
from sync.streams import PULLED

Progress = Callable[[str, int, bool], None]  # (stream, rows applied so far, has_more)

INDEX_PHASE = "members_index"  # the progress of the member name index build after a download
PAGE_PAUSE_S = 0.002
MAX_RESYNCS = 2  # per stream and round: a HQ that keeps asking is a bad answer, not a loop


@dataclass
class PullResult:
    applied: dict[str, int] = field(default_factory=dict)
    skipped_pending: dict[str, int] = field(default_factory=dict)
    resyncs: dict[str, int] = field(default_factory=dict)
    cursors: dict[str, int] = field(default_factory=dict)


def apply_page(session: Session, stream: str, changes: list[Change]) -> tuple[int, int]:
    """Apply one page inside the caller's transaction with the stream's registered apply
    (sync.streams); returns (applied, skipped_pending)."""
    try:
        return PULLED[stream].apply(session, changes)
    except ValidationError as exc:
        raise PosError("hq_bad_response", detail=f"{stream}: {exc}"[:300]) from exc


def pull_stream(
    engine: Engine,
    client: HqClient,
    stream: str,
    result: PullResult,
    limit: int = MAX_PAGE,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
    cache: DownloadCache | None = None,
) -> None:
    """Page from the saved cursor until `has_more` is false; PosError on transport failure.
    `cache`: the page transactions' connections get its larger SQLite cache (the caller
    restores them).

    A resync (HQ pruned tombstones we had not seen) re-pulls from 0 and, with the last page,
    deactivates the stream's rows the full pull did not bring. The flag is saved, so a
    resync cut short restarts from 0 next time (the keys seen are only held in memory).
    """
    with read_session(engine) as session:
        cursor = get_cursor(session, stream)
        resyncing = resync_pending(session, stream)
        bulk = stream == "products" and (
            cursor == 0 or resyncing or product_index.rebuild_pending(session.connection()))
    if resyncing:
        cursor = 0
    begin = product_index.begin_bulk if bulk else (
        member_bulk_index.begin_bulk if stream == "members" and cursor == 0 else None)
    try:
        with young_threshold() if cursor == 0 else nullcontext():  # a full pull: sync.gc_young
            _pull_pages(engine, client, stream, result, limit, on_progress, cancel, cursor,
                        resyncing, begin, cache)
        if bulk and not (cancel and cancel.is_set()):
            _finish_bulk_index(engine)
    finally:
        if bulk:  # stopped early: this process no longer bulk-downloads; the mark stays
            with read_session(engine) as session:
                product_index.end_bulk(session.connection())


def _finish_bulk_index(engine: Engine) -> None:
    """First full download of products: the search index is built once at its end rather
    than per page (local_db.product_index). If the pull stops early, the rebuild stays
    pending (a trigger missing): the next pull or the first search does it."""
    with read_session(engine) as session:
        conn = session.connection()
        if not product_index.rebuild_pending(conn):
            product_index.end_bulk(conn)
            return
        known = product_index.precompute(conn)  # pinyin outside the write lock
    with write_session(engine) as session:
        product_index.finish_bulk(session.connection(), known)


def _finish_member_index(engine: Engine, on_progress: Progress | None,
                         cancel: threading.Event | None) -> None:
    """The member indexes of a first download, built once after the round's streams
    (local_db.member_bulk_index): the secondary indexes dropped for it (one sort each), then
    the names, a chunk's pinyin in a read transaction and a short write transaction per
    chunk, so a sale gets the write lock between them. Cancelled or killed, what is left
    stays marked and the next members pull resumes here; name search falls back to LIKE
    for the members not indexed yet."""
    with read_session(engine) as session:
        missing = member_bulk_index.missing_indexes(session.connection())
    for name in missing:  # the indexes dropped for the download: one sort each
        if cancel and cancel.is_set():
            return
        with write_session(engine) as session:
            member_bulk_index.restore_index(session.connection(), name)
    built = 0
    while not (cancel and cancel.is_set()):
        with read_session(engine) as session:
            conn = session.connection()
            if member_bulk_index.watermark(conn) is None:
                return
            known = member_bulk_index.precompute(conn)
        with write_session(engine) as session:
            done = member_bulk_index.index_chunk(session.connection(), known)
        built += len(known)
        if on_progress is not None:
            on_progress(INDEX_PHASE, built, not done)
        if done:
            return
        time.sleep(PAGE_PAUSE_S)


def _pull_pages(engine: Engine, client: HqClient, stream: str, result: PullResult,
                limit: int, on_progress: Progress | None, cancel: threading.Event | None,
                cursor: int, resyncing: bool,
                begin: Callable[[Connection], None] | None,
                cache: DownloadCache | None = None) -> None:
    seen: set[str] = set()
    applied = skipped = resyncs = 0
    full_pull = cursor == 0  # a first download (or a resync): its pages commit relaxed
    while not (cancel and cancel.is_set()):
        page = client.changes(stream, cursor, limit)
        if page.resync_required:
            resyncs += 1
            if cursor == 0 or resyncs > MAX_RESYNCS:
                raise PosError("hq_bad_response", detail=f"{stream}: resync loop at {cursor}")
            with write_session(engine) as session:
                save_cursor(session, stream, 0, resync_pending=True)
            cursor, resyncing, seen, full_pull = 0, True, set(), True
            continue
        if not page.changes and not resyncing and page.next_cursor == cursor:
            break  # nothing new: no write transaction (the sale's lock stays free)
        with gc_paused(), write_session(engine, durable=not full_pull) as session:
            if cache is not None:
                cache.grow(session.connection())
            if begin is not None:  # in the first page's transaction (idempotent after)
                begin(session.connection())
            done, blocked = apply_page(session, stream, page.changes)
            finished = resyncing and not page.has_more
            if resyncing:
                seen.update(change.key for change in page.changes)
            sweep = PULLED[stream].sweep
            if finished and sweep is not None:
                sweep(session, seen)
            save_cursor(session, stream, page.next_cursor,
                        resync_pending=False if finished else None)
        cursor = page.next_cursor
        applied += done
        skipped += blocked
        if on_progress is not None:
            on_progress(stream, applied, page.has_more)
        if not page.has_more:
            break
        time.sleep(PAGE_PAUSE_S)  # between pages: the GUI's thread gets the GIL and the
        # sale its write lock at once, however long the download
    result.applied[stream] = applied
    result.skipped_pending[stream] = skipped
    result.resyncs[stream] = resyncs
    result.cursors[stream] = cursor


def pull_all(
    engine: Engine,
    client: HqClient,
    streams: tuple[str, ...] = STREAMS,
    limit: int = MAX_PAGE,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
    into: PullResult | None = None,
) -> PullResult:
    """Every stream in order (products before prices: a price needs its product row), then
    the member indexes a first download left to build (`_finish_member_index`: the till has
    all its rows meanwhile, and name search falls back to LIKE). `into` collects as it
    goes, so a caller still sees the pages applied before a failure."""
    result = into if into is not None else PullResult()
    cache = DownloadCache()  # the members pages' writes only (local_db.download_cache)
    try:
        for stream in streams:
            if cancel and cancel.is_set():
                break
            pull_stream(engine, client, stream, result, limit, on_progress, cancel,
                        cache if stream == "members" else None)
    finally:
        cache.restore()  # before the index build: it gained nothing, and RSS < 300 MB
    if "members" in streams:  # after every stream's rows: the name index of a download
        _finish_member_index(engine, on_progress, cancel)  # (or one a kill left pending)
    return result
