"""HQ's receipt look-up for a return at another till of the same store (issue 18).

    GET /v1/returns/receipt?code=…   a till (device token): a sale of ITS OWN store, by
                                     its UUID (the receipt QR's SFR:<uuid>) or full number

The answer is the sale as HQ holds it, plus what returns at OTHER terminals already took
back of each line and each tender (`*_elsewhere`): the asking till adds its own returns,
pushed or not, so the sum is exact and no till refunds more than was sold. 404 when HQ has
no such sale in the device's store.
"""

from __future__ import annotations

from pydantic import Field

from sync.contract.events_sale import TenderKindName
from sync.contract.fields import Fen, Id, Instant, Payload, Text, UnitKey


class ReceiptLine(Payload):
    id: Id
    line_no: int = Field(ge=1)
    name: Text
    product_id: Id
    quantity: int = Field(ge=1)
    net: Fen
    unit_code: UnitKey | None = None
    returned_elsewhere: int = Field(default=0, ge=0)  # units returned at other terminals
    refunded_elsewhere: Fen = 0  # fen refunded on this line at other terminals


class ReceiptTender(Payload):
    line_no: int = Field(ge=1)
    kind: TenderKindName
    amount: Fen
    reference: Text = ""
    refunded_elsewhere: Fen = 0


class ReceiptLookupResponse(Payload):
    sale_id: Id
    receipt_no: Text
    terminal_id: Id
    created_at: Instant
    total: Fen
    change: Fen = 0
    member_id: Id | None = None
    points_earned: int = Field(default=0, ge=0)
    refund_total_elsewhere: Fen = 0
    points_reversed_elsewhere: int = Field(default=0, ge=0)
    lines: list[ReceiptLine] = Field(min_length=1, max_length=1000)
    tenders: list[ReceiptTender] = Field(default_factory=list, max_length=20)
