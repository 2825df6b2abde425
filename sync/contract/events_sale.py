"""`sale.completed`: a sale as the till queues it (pos_app/services/checkout.py) and HQ books it.

Validation runs on both sides with the same rules: a sale must add up with the arithmetic
the till's cart uses, so a corrupted sale is refused on the till (a failing test) and, from
an older or broken till, at HQ (a per-event `rejected` with the reason).

Extending a line (e.g. price adjustments): add the field to `SaleLinePayload` with a default
(an older till does not send it), and, if it changes what a line's net is, say so in
`SaleLinePayload.expected_net`; the sale's totals follow the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
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
        problem = line_sums_problem(
            self.line_no, self.gross(), self.line_discount, self.order_discount, self.net,
            self.tax, [(a.scope, a.amount) for a in self.adjustments])
        if problem:
            raise ValueError(problem)
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
        problem = sale_sums_problem(
            (self.subtotal, self.total, self.discount_total, self.tax_total, self.paid,
             self.change),
            [(ln.gross(), ln.net, ln.tax) for ln in self.lines],
            [t.amount for t in self.tenders])
        problem = problem or duplicates_problem(
            [ln.line_no for ln in self.lines], [ln.id for ln in self.lines],
            [t.line_no for t in self.tenders])
        if problem:
            raise ValueError(problem)
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


# The arithmetic a sale must satisfy, on plain values: the models' validators above and the
# till's fast check of its own sales (sync.contract.sale_wire) ask the same questions.

def line_sums_problem(line_no: int, gross: int, line_discount: int, order_discount: int,
                      net: int, tax: int, adjustments: Sequence[tuple[str, int]]) -> str | None:
    """Why a line does not add up (None: it does); `adjustments` as (scope, amount)."""
    expected = gross - line_discount - order_discount
    if net != expected:
        return f"line {line_no}: net {net} != {expected}"
    if tax > net:
        return f"line {line_no}: tax above net"
    if adjustments:
        for scope, sent in (("line", line_discount), ("order", order_discount)):
            made = sum(amount for s, amount in adjustments if s == scope)
            if made != sent:
                return f"line {line_no}: {scope} adjustments {made} != {scope}_discount {sent}"
    return None


def sale_sums_problem(sent: tuple[int, int, int, int, int, int],
                      lines: Sequence[tuple[int, int, int]], tenders: Sequence[int]) -> str | None:
    """Why a sale's totals do not follow from its lines and tenders (None: they do).
    `sent` is (subtotal, total, discount_total, tax_total, paid, change); `lines` are
    (gross, net, tax)."""
    subtotal, total, discount_total, tax_total, paid, change = sent
    checks = (
        ("subtotal", subtotal, sum(ln[0] for ln in lines)),
        ("total", total, sum(ln[1] for ln in lines)),
        ("discount_total", discount_total, subtotal - total),
        ("tax_total", tax_total, sum(ln[2] for ln in lines)),
        ("paid", paid, sum(tenders)),
        ("change", change, paid - total),
    )
    for name, value, expected in checks:
        if value != expected:
            return f"{name} {value} != {expected}"
    return None


def duplicates_problem(line_nos: Sequence[int], line_ids: Sequence[str],
                       tender_nos: Sequence[int]) -> str | None:
    for values, what in ((line_nos, "line_no"), (line_ids, "line id"),
                         (tender_nos, "tender line_no")):
        if len(set(values)) != len(values):
            return f"duplicate {what}"
    return None
