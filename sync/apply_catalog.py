"""Pages of the `products`, `prices` and `staff` streams, inside the puller's page transaction.

HQ wins for all three, with one exception: a row whose key still has a pending outbox event
(a local edit HQ has not seen) is skipped; once the event reaches HQ, HQ publishes the settled
row with a newer cursor. A tombstone deactivates (products and staff are referenced by
sales, never deleted). The writes themselves are sync.apply's set-based statements.
"""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlmodel import Session, select

from kernel.gc_pause import gc_paused
from kernel.sqlite import driver_of
from local_db.models import Terminal
from pos_app.errors import PosError
from sync import apply
from sync.contract.envelope import Change
from sync.contract.streams import BY_NAME
from sync.page_rows import validate_rows


def pending_keys(session: Session, keys: list[str]) -> set[str]:
    """Keys that still have a pending outbox event: local edits HQ has not seen yet."""
    if not keys:
        return set()
    raw = driver_of(session.connection())  # keys as ONE JSON parameter
    return {key for (key,) in raw.execute(
        "SELECT entity_id FROM outbox_event WHERE status = 'pending'"
        " AND entity_id IN (SELECT value FROM json_each(?))",
        (json.dumps(keys, ensure_ascii=False),))}


def own_store_id(session: Session) -> str:
    """The store this till is paired with (per-store streams are written for it)."""
    terminal = session.exec(select(Terminal).where(Terminal.is_self)).first()
    if terminal is None:
        raise PosError("not_paired")
    return terminal.store_id


def _settled(session: Session, stream: str, changes: list[Change]
             ) -> tuple[list, list[str], int]:
    """(upserts, deletes, skipped): the last change per key wins within a page; rows are
    validated against the stream's contract model; keys with pending local edits drop out."""
    spec = BY_NAME[stream]
    model: type[BaseModel] = spec.model  # type: ignore[assignment]  # catalogue streams have one
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    deletes = [key for key, change in latest.items() if change.op == "delete"]
    upserts: list[BaseModel] = validate_rows(stream, model, [
        (key, change.data) for key, change in latest.items() if change.op != "delete"])
    key_of = spec.key_field
    blocked = pending_keys(session, [getattr(row, key_of) for row in upserts] + deletes)
    upserts = [row for row in upserts if getattr(row, key_of) not in blocked]
    deletes = [key for key in deletes if key not in blocked]
    return upserts, deletes, len(blocked)


def apply_products(session: Session, changes: list[Change]) -> tuple[int, int]:
    """(Under kernel.gc_pause, as the prices and staff pages: a page's models and row tuples
    die by reference counting; collecting meanwhile walked the whole process each time.)"""
    with gc_paused():
        upserts, deletes, skipped = _settled(session, "products", changes)
        apply.upsert_products(session, upserts)
        apply.deactivate(session, "product", deletes)
    return len(upserts) + len(deletes), skipped


def apply_prices(session: Session, changes: list[Change]) -> tuple[int, int]:
    """A price change without re-sending the product; a `prices` tombstone changes nothing."""
    with gc_paused():
        upserts, deletes, skipped = _settled(session, "prices", changes)
        apply.update_prices(session, upserts)
    return len(upserts) + len(deletes), skipped


def apply_staff(session: Session, changes: list[Change]) -> tuple[int, int]:
    with gc_paused():
        upserts, deletes, skipped = _settled(session, "staff", changes)
        if upserts:
            apply.upsert_staff(session, own_store_id(session), upserts)
        apply.deactivate(session, "staff", deletes)
    return len(upserts) + len(deletes), skipped
