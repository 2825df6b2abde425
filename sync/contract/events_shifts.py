"""`shift.opened` (pos_app/services/shifts.py `open_shift`), `shift.closed` and `audit`."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field

from sync.contract.fields import Fen, Id, Instant, LongText, Payload, Text, no_nul


class ShiftOpenedPayload(Payload):
    entity_field: ClassVar[str | None] = "shift_id"  # names outbox_event.entity_id

    shift_id: Id
    terminal_id: Id
    opened_by: Id
    opened_at: Instant
    opening_float: Fen


class ShiftClosedPayload(Payload):
    """HQ's proposal: the till does not queue it yet."""

    entity_field: ClassVar[str | None] = "shift_id"  # names outbox_event.entity_id

    shift_id: Id
    terminal_id: Id
    closed_by: Id
    closed_at: Instant
    counted_cash: Fen | None = None


class AuditPayload(Payload):
    """One row of the terminal's hash-chained audit log (HQ's proposal; not queued yet)."""

    id: Id
    at: Instant
    staff_id: Id | None = None
    action: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_nul)]
    entity_id: Text = ""
    detail: LongText = ""
    prev_hash: Text = ""
    hash: Text = ""
