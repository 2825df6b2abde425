"""Events HQ must learn of, queued in the same transaction as the change they describe.

An event is queued only as its wire-contract model (sync.contract.events): building the
model runs the checks HQ runs, so a payload HQ would refuse fails here, on the till, inside
the transaction of the change it describes (nothing is written) and in the till's own tests.
"""

from __future__ import annotations

from sqlmodel import Session

from local_db.bulk import fetch_value, insert_rows
from local_db.ids import new_id, utcnow
from local_db.models import OutboxEvent
from sync.contract.events import event_type
from sync.contract.fields import Payload

_LAST_SEQ = "SELECT max(seq) FROM outbox_event"


def enqueue(session: Session, entity_id: str, event: Payload) -> str:
    """Queue `event` (its type comes from the contract's registry) with the next push-order
    number (gap-free inside the writer lock).

    Written at the driver (local_db.bulk: a sale's commit queues one on its hot path), noted
    for the after-commit notices like any insert; no OutboxEvent object, no autoflush.
    Returns the event id (HQ dedupes on it).
    """
    type_ = event_type(event)
    named = event.entity()
    if named is not None and named != entity_id:  # HQ would reject it: fail here instead
        raise ValueError(f"{type_}: entity_id {entity_id!r} is not its {event.entity_field}")
    return enqueue_wire(session, entity_id, type_, event.wire())


def enqueue_wire(session: Session, entity_id: str, type_: str, wire: str) -> str:
    """Queue JSON already checked against `type_`'s contract model and naming `entity_id`
    (a sale's, by sync.contract.sale_wire: the commit's hot path); `enqueue` for all else."""
    last = fetch_value(session, _LAST_SEQ)
    event_id = new_id()
    insert_rows(session, OutboxEvent.__table__, [{
        "id": event_id,
        "seq": (last or 0) + 1,
        "type": type_,
        "entity_id": entity_id,
        "payload": wire,
        "created_at": utcnow(),
        "attempts": 0,
        "last_error": "",
        "status": "pending",
    }])
    return event_id
