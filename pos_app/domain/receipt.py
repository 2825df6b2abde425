"""What a receipt says, independent of how it is printed or shown.

`language` is the store's receipt language (Settings.receipt_language), not the language of
the cashier's screen: the layout translates every label into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

MEMBER_PRICE = "member_price"  # the adjustment kind the paper shows as a member price


@dataclass(frozen=True)
class ReceiptAdjustment:
    """One rule's money off a line, as the sale rows keep it (sale_line_adjustment)."""

    kind: str  # member_price | manual_line | manual_order | …
    name: str  # the rule's English name (a msgid): the layout translates it
    amount: int  # fen off, > 0


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: int  # fen, the list price
    discount: int  # fen, every adjustment: member price, line + allocated order discount
    amount: int  # fen, net after discounts
    unit_code: str | None = None
    guide_name: str | None = None
    adjustments: tuple[ReceiptAdjustment, ...] = ()

    @property
    def member_saving(self) -> int:
        return sum(a.amount for a in self.adjustments if a.kind == MEMBER_PRICE)

    @property
    def member_unit_price(self) -> int | None:
        """The member price per unit when one was charged (the saving divides evenly:
        it is (list − member price) × quantity)."""
        saving = self.member_saving
        return self.unit_price - saving // self.quantity if saving else None


@dataclass(frozen=True)
class ReceiptTender:
    label: str  # already translated, e.g. "现金" / "Cash"
    amount: int  # fen
    reference: str | None = None


@dataclass(frozen=True)
class ReceiptMember:
    """The member a sale was rung up for, as the paper may show it: masked, never whole."""

    masked: str  # 138****5678, a masked member code, or a masked name
    points_earned: int
    points_redeemed: int  # points spent as a tender on this sale
    points_balance: int  # the member's balance with this sale's points in


@dataclass(frozen=True)
class Receipt:
    store_name: str
    receipt_no: str  # <store>-<terminal>-<seq>
    sale_id: str  # UUID, carried in the QR as SFR:<uuid>
    created_at: datetime  # local time, for display
    cashier_name: str
    lines: tuple[ReceiptLine, ...]
    subtotal: int
    discount_total: int
    total: int
    tax_total: int
    tenders: tuple[ReceiptTender, ...]
    change: int
    store_address: str = ""
    footer: str = ""
    reprint: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    member: ReceiptMember | None = None
    language: str = "zh_CN"  # the store's receipt language

    @property
    def qr_payload(self) -> str:
        return f"SFR:{self.sale_id}"

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def member_saving(self) -> int:
        """What member prices saved on this sale (part of `discount_total`)."""
        return sum(line.member_saving for line in self.lines)
