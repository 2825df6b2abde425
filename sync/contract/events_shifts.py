"""`shift.opened`, `cash.moved`, `drawer.no_sale` and `shift.closed` (with its Z), all
queued by pos_app/services/shifts/, and `audit`."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field

from sync.contract.fields import (
    MAX_FEN,
    Fen,
    Id,
    Instant,
    LongText,
    Payload,
    Text,
    no_nul,
)

SignedFen = Annotated[int, Field(ge=-MAX_FEN, le=MAX_FEN)]  # an over (+) or short (−)
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Code = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(no_nul)]


class ShiftOpenedPayload(Payload):
    entity_field: ClassVar[str | None] = "shift_id"  # names outbox_event.entity_id

    shift_id: Id
    terminal_id: Id
    opened_by: Id
    opened_at: Instant
    opening_float: Fen


class CashMovedPayload(Payload):
    """Cash put in or taken out of the drawer, with its reason (a fixed code) and note."""

    entity_field: ClassVar[str | None] = "id"

    id: Id
    shift_id: Id
    terminal_id: Id
    staff_id: Id
    kind: Literal["in", "out"]
    amount: Fen
    reason_code: Code
    note: Text = ""
    at: Instant


class NoSalePayload(Payload):
    """The drawer opened with no sale, on a manager's word (`approved_by`)."""

    entity_field: ClassVar[str | None] = "id"

    id: Id
    shift_id: Id
    terminal_id: Id
    staff_id: Id
    approved_by: Id
    at: Instant


class ZTender(Payload):
    kind: Code
    sales: SignedFen
    refunds: SignedFen
    expected: SignedFen
    counted: SignedFen


class ZFigures(Payload):
    """The Z as the till printed it: HQ keeps it as reported and compares its own view."""

    z_no: Annotated[int, Field(ge=1)]
    opening_float: Fen
    sales_count: Count
    sales_total: SignedFen
    returns_count: Count
    returns_total: SignedFen
    cash_in: Fen
    cash_out: Fen
    discount_total: SignedFen
    no_sales: Count
    points_tendered: SignedFen
    expected_cash: SignedFen
    over_short: SignedFen
    tenders: list[ZTender] = Field(max_length=32)
    grand_total: Annotated[int, Field(ge=-10**15, le=10**15)]
    queued_events: Count
    audit_seq: Annotated[int, Field(ge=0)]
    audit_hash: Annotated[str, Field(max_length=128), AfterValidator(no_nul)]
    # how many counts were checked before the close (20-L1); absent from older tills
    counts: Count | None = None


class ShiftClosedPayload(Payload):
    """The close, with the Z's figures (`z`, absent only from a till before issue 18)."""

    entity_field: ClassVar[str | None] = "shift_id"  # names outbox_event.entity_id

    shift_id: Id
    terminal_id: Id
    closed_by: Id
    closed_at: Instant
    counted_cash: Fen | None = None
    z: ZFigures | None = None


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
