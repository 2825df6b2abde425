"""This till's numbers continue after what HQ (or any copy of the store) already holds.

A till paired again as the same terminal (a new PC, a lost file) or restored from a backup
must not hand out receipt numbers customers already hold, nor reuse push-order numbers HQ
has seen. `continue_numbers` raises the receipt and return counters and the outbox's next
`seq` to at least the given high-water marks, inside the caller's transaction; it never
lowers anything.

The outbox's next seq is `max(seq) + 1` (pos_app.services.outbox, the hot path of every
sale), so its floor is a row, not a setting: one `outbox_event` row with status 'floor',
which the pusher never sends (it sends 'pending' only) and nothing lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from local_db.ids import new_id, utcnow
from local_db.models import OutboxEvent

FLOOR = "floor"
_RAISE = text(
    "INSERT INTO sequence (name, value) VALUES (:name, :value)"
    " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)"
)


@dataclass(frozen=True)
class Numbers:
    receipt_seq: int = 0
    return_seq: int = 0
    outbox_seq: int = 0

    def __or__(self, other: Numbers) -> Numbers:
        """The higher of each mark."""
        return Numbers(max(self.receipt_seq, other.receipt_seq),
                       max(self.return_seq, other.return_seq),
                       max(self.outbox_seq, other.outbox_seq))


def as_numbers(marks: object) -> Numbers:
    """From HQ's answer (sync.contract.registration.HighWater) or anything with the same
    three attributes."""
    return Numbers(int(getattr(marks, "receipt_seq", 0) or 0),
                   int(getattr(marks, "return_seq", 0) or 0),
                   int(getattr(marks, "outbox_seq", 0) or 0))


def local_numbers(session: Session, terminal_id: str) -> Numbers:
    """What this file itself has handed out."""
    conn = session.connection()

    def seq(name: str) -> int:
        return int(conn.execute(text("SELECT value FROM sequence WHERE name = :n"),
                                {"n": name}).scalar() or 0)

    outbox = conn.execute(select(func.max(OutboxEvent.seq))).scalar() or 0
    return Numbers(seq(f"receipt:{terminal_id}"), seq(f"return:{terminal_id}"), int(outbox))


def continue_numbers(session: Session, terminal_id: str, marks: object) -> Numbers:
    """Raise the counters to at least `marks`; returns the numbers now in force."""
    wanted = as_numbers(marks)
    conn = session.connection()
    for name, value in ((f"receipt:{terminal_id}", wanted.receipt_seq),
                        (f"return:{terminal_id}", wanted.return_seq)):
        if value:
            conn.execute(_RAISE, {"name": name, "value": value})
    last = conn.execute(select(func.max(OutboxEvent.seq))).scalar() or 0
    if wanted.outbox_seq > last:
        conn.execute(insert(OutboxEvent.__table__), {
            "id": new_id(), "seq": wanted.outbox_seq, "type": FLOOR, "entity_id": "",
            "payload": "{}", "created_at": utcnow(), "attempts": 0,
            "last_error": "", "status": FLOOR,
        })
    return local_numbers(session, terminal_id)
