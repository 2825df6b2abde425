"""`return.completed` (a return against a receipt: pos_app/services/returns/write.py) and
`return.no_receipt` (a manager's return without receipt: services/returns/no_receipt.py)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from pos_app.domain.returns import REASONS
from sync.contract.events_sale import RefundKindName, TenderKindName
from sync.contract.fields import MAX_FEN, Fen, Id, Instant, Payload, Text, UnitKey, no_nul

Number = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(no_nul)]


class ReturnLinePayload(Payload):
    id: Id
    sale_line_id: Id
    product_id: Id
    quantity: int = Field(ge=1, le=100_000)
    amount: Fen
    unit_code: UnitKey | None = None


class RefundPayload(Payload):
    line_no: int = Field(ge=0, le=100)  # the sale's tender line; 0 = cash a manager approved
    kind: TenderKindName
    amount: int = Field(gt=0, le=MAX_FEN)
    reference: Text = ""


class ReturnUnitMove(Payload):
    unit_key: UnitKey
    unit_id: Id
    from_: Literal["sold", "returned"] = Field(alias="from")
    to: Literal["returned", "in_stock"]


def _check_unit_moves(moves: list[ReturnUnitMove], codes: list[str]) -> None:
    """The one rule for both kinds of return: the moves it carries are exactly those its
    unit lines imply, each unit sold → returned → in_stock in the order of the lines, and
    nothing else (a payload that says otherwise is malformed, refused before any apply)."""
    steps = [(mv.unit_key, mv.from_, mv.to) for mv in moves]
    expected = [(k, f, t) for k in codes
                for f, t in (("sold", "returned"), ("returned", "in_stock"))]
    if steps != expected:
        raise ValueError("unit_moves must be sold→returned→in_stock for each unit line")


class ReturnPayload(Payload):
    entity_field: ClassVar[str | None] = "id"  # names outbox_event.entity_id

    id: Id
    return_no: Number
    # receipt: a sale of the pushing till; other_till: one it looked up at HQ
    kind: Literal["receipt", "other_till"] = "receipt"
    sale_id: Id
    receipt_no: Number
    terminal_id: Id
    shift_id: Id
    staff_id: Id
    approved_by: Id | None = None
    created_at: Instant
    refund_total: Fen
    to_cash: bool
    reason: Text = ""
    lines: list[ReturnLinePayload] = Field(min_length=1, max_length=1000)
    refunds: list[RefundPayload] = Field(max_length=20)
    unit_moves: list[ReturnUnitMove] = Field(default_factory=list, max_length=2000)
    member_id: Id | None = None  # a member's sale: the points deltas of the return
    points_reversed: int = Field(default=0, ge=0, le=MAX_FEN)  # earned points taken back
    points_refunded: int = Field(default=0, ge=0, le=MAX_FEN)  # redeemed points given back

    @model_validator(mode="after")
    def _adds_up(self) -> ReturnPayload:
        if sum(ln.amount for ln in self.lines) != self.refund_total:
            raise ValueError("refund_total != sum of line amounts")
        if sum(r.amount for r in self.refunds) != self.refund_total:
            raise ValueError("refund_total != sum of refunds")
        if len({ln.id for ln in self.lines}) != len(self.lines) or len(
                {ln.sale_line_id for ln in self.lines}) != len(self.lines):
            raise ValueError("duplicate return line")
        if len({r.line_no for r in self.refunds}) != len(self.refunds):
            raise ValueError("duplicate refund line_no")
        if self.to_cash and not self.approved_by:
            raise ValueError("a refund to cash needs approved_by")
        if (self.points_reversed or self.points_refunded) and not self.member_id:
            raise ValueError("points without member_id")
        _check_unit_moves(self.unit_moves, [ln.unit_code for ln in self.lines if ln.unit_code])
        return self


class NoReceiptLinePayload(Payload):
    id: Id
    product_id: Id
    quantity: int = Field(ge=1, le=100_000)
    unit_price: Fen  # the catalogue's price when the return was made (HQ bounds with its own)
    amount: Fen  # ≤ unit_price × quantity (a manager may type it lower)
    unit_code: UnitKey | None = None

    @model_validator(mode="after")
    def _bounded(self) -> NoReceiptLinePayload:
        if self.amount > self.unit_price * self.quantity:
            raise ValueError("amount above unit_price × quantity")
        if self.unit_code and self.quantity != 1:
            raise ValueError("a unit line returns one unit")
        return self


class NoReceiptRefundPayload(Payload):
    line_no: Literal[0] = 0
    kind: Literal["cash", "store_credit"]
    amount: int = Field(gt=0, le=MAX_FEN)
    reference: Text = ""  # store credit: the voucher's number printed on the slip


class NoReceiptReturnPayload(Payload):
    """A manager's return without receipt (issue 18): no sale, a reason from the fixed
    list, the refund in cash or store credit. HQ bounds it by its catalogue and flags it
    for review."""

    entity_field: ClassVar[str | None] = "id"

    id: Id
    return_no: Number
    terminal_id: Id
    shift_id: Id
    staff_id: Id
    approved_by: Id  # always a manager (Action.RETURN_WITHOUT_RECEIPT)
    created_at: Instant
    refund_total: Fen
    reason_code: Literal[tuple(REASONS)]  # type: ignore[valid-type]
    note: Text = ""
    lines: list[NoReceiptLinePayload] = Field(min_length=1, max_length=100)
    refunds: list[NoReceiptRefundPayload] = Field(max_length=1)
    unit_moves: list[ReturnUnitMove] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _adds_up(self) -> NoReceiptReturnPayload:
        if sum(ln.amount for ln in self.lines) != self.refund_total:
            raise ValueError("refund_total != sum of line amounts")
        if sum(r.amount for r in self.refunds) != self.refund_total:
            raise ValueError("refund_total != sum of refunds")
        if len({ln.id for ln in self.lines}) != len(self.lines):
            raise ValueError("duplicate return line")
        if any(r.kind == "store_credit" and not r.reference for r in self.refunds):
            raise ValueError("store credit needs its voucher number")
        codes = [ln.unit_code for ln in self.lines if ln.unit_code]
        if len(set(codes)) != len(codes):
            raise ValueError("a unit is returned once")
        _check_unit_moves(self.unit_moves, codes)
        return self


__all__ = ["NoReceiptLinePayload", "NoReceiptRefundPayload", "NoReceiptReturnPayload",
           "RefundKindName", "RefundPayload", "ReturnLinePayload", "ReturnPayload",
           "ReturnUnitMove", "TenderKindName"]
