"""HQ → terminal: page through `/v1/changes` per stream and apply each page with its cursor.

Why one transaction per page: the page's rows and the stream's new cursor commit together,
so a crash or a lost connection re-pulls at most one page and never skips one. Pages are
idempotent (upserts by id), so re-applying one is harmless.

Rules (docs/sync.md, ARCHITECTURE §Sync): HQ wins for catalogue, prices and staff; a
tombstone deactivates (products and staff are referenced by sales, never deleted); a pulled
row never overwrites a local row that still has pending outbox events (its key is skipped:
once the local event reaches HQ, HQ publishes the settled row with a newer cursor);
`resync_required` restarts the stream at cursor 0. The per-store `members` stream comes
after staff (sync.apply_members: upserts and merge redirects); the per-store `units`
stream comes last (a unit needs its product) and is applied by sync.apply_units.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import OutboxEvent, Terminal
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from sync import apply
from sync.apply_members import apply_members
from sync.apply_settings import apply_settings, sweep_settings
from sync.apply_units import apply_units
from sync.client import HqClient
from sync.contract.envelope import MAX_PAGE, Change
from sync.contract.streams import STREAMS
from sync.contract.streams_catalog import PriceData, ProductData, StaffData
from sync.contract.streams_members import MemberData
from sync.contract.streams_units import UnitData
from sync.link import get_cursor, resync_pending, save_cursor

Progress = Callable[[str, int, bool], None]  # (stream, rows applied so far, has_more)

MODELS: dict[str, type[BaseModel]] = {
    "products": ProductData, "prices": PriceData, "staff": StaffData, "units": UnitData,
    "members": MemberData,
}
SWEEP = {"products": "product", "staff": "staff"}  # streams whose rows a resync can retire
MAX_RESYNCS = 2  # per stream and round: a HQ that keeps asking is a bad answer, not a loop


@dataclass
class PullResult:
    applied: dict[str, int] = field(default_factory=dict)
    skipped_pending: dict[str, int] = field(default_factory=dict)
    resyncs: dict[str, int] = field(default_factory=dict)
    cursors: dict[str, int] = field(default_factory=dict)


def pending_keys(session: Session, keys: list[str]) -> set[str]:
    """Keys that still have a pending outbox event: local edits HQ has not seen yet."""
    if not keys:
        return set()
    stmt = select(OutboxEvent.entity_id).where(
        OutboxEvent.status == "pending", OutboxEvent.entity_id.in_(keys)
    )
    return set(session.exec(stmt))


def _store_id(session: Session) -> str:
    terminal = session.exec(select(Terminal).where(Terminal.is_self)).first()
    if terminal is None:
        raise PosError("not_paired")
    return terminal.store_id


def _parse(stream: str, changes: list[Change]) -> tuple[list[BaseModel], list[str]]:
    """Validate data rows; the last change per key wins within a page."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    upserts: list[BaseModel] = []
    deletes: list[str] = []
    model = MODELS[stream]
    for key, change in latest.items():
        if change.op == "delete":
            deletes.append(key)
            continue
        try:
            upserts.append(model.model_validate(change.data or {}))
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"{stream} {key}: {exc}"[:300]) from exc
    return upserts, deletes


def apply_page(session: Session, stream: str, changes: list[Change]) -> tuple[int, int]:
    """Apply one page inside the caller's transaction; returns (applied, skipped_pending)."""
    if stream == "units":  # keyed by unit id, matched by unit_key, pending by unit_key
        try:
            return apply_units(session, _store_id(session), changes)
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"units: {exc}"[:300]) from exc
    if stream == "settings":  # HQ-owned keys (member days …)
        try:
            return apply_settings(session, changes)
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"settings: {exc}"[:300]) from exc
    if stream == "members":  # tombstones carry the merge redirect
        try:
            return apply_members(session, changes)
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"members: {exc}"[:300]) from exc
    upserts, deletes = _parse(stream, changes)
    keys = [_key(stream, row) for row in upserts] + deletes
    blocked = pending_keys(session, keys)
    upserts = [row for row in upserts if _key(stream, row) not in blocked]
    deletes = [key for key in deletes if key not in blocked]
    if stream == "products":
        apply.upsert_products(session, upserts)  # type: ignore[arg-type]
        apply.deactivate(session, "product", deletes)
    elif stream == "prices":
        apply.update_prices(session, upserts)  # type: ignore[arg-type]
    elif stream == "staff":
        if upserts:
            apply.upsert_staff(session, _store_id(session), upserts)  # type: ignore[arg-type]
        apply.deactivate(session, "staff", deletes)
    return len(upserts) + len(deletes), len(blocked)


def _key(stream: str, row: BaseModel) -> str:
    return row.product_id if stream == "prices" else row.id  # type: ignore[attr-defined]


def pull_stream(
    engine: Engine,
    client: HqClient,
    stream: str,
    result: PullResult,
    limit: int = MAX_PAGE,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Page from the saved cursor until `has_more` is false; PosError on transport failure.

    A resync (HQ pruned tombstones we had not seen) re-pulls from 0 and, with the last page,
    deactivates the stream's rows the full pull did not bring. The flag is saved, so a
    resync cut short restarts from 0 next time (the keys seen are only held in memory).
    """
    with read_session(engine) as session:
        cursor = get_cursor(session, stream)
        resyncing = resync_pending(session, stream)
    if resyncing:
        cursor = 0
    seen: set[str] = set()
    applied = skipped = resyncs = 0
    while not (cancel and cancel.is_set()):
        page = client.changes(stream, cursor, limit)
        if page.resync_required:
            resyncs += 1
            if cursor == 0 or resyncs > MAX_RESYNCS:
                raise PosError("hq_bad_response", detail=f"{stream}: resync loop at {cursor}")
            with write_session(engine) as session:
                save_cursor(session, stream, 0, resync_pending=True)
            cursor, resyncing, seen = 0, True, set()
            continue
        if not page.changes and not resyncing and page.next_cursor == cursor:
            break  # nothing new: no write transaction (the sale's lock stays free)
        with write_session(engine) as session:
            done, blocked = apply_page(session, stream, page.changes)
            finished = resyncing and not page.has_more
            if resyncing:
                seen.update(change.key for change in page.changes)
            if finished and stream == "settings":
                sweep_settings(session, seen)
            elif finished:
                apply.sweep(session, SWEEP.get(stream), seen)
            save_cursor(session, stream, page.next_cursor,
                        resync_pending=False if finished else None)
        cursor = page.next_cursor
        applied += done
        skipped += blocked
        if on_progress is not None:
            on_progress(stream, applied, page.has_more)
        if not page.has_more:
            break
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
    """Every stream in order (products before prices: a price needs its product row).
    `into` collects as it goes, so a caller still sees the pages applied before a failure."""
    result = into if into is not None else PullResult()
    for stream in streams:
        if cancel and cancel.is_set():
            break
        pull_stream(engine, client, stream, result, limit, on_progress, cancel)
    return result
