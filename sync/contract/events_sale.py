"""`sale.completed`: a sale as the till queues it (pos_app/services/checkout.py) and HQ books it.

Validation runs on both sides with the same rules: a sale must add up with the arithmetic
the till's cart uses, so a corrupted sale is refused on the till (a failing test) and, from
an older or broken till, at HQ (a per-event `rejected` with the reason).

Extending a line (e.g. price adjustments): add the field to `SaleLinePayload` with a default
(an older till does not send it), and, if it changes what a line's net is, say so in
`SaleLinePayload.expected_net`; the sale's totals follow the lines.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from pos_app.domain.loyalty import fen_to_points, redeem_cap_fen
from sync.contract.fields import MAX_FEN, Fen, Id, Instant, Payload, Text, UnitKey, no_nul

ReceiptNo = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(no_nul)]
TenderKindName = Literal["cash", "card", "wechat", "alipay", "points"]  # points: fen
# A refund may also go to a store-credit voucher (a return without receipt).
RefundKindName = Literal["cash", "card", "wechat", "alipay", "points", "store_credit"]


class SaleLineAdjustment(Payload):
    """One rule's money off one line (pos_app.domain.pricing.Adjustment): the member price,
    the cashier's line discount, a line's share of the order discount, later promotions."""

    kind: Annotated[str, Field(min_length=1, max_length=32), AfterValidator(no_nul)]
    rule_id: Id
    name: Text
    reason: Text = ""
    amount: Annotated[int, Field(gt=0, le=MAX_FEN)]
    scope: Literal["line", "order"]
    # The manager who approved a manual discount or price change over the cashier's limit
    # (20-L2): HQ bounds those with it (hq/value_discounts.py). Sent only when there is one,
    # so an older till's events stay valid and an older HQ never sees the field.
    approved_by: Id | None = None


class SaleLinePayload(Payload):
    id: Id
    line_no: int = Field(ge=1, le=10_000)
    product_id: Id
    sku: Text
    name: Text
    barcode: Text | None = ""
    quantity: int = Field(ge=1, le=100_000)
    unit_price: Fen
    line_discount: Fen = 0
    order_discount: Fen = 0
    net: Fen
    tax_rate_bp: int = Field(ge=0, le=10_000)
    tax: Fen
    discount_reason: Text | None = ""
    unit_code: Text | None = None
    guide_id: Id | None = None
    # What made line_discount and order_discount, rule by rule (none from an older till).
    adjustments: list[SaleLineAdjustment] = Field(default_factory=list, max_length=50)

    def gross(self) -> int:
        """What the line costs before any discount (the sale's subtotal adds these)."""
        return self.unit_price * self.quantity

    def expected_net(self) -> int:
        return self.gross() - self.line_discount - self.order_discount

    @model_validator(mode="after")
    def _adds_up(self) -> SaleLinePayload:
        expected = self.expected_net()
        if self.net != expected:
            raise ValueError(f"line {self.line_no}: net {self.net} != {expected}")
        if self.tax > self.net:
            raise ValueError(f"line {self.line_no}: tax above net")
        if self.adjustments:
            for scope, sent in (("line", self.line_discount), ("order", self.order_discount)):
                made = sum(a.amount for a in self.adjustments if a.scope == scope)
                if made != sent:
                    raise ValueError(f"line {self.line_no}: {scope} adjustments {made} != "
                                     f"{scope}_discount {sent}")
        return self

    def member_saving(self) -> int:
        return sum(a.amount for a in self.adjustments if a.kind == "member_price")


class SaleTenderPayload(Payload):
    kind: TenderKindName
    amount: int = Field(gt=0, le=MAX_FEN)
    reference: Text = ""
    line_no: int = Field(ge=1, le=100)


class SaleUnitMove(Payload):
    """One unit a sale moved to sold: pos_app/services/units.py `mark_sold`."""

    unit_key: UnitKey
    unit_id: Id
    from_: Literal["in_stock"] | None = Field(alias="from")  # None: manager override
    to: Literal["sold"]
    sale_line_id: Id
    reason: Text  # "sale", or "override:<manager staff id>" when from is None

    @model_validator(mode="after")
    def _reason_fits(self) -> SaleUnitMove:
        if (self.from_ is None) != self.reason.startswith("override:"):
            raise ValueError(f"unit {self.unit_key}: reason {self.reason!r} and from disagree")
        return self


def check_sale_units(lines: list[Any], moves: list[SaleUnitMove]) -> None:
    """A sale's unit moves name its unit lines exactly once each (none: an older terminal)."""
    if not moves:
        return
    coded = {ln.id: ln.unit_code for ln in lines if ln.unit_code}
    if len({mv.unit_key for mv in moves}) != len(moves):
        raise ValueError("duplicate unit_key in unit_moves")
    moved = {mv.sale_line_id: mv.unit_key for mv in moves}
    if moved != coded or len(moved) != len(moves):
        raise ValueError("unit_moves do not match the lines' unit codes")


class SalePayload(Payload):
    """`sale.completed`. member_id / points_* are sent only for a member's sale."""

    entity_field: ClassVar[str | None] = "id"  # names outbox_event.entity_id

    id: Id
    receipt_no: ReceiptNo
    terminal_id: Id
    shift_id: Id
    cashier_id: Id
    guide_id: Id | None = None
    created_at: Instant
    subtotal: Fen
    discount_total: Fen
    total: Fen
    tax_total: Fen
    paid: Fen
    change: Fen
    order_discount_reason: Text | None = ""
    lines: list[SaleLinePayload] = Field(min_length=1, max_length=1000)
    # none for a sale discounted to zero; any other total needs them (paid, change ≥ 0)
    tenders: list[SaleTenderPayload] = Field(max_length=20)
    unit_moves: list[SaleUnitMove] = Field(default_factory=list, max_length=1000)
    member_id: Id | None = None
    points_earned: int = Field(default=0, ge=0, le=MAX_FEN)
    points_redeemed: int = Field(default=0, ge=0, le=MAX_FEN)

    @model_validator(mode="after")
    def _adds_up(self) -> SalePayload:
        checks = {
            "subtotal": (self.subtotal, sum(ln.gross() for ln in self.lines)),
            "total": (self.total, sum(ln.net for ln in self.lines)),
            "discount_total": (self.discount_total, self.subtotal - self.total),
            "tax_total": (self.tax_total, sum(ln.tax for ln in self.lines)),
            "paid": (self.paid, sum(t.amount for t in self.tenders)),
            "change": (self.change, self.paid - self.total),
        }
        for name, (sent, expected) in checks.items():
            if sent != expected:
                raise ValueError(f"{name} {sent} != {expected}")
        if len({ln.line_no for ln in self.lines}) != len(self.lines):
            raise ValueError("duplicate line_no")
        if len({ln.id for ln in self.lines}) != len(self.lines):
            raise ValueError("duplicate line id")
        if len({t.line_no for t in self.tenders}) != len(self.tenders):
            raise ValueError("duplicate tender line_no")
        check_sale_units(self.lines, self.unit_moves)
        if (self.points_earned or self.points_redeemed) and not self.member_id:
            raise ValueError("points without member_id")
        check_points_tender(self.total, self.points_redeemed,
                            sum(t.amount for t in self.tenders if t.kind == "points"))
        return self


def check_points_tender(total: int, points_redeemed: int, points_fen: int) -> None:
    """A points tender pays exactly what its points are worth and stays within the cap: the
    till's own rule (pos_app.domain.loyalty), so an honest till can never trip it."""
    if not points_fen:
        if points_redeemed:
            raise ValueError("points_redeemed without a points tender")
        return
    needed = fen_to_points(points_fen)
    if points_redeemed != needed:
        raise ValueError(f"points tender of {points_fen} fen needs {needed} points, "
                         f"sale says {points_redeemed}")
    cap = redeem_cap_fen(total)
    if points_fen > cap:
        raise ValueError(f"points tender of {points_fen} fen is above the cap of {cap} fen")
