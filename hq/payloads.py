"""What HQ accepts inside an event's `payload`, per event type (strict, unknown fields refused).

`sync.dto.EventIn.payload` is a free dict so one bad event cannot 422 a whole batch; each
payload is checked here instead and a bad one becomes a per-event `rejected` with the reason.
Validation runs on the JSON text (`model_validate_json`) so JSON's types are what count: a
float or a string is never taken for fen, a bool never for a count. Sales must also add up,
the same arithmetic the terminal's cart uses, so a corrupted sale never reaches the books.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, Field, ValidationError, model_validator

from hq.payload_types import (
    MAX_FEN,
    Fen,
    Id,
    LongText,
    Payload,
    SaleUnitMove,
    Text,
    _no_nul,
    check_sale_units,
)
from hq.payloads_members import MemberEnrolledPayload, MemberTaggedPayload
from hq.payloads_units import ReturnPayload, UnitsReceivedPayload, UnitsSoldPayload
from pos_app.domain.loyalty import fen_to_points, redeem_cap_fen


class SaleLineIn(Payload):
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

    @model_validator(mode="after")
    def _adds_up(self) -> SaleLineIn:
        expected = self.unit_price * self.quantity - self.line_discount - self.order_discount
        if self.net != expected:
            raise ValueError(f"line {self.line_no}: net {self.net} != {expected}")
        if self.tax > self.net:
            raise ValueError(f"line {self.line_no}: tax above net")
        return self


class TenderIn(Payload):
    kind: Literal["cash", "card", "wechat", "alipay", "points"]  # points: amount in fen
    amount: int = Field(gt=0, le=MAX_FEN)
    reference: Text = ""
    line_no: int = Field(ge=1, le=100)


class SalePayload(Payload):
    """`sale.completed`: pos_app/services/checkout.py `_sale_payload`."""

    id: Id
    receipt_no: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_no_nul)]
    terminal_id: Id
    shift_id: Id
    cashier_id: Id
    guide_id: Id | None = None
    created_at: AwareDatetime
    subtotal: Fen
    discount_total: Fen
    total: Fen
    tax_total: Fen
    paid: Fen
    change: Fen
    order_discount_reason: Text | None = ""
    lines: list[SaleLineIn] = Field(min_length=1, max_length=1000)
    tenders: list[TenderIn] = Field(min_length=1, max_length=20)
    unit_moves: list[SaleUnitMove] = Field(default_factory=list, max_length=1000)
    member_id: Id | None = None
    points_earned: int = Field(default=0, ge=0, le=MAX_FEN)
    points_redeemed: int = Field(default=0, ge=0, le=MAX_FEN)

    @model_validator(mode="after")
    def _adds_up(self) -> SalePayload:
        checks = {
            "subtotal": (self.subtotal, sum(ln.unit_price * ln.quantity for ln in self.lines)),
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


class ShiftOpenedPayload(Payload):
    """`shift.opened`: pos_app/services/shifts.py `open_shift`."""

    shift_id: Id
    terminal_id: Id
    opened_by: Id
    opened_at: AwareDatetime
    opening_float: Fen


class ShiftClosedPayload(Payload):
    """`shift.closed` (terminal side not written yet; this is HQ's proposal)."""

    shift_id: Id
    terminal_id: Id
    closed_by: Id
    closed_at: AwareDatetime
    counted_cash: Fen | None = None


class AuditPayload(Payload):
    """`audit`: one row of the terminal's hash-chained audit log (proposal)."""

    id: Id
    at: AwareDatetime
    staff_id: Id | None = None
    action: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_no_nul)]
    entity_id: Text = ""
    detail: LongText = ""
    prev_hash: Text = ""
    hash: Text = ""


PAYLOADS: dict[str, type[Payload]] = {
    "sale.completed": SalePayload,
    "shift.opened": ShiftOpenedPayload,
    "shift.closed": ShiftClosedPayload,
    "audit": AuditPayload,
    "return.completed": ReturnPayload,
    "units.received": UnitsReceivedPayload,
    "units.sold": UnitsSoldPayload,
    "member.enrolled": MemberEnrolledPayload,
    "member.tagged": MemberTaggedPayload,
}


class PayloadError(ValueError):
    """A payload HQ will not apply; the message is the per-event `reason`."""


def parse_payload(event_type: str, payload: dict[str, Any]) -> Payload:
    model = PAYLOADS.get(event_type)
    if model is None:
        raise PayloadError(f"unknown event type {event_type!r}")
    try:
        return model.model_validate_json(json.dumps(payload))
    except ValidationError as exc:
        raise PayloadError("payload invalid: " + describe(exc)) from exc
    except (TypeError, ValueError) as exc:  # not JSON-serialisable, or NaN/huge numbers
        raise PayloadError(f"payload invalid: {exc}") from exc


def describe(exc: ValidationError, limit: int = 400) -> str:
    """`loc: message; …`, short enough for an exception list column."""
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "payload"
        parts.append(f"{loc}: {err['msg']}")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
