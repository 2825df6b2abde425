"""The parked_cart table: parked sales and the till's open cart, one transaction per action.

Every write that moves a cart from one place to another (park: open → parked; resume:
parked → open, and the current cart → parked) is one transaction, so a crash never leaves
a cart in two places or in none. Only this terminal's rows are ever read or changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.engine import writer
from local_db.ids import new_id, utcnow
from local_db.models import ParkedCart
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.context import TerminalInfo

SAVE_WAIT_MS = 200  # the open cart's save gives up this soon (see save_open)
BUSY_MS = 5000  # local_db.engine's busy_timeout, restored after
OPEN = "open"
PARKED = "parked"
_T = ParkedCart.__table__


@dataclass(frozen=True)
class CartRecord:
    """What is written for a cart: its snapshot and the figures a list shows."""

    payload: str
    line_count: int
    item_count: int
    total: int
    member_id: str | None
    staff_id: str | None


@dataclass(frozen=True)
class StoredCart:
    id: str
    kind: str
    saved_at: datetime  # aware UTC
    staff_id: str | None
    line_count: int
    item_count: int
    total: int
    member_id: str | None
    payload: str


def _stored(row: ParkedCart) -> StoredCart:
    saved = row.saved_at if row.saved_at.tzinfo else row.saved_at.replace(tzinfo=UTC)
    return StoredCart(
        id=row.id, kind=row.kind, saved_at=saved, staff_id=row.staff_id,
        line_count=row.line_count, item_count=row.item_count, total=row.total,
        member_id=row.member_id, payload=row.payload,
    )


class CartStore:
    def __init__(self, engine: Engine, terminal: TerminalInfo) -> None:
        self._engine = engine
        self._terminal_id = terminal.terminal_id
        self._open_id = f"open:{terminal.terminal_id}"
        self._held: dict[str, datetime] | None = None  # unit key → parked at (cache)

    # --- the open cart -------------------------------------------------------------------
    def save_open(self, record: CartRecord) -> None:
        """One upsert of one row: cheap enough to run after every change to the cart.

        It waits at most SAVE_WAIT_MS for SQLite's write lock (a sync page may hold it for
        a while), so a scan never stalls behind sync; a save that could not wait raises
        (OperationalError) and the caller tries again at the next change.
        """
        with writer(self._engine).connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute(f"PRAGMA busy_timeout={SAVE_WAIT_MS}")
            try:
                with conn.begin():
                    self._upsert_open(conn, record)
            finally:
                raw.execute(f"PRAGMA busy_timeout={BUSY_MS}")

    def clear_open(self, session: Session | None = None) -> None:
        """Forget the open cart; inside `session` when the caller's transaction (a sale's
        commit, a void) must take it along, so a sold cart never comes back after a crash."""
        if session is not None:
            session.connection().execute(delete(_T).where(_T.c.id == self._open_id))
            return
        with write_session(self._engine) as own:
            self.clear_open(own)

    def load_open(self) -> StoredCart | None:
        with read_session(self._engine) as session:
            row = session.get(ParkedCart, self._open_id)
            return _stored(row) if row is not None and row.terminal_id == self._terminal_id \
                else None

    # --- parked carts --------------------------------------------------------------------
    def park(self, record: CartRecord) -> StoredCart:
        """The open cart becomes a parked one, in one transaction."""
        with write_session(self._engine) as session:
            row = ParkedCart(**self._values(record, new_id(), PARKED))
            session.add(row)
            self.clear_open(session)
            session.flush()
            stored = _stored(row)
        self._held = None
        return stored

    def parked(self) -> list[StoredCart]:
        """This terminal's parked carts, oldest first (the customer who waited longest)."""
        with read_session(self._engine) as session:
            rows = session.execute(
                select(ParkedCart)
                .where(ParkedCart.terminal_id == self._terminal_id, ParkedCart.kind == PARKED)
                .order_by(ParkedCart.saved_at, ParkedCart.id)
            ).scalars()
            return [_stored(row) for row in rows]

    def resume(self, parked_id: str, current: CartRecord | None = None) -> StoredCart:
        """Take a parked cart out as the open cart; `current` (a cart being rung up) is
        parked in its place, all in one transaction."""
        with write_session(self._engine) as session:
            row = self._own_parked(session, parked_id)
            taken = _stored(row)
            session.delete(row)
            if current is not None:
                session.add(ParkedCart(**self._values(current, new_id(), PARKED)))
            session.flush()
            self._upsert_open(session.connection(), _record_of(taken))
        self._held = None
        return taken

    def drop(self, parked_id: str, staff_id: str, approved_by: str | None) -> StoredCart:
        """A parked sale thrown away is a voided sale: deleted and audited together."""
        with write_session(self._engine) as session:
            row = self._own_parked(session, parked_id)
            gone = _stored(row)
            session.delete(row)
            audit.append(session, "parked_sale_dropped", staff_id, gone.id,
                         lines=gone.line_count, items=gone.item_count, total=gone.total,
                         approved_by=approved_by, parked_at=gone.saved_at.isoformat())
        self._held = None
        return gone

    def void_open(self, record: CartRecord, approved_by: str | None) -> str:
        """The sale being rung up is voided: audit row and open cart cleared together."""
        void_id = new_id()
        with write_session(self._engine) as session:
            audit.append(session, "sale_voided", record.staff_id, void_id,
                         lines=record.line_count, items=record.item_count,
                         total=record.total, approved_by=approved_by)
            self.clear_open(session)
        return void_id

    def held_units(self) -> dict[str, datetime]:
        """Unit codes sitting in parked carts (each physical item is in one cart only)."""
        if self._held is None:
            held: dict[str, datetime] = {}
            for cart in self.parked():
                try:
                    lines = json.loads(cart.payload).get("lines", [])
                except (ValueError, AttributeError):
                    continue
                for line in lines:
                    if isinstance(line, dict) and line.get("unit_code"):
                        held[str(line["unit_code"])] = cart.saved_at
            self._held = held
        return self._held

    # --- helpers -------------------------------------------------------------------------
    def _upsert_open(self, conn: Connection, record: CartRecord) -> None:
        values = self._values(record, self._open_id, OPEN)
        kept = ("id", "terminal_id", "kind")
        conn.execute(
            insert(_T).values(values).on_conflict_do_update(
                index_elements=[_T.c.id],
                set_={k: v for k, v in values.items() if k not in kept},
            )
        )

    def _own_parked(self, session: Session, parked_id: str) -> ParkedCart:
        row = session.get(ParkedCart, parked_id)
        if row is None or row.kind != PARKED or row.terminal_id != self._terminal_id:
            raise PosError("parked_sale_not_found")
        return row

    def _values(self, record: CartRecord, row_id: str, kind: str) -> dict[str, object]:
        return {
            "id": row_id, "terminal_id": self._terminal_id, "kind": kind,
            "saved_at": utcnow(), "staff_id": record.staff_id,
            "line_count": record.line_count, "item_count": record.item_count,
            "total": record.total, "member_id": record.member_id, "payload": record.payload,
        }


def _record_of(stored: StoredCart) -> CartRecord:
    return CartRecord(payload=stored.payload, line_count=stored.line_count,
                      item_count=stored.item_count, total=stored.total,
                      member_id=stored.member_id, staff_id=stored.staff_id)
