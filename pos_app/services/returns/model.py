"""What the return screens and the service talk in: a sale as it can still be returned,
the refund plan, the finished return. `plan_refund` is the one place a refund is split, so
what the cashier reads before pressing Refund is what gets written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pos_app.domain.money import allocate
from pos_app.domain.refunds import line_refund
from pos_app.errors import PosError
from pos_app.services.checkout import receipt_number
from pos_app.services.context import TerminalInfo


@dataclass(frozen=True)
class ReturnableLine:
    sale_line_id: str
    line_no: int
    name: str
    quantity: int  # sold
    returned: int  # already returned by earlier returns (this till's and, online, others')
    net: int  # fen paid for the whole line, after every adjustment (member price,
    # campaign, coupon, manual discount): a line's refund is its net
    unit_code: str | None
    product_id: str
    refunded: int = 0  # fen already refunded on this line
    name_en: str = ""  # the product's English name, for an English screen (sold `name` stays)

    @property
    def left(self) -> int:
        return self.quantity - self.returned

    def refund_for(self, quantity: int) -> int:
        """Cumulative floor (every partial return of this line sums to exactly `net`),
        never more than what is left of the line's money."""
        share = line_refund(self.net, self.quantity, self.returned, quantity)
        return max(0, min(share, self.net - self.refunded))


@dataclass(frozen=True)
class RefundPart:
    line_no: int  # the sale's tender line it goes back to; 0 = cash approved by a manager
    kind: str
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class ReturnableSale:
    sale_id: str
    receipt_no: str
    created_at: datetime
    total: int
    lines: tuple[ReturnableLine, ...]
    refundable: tuple[RefundPart, ...]  # per original tender: what may still go back to it
    member_id: str | None = None
    coupon_ids: tuple[str, ...] = ()  # coupons the sale redeemed: a manager may revive them
    kind: str = "receipt"  # receipt (this till's sale) | other_till (looked up at HQ)
    hq_checked: bool = False  # other tills' returns of this sale were counted (HQ answered)
    points_earned: int = 0  # what the sale earned its member
    points_reversed_before: int = 0  # earned points earlier returns took back
    refunded_before: int = 0  # fen earlier returns refunded, all tenders


@dataclass(frozen=True)
class CompletedReturn:
    return_id: str
    return_no: str
    sale_id: str | None
    refund_total: int
    refunds: tuple[RefundPart, ...]
    unit_keys: tuple[str, ...]
    points_reversed: int = 0  # earned points taken back (a positive number)
    points_refunded: int = 0  # redeemed points given back
    receipt_no: str = ""
    kind: str = "receipt"  # receipt | other_till | no_receipt


def plan_refund(
    sale: ReturnableSale, picks: dict[str, int], to_cash: bool = False
) -> tuple[int, list[RefundPart]]:
    """What a pick list refunds, and to which tenders; raises if a pick is not allowed.
    Split over the tenders' room by largest remainder, exact to the fen."""
    by_id = {line.sale_line_id: line for line in sale.lines}
    total = 0
    for line_id, quantity in picks.items():
        line = by_id.get(line_id)
        if line is None:
            raise PosError("line_not_found")
        if quantity < 1 or quantity > line.left:
            raise PosError("return_too_many", left=line.left, name=line.name)
        total += line.refund_for(quantity)
    if not picks:
        raise PosError("return_nothing_picked")
    if to_cash:
        return total, [RefundPart(0, "cash", total)] if total else []
    room = [part.amount for part in sale.refundable]
    if total > sum(room):  # e.g. an earlier cash-approved refund already took the room
        return total, [RefundPart(0, "cash", total)]
    shares = allocate(total, room) if room else []
    parts = [
        RefundPart(p.line_no, p.kind, share, p.reference)
        for p, share in zip(sale.refundable, shares, strict=True) if share
    ]
    return total, parts


_SHORT = re.compile(r"(?:([A-Z0-9]{1,8})-([A-Z0-9]{1,8})-)?(\d{1,9})")


def full_receipt_no(typed: str, terminal: TerminalInfo) -> str:
    """'123', '000123' or 'S01-T01-123' -> 'S01-T01-000123': a cashier types the short
    number printed big on this till's receipt; a full number of another till stays as is."""
    text = typed.strip().upper()
    m = _SHORT.fullmatch(text)
    if m is None:
        return text
    store, till, seq = m.groups()
    return receipt_number(store or terminal.store_code, till or terminal.terminal_code, int(seq))
