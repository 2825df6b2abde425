"""The shared page apply of HQ-authored keyed streams (promotions, coupon_keys,
coupon_definitions), inside the page transaction.

Those streams have nothing local pending, so each page is applied the same way: the last
change of a key in the page wins, every upsert is checked by the stream's contract model
before anything is written (a bad row is `hq_bad_response` and nothing of the page is
applied), and the upserts go in as one INSERT … ON CONFLICT. What a tombstone does differs
per stream (retire, withdraw, delete), so the tombstoned keys are handed back to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from pos_app.errors import PosError
from sync.contract.envelope import Change

M = TypeVar("M", bound=BaseModel)


def upsert_page(session: Session, changes: list[Change], *, stream: str, table: Table,
                pk: str, model: type[M], to_row: Callable[[M], dict[str, Any]],
                ) -> tuple[int, list[str]]:
    """Upsert one page's rows; returns (changes applied, tombstoned keys) so the caller
    applies its own tombstone rule after the upserts, as each stream did on its own."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    rows, gone = [], []
    for key, change in latest.items():
        if change.op == "delete":
            gone.append(key)
            continue
        try:
            data = model.model_validate(change.data or {})
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"{stream} {key}: {exc}"[:300]) from exc
        rows.append(to_row(data))
    if rows:
        stmt = insert(table)
        session.connection().execute(stmt.on_conflict_do_update(
            index_elements=[pk], set_={c: stmt.excluded[c] for c in rows[0] if c != pk}), rows)
    return len(latest), gone


def set_status(session: Session, table: Table, pk: str, ids: list[Any], status: str) -> None:
    """Mark rows `status` (retired, withdrawn) rather than delete them: the local readers
    take only `active` rows, and the row stays to say why a code stopped working."""
    if ids:
        session.connection().execute(update(table).where(table.c[pk].in_(ids))
                                     .values(status=status, updated_at=utcnow()))
