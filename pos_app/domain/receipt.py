"""What a receipt says, independent of how it is printed or shown.

`language` is the store's receipt language (Settings.receipt_language), not the language of
the cashier's screen: the layout translates every label into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

MEMBER_PRICE = "member_price"  # the adjustment kind the paper shows as a member price
CAMPAIGN_KIND = "promo."  # adjustments of HQ's campaigns: printed under the campaign's name


@dataclass(frozen=True)
class ReceiptAdjustment:
    """One rule's money off a line, as the sale rows keep it (sale_line_adjustment)."""

    kind: str  # member_price | manual_line | manual_order | …
    name: str  # the rule's English name (a msgid): the layout translates it
    amount: int  # fen off, > 0
    rule_id: str = ""  # a campaign rule's is "<campaign id>/<rule id>"

    @property
    def campaign_id(self) -> str | None:
        return self.rule_id.split("/", 1)[0] if self.kind.startswith(CAMPAIGN_KIND) else None


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

    @property
    def campaign_adjustments(self) -> tuple[ReceiptAdjustment, ...]:
        return tuple(a for a in self.adjustments if a.campaign_id is not None)

    @property
    def campaign_saving(self) -> int:
        return sum(a.amount for a in self.campaign_adjustments)


@dataclass(frozen=True)
class ReceiptTender:
    label: str  # already translated, e.g. "现金" / "Cash"
    amount: int  # fen
    reference: str | None = None
    kind: str = ""  # the TenderKind value ("cash", "card", …): whether the drawer opens


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
    campaign_names: dict[str, str] = field(default_factory=dict)  # campaign id → its name

    @property
    def qr_payload(self) -> str:
        return f"SFR:{self.sale_id}"

    @property
    def opens_drawer(self) -> bool:
        """Whether printing this receipt kicks the cash drawer: a first print of a sale that
        took cash (or gave change), so the cashier can put the cash in; never a reprint,
        never a card-only sale (the Z counts a drawer open per cash sale, issue 18)."""
        return not self.reprint and (
            self.change > 0 or any(t.kind == "cash" for t in self.tenders))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def member_saving(self) -> int:
        """What member prices saved on this sale (part of `discount_total`)."""
        return sum(line.member_saving for line in self.lines)

    @property
    def campaigns(self) -> tuple[tuple[str, int], ...]:
        """(name, fen saved) per campaign, by campaign id: each fen of a campaign adjustment
        counted once (domain.promotions.campaign_savings, as the receipt keeps it). A
        campaign the till no longer names is named by its rules' adjustments."""
        found: dict[str, list] = {}
        for line in self.lines:
            for a in line.campaign_adjustments:
                entry = found.setdefault(a.campaign_id or "", [a.rule_id, a.name, 0])
                if a.rule_id < entry[0]:
                    entry[0], entry[1] = a.rule_id, a.name
                entry[2] += a.amount
        return tuple((self.campaign_names.get(cid, label), amount)
                     for cid, (_rule, label, amount) in sorted(found.items()))
