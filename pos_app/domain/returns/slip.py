"""What a return slip says (the customer's and the drawer's proof of a refund).

A value, like `domain.receipt.Receipt`: the service fills it from the committed return and
devices/printer/return_slip.py lays it out for 58/80 mm paper in the receipt's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SlipLine:
    name: str
    quantity: int
    amount: int  # fen refunded for the line
    unit_code: str | None = None


@dataclass(frozen=True)
class SlipRefund:
    kind: str  # a TenderKind value
    amount: int  # fen
    reference: str = ""  # a store-credit voucher's number, a payment's reference


@dataclass(frozen=True)
class SlipMember:
    """The member whose sale came back, masked, and what the return did to their points
    (tester 24: a refund that quietly took points back left the customer asking why)."""

    masked: str
    points_reversed: int  # earned points taken back (a positive number)
    points_refunded: int  # points that paid for the sale, given back
    points_balance: int  # as it stands after the return (pending included)


@dataclass(frozen=True)
class ReturnSlip:
    store_name: str
    return_no: str
    receipt_no: str  # the original sale's ("" without receipt)
    created_at: datetime
    staff_name: str
    approver_name: str  # "" when nobody had to approve
    lines: tuple[SlipLine, ...]
    refunds: tuple[SlipRefund, ...]
    refund_total: int
    reason: str = ""  # without receipt: the reason's code
    language: str = "zh_CN"
    member: SlipMember | None = None  # a member's sale
    reprint: bool = False  # printed again (F9): the drawer is not kicked a second time
