"""Completing a sale (a scanned code is routed by `pos_app.services.till.scan`).

`complete_sale` writes the sale, its lines, tenders, stock moves, unit state changes,
the member's points deltas (earned / redeemed, `points_entry` rows status pending), the
receipt number and the outbox event in ONE SQLite transaction (BEGIN IMMEDIATE …
COMMIT with synchronous=FULL): after a crash either all of it is on disk or none of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from local_db.bulk import fetch_value, insert_rows, update_many
from local_db.ids import new_id, utcnow
from local_db.models import PointsEntry, Product, Sale, SaleLine, SaleLineAdjustment, StockMove
from local_db.models import Tender as TenderRow
from local_db.uow import write_session
from pos_app.domain.cart import Cart, CartTotals
from pos_app.domain.loyalty import check_redemption, earn_points
from pos_app.domain.tenders import Settlement, Tender, TenderKind, settle
from pos_app.errors import PosError
from pos_app.services import outbox, units
from pos_app.services.catalog import CatalogService
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.coupons.sale_coupon import HeldCoupon, SaleCoupons
from pos_app.services.loyalty import LoyaltyService, PointsOffer, standing_in
from pos_app.services.pricing.in_force import PricingRules
from pos_app.services.pricing.sale_rows import adjustment_rows
from pos_app.services.units import UnitService
from sync.contract.events import type_name
from sync.contract.events_sale import SalePayload
from sync.contract.events_units import UnitsSoldPayload
from sync.contract.sale_wire import sale_wire


@dataclass(frozen=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    total: int
    paid: int
    change: int
    created_at: datetime
    member_id: str | None = None
    points_earned: int = 0
    points_redeemed: int = 0
    cash: int = 0  # cash handed over (fen), what the change-due display counts from


def receipt_number(store_code: str, terminal_code: str, seq: int) -> str:
    return f"{store_code}-{terminal_code}-{seq:06d}"


_BUMP = ("INSERT INTO sequence (name, value) VALUES (?, 1)"
         " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value")
_TAKE_STOCK = "UPDATE product SET stock_qty = stock_qty + ? WHERE id = ?"


def next_sequence(session: Session, name: str) -> int:
    """Gap-free: the bump commits or rolls back together with the sale that uses it.

    One statement (UPSERT … RETURNING, SQLite ≥ 3.35) instead of get + flush of an ORM row,
    sent to the driver (local_db.bulk): the sequence table announces nothing.
    """
    return int(fetch_value(session, _BUMP, (name,)))


# product.stock_qty += :delta for :pid; returns put stock back with it too
ADJUST_STOCK = (
    update(Product.__table__)
    .where(Product.__table__.c.id == bindparam("pid"))
    .values(stock_qty=Product.__table__.c.stock_qty + bindparam("delta"))
)
SALE_COMPLETED = type_name(SalePayload)
_LINE_FIELDS = (
    "id", "line_no", "product_id", "sku", "name", "barcode", "quantity", "unit_price",
    "line_discount", "order_discount", "net", "tax_rate_bp", "tax", "discount_reason",
    "unit_code", "guide_id",
)


class CheckoutService:
    def __init__(
        self,
        engine: Engine,
        terminal: TerminalInfo,
        catalog: CatalogService,
        clock: Callable[[], datetime] = utcnow,
        units_service: UnitService | None = None,
        pricing: PricingRules | None = None,
        coupons: SaleCoupons | None = None,
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._catalog = catalog
        self._clock = clock
        self._units = units_service or UnitService(engine, terminal)
        self.pricing = pricing or PricingRules()  # the rules every sale here is priced with
        self.coupons = coupons  # discount coupons redeemed with the sale (issue 17)

    def complete_sale(
        self,
        cart: Cart,
        tenders: list[Tender],
        staff: StaffInfo | None,
        shift: ShiftInfo | None,
        also: Callable[[Session], None] | None = None,
    ) -> CompletedSale:
        """Priced with `self.pricing` (money and the points multipliers, member days
        included); `also` runs inside the sale's transaction (the till clears its saved open
        cart there, so a crash can never bring a sold cart back)."""
        if staff is None:
            raise PosError("not_signed_in")
        if shift is None:
            raise PosError("no_open_shift")
        if cart.is_empty:
            raise PosError("cart_empty")
        totals = self.pricing.price(cart)
        settlement = settle(totals.total, tenders)
        if cart.member_id is None and any(t.kind == TenderKind.POINTS for t in tenders):
            raise PosError("points_need_member")
        sale_id = next((c.hold_sale_id for c in cart.coupons if c.hold_sale_id), None) or new_id()
        held: list[HeldCoupon] = []
        if cart.coupons:  # HQ asked (briefly) before the transaction, never inside it
            if self.coupons is None:
                raise PosError("coupon_not_here")
            held = self.coupons.hold(cart, totals, sale_id, self._clock())
        try:
            with write_session(self._engine) as session:
                done = self._write_sale(session, cart, totals, settlement, staff, shift,
                                        sale_id, held)
                if also is not None:
                    also(session)
                return done
        except IntegrityError as exc:
            if not held or self.coupons is None:
                raise
            self.coupons.release(held)
            for h in held:  # UNIQUE(coupon_id): redeemed here a moment ago → that refusal
                self.coupons.refuse_redeemed(h.coupon.coupon_id)
            raise exc
        except BaseException:
            if held and self.coupons is not None:
                self.coupons.release(held)
            raise

    def _write_sale(
        self,
        session: Session,
        cart: Cart,
        totals: CartTotals,
        settlement: Settlement,
        staff: StaffInfo,
        shift: ShiftInfo,
        sale_id: str | None = None,
        held: Sequence[HeldCoupon] = (),
    ) -> CompletedSale:
        """Driver-level inserts (local_db.bulk, executemany) in FK order: no ORM objects, no
        flushes, same rows.

        The ORM path built 13 SQLModel objects per sale (pydantic validation + instrumented
        attributes), flushed 4–5 times and ran the stock updates as ORM-enabled UPDATEs that
        evaluate against the identity map; that was ~80 % of complete_sale's time. Core
        inserts then still cost about as much as SQLite itself (commit ratio ~2.0 → ~1.5).
        """
        t = self._terminal
        seq = next_sequence(session, f"receipt:{t.terminal_id}")
        created = self._clock()
        sale = {
            "id": sale_id or new_id(),
            "receipt_no": receipt_number(t.store_code, t.terminal_code, seq),
            "terminal_id": t.terminal_id,
            "shift_id": shift.id,
            "cashier_id": staff.id,
            "guide_id": cart.guide_id,
            "created_at": created,
            "status": "completed",
            "subtotal": totals.subtotal,
            "discount_total": totals.discount_total,
            "total": totals.total,
            "tax_total": totals.tax_total,
            "paid": settlement.paid,
            "change": settlement.change,
            "line_count": len(totals.lines),
            "order_discount_reason": cart.order_discount_reason,
            "member_id": cart.member_id,
        }
        points = self._points(session, cart, totals, settlement)
        insert_rows(session, Sale.__table__, [sale])
        lines = []
        for no, priced in enumerate(totals.lines, start=1):
            p, line = priced.line.product, priced.line
            lines.append({  # the cart's line id: pricing broke ties by it, HQ re-prices by it
                "id": line.line_id, "sale_id": sale["id"], "line_no": no,
                "product_id": p.product_id, "sku": p.sku, "name": p.name,
                "barcode": p.barcode, "quantity": line.quantity, "unit_price": p.unit_price,
                "line_discount": priced.line_discount, "order_discount": priced.order_discount,
                "net": priced.net, "tax_rate_bp": p.tax_rate_bp, "tax": priced.tax,
                "discount_reason": line.discount_reason, "unit_code": line.unit_code,
                "guide_id": line.guide_id,
            })
        insert_rows(session, SaleLine.__table__, lines)
        adjustments = adjustment_rows(sale["id"], [ln["id"] for ln in lines], totals.lines)
        insert_rows(session, SaleLineAdjustment.__table__, adjustments)  # often none
        unit_moves: list[dict[str, object]] = []
        if any(ln["unit_code"] for ln in lines):  # most sales sell no tracked unit
            overrides = {ln["id"]: priced.line.unit_override_by
                         for ln, priced in zip(lines, totals.lines, strict=True)}
            unit_moves = units.mark_sold(
                session, [dict(ln, unit_override_by=overrides[ln["id"]]) for ln in lines],
                sale, t.store_id, staff.id,
            )
        tenders = [
            {"id": new_id(), "sale_id": sale["id"], "line_no": no, "kind": str(tender.kind),
             "amount": tender.amount, "reference": tender.reference.strip()}
            for no, tender in enumerate(settlement.tenders, start=1)
        ]
        insert_rows(session, TenderRow.__table__, tenders)
        insert_rows(session, StockMove.__table__, [
            {"id": new_id(), "product_id": ln["product_id"], "quantity": -ln["quantity"],
             "reason": "sale", "sale_id": sale["id"], "sale_line_id": ln["id"],
             "created_at": created}
            for ln in lines
        ])
        update_many(session, "product", _TAKE_STOCK,
                    [(-ln["quantity"], ln["product_id"]) for ln in lines])
        earned, redeemed = points
        entries = [
            {"id": new_id(), "member_id": cart.member_id, "sale_id": sale["id"],
             "return_id": None, "delta": delta, "reason": reason, "created_at": created,
             "status": "pending"}
            for delta, reason in ((-redeemed, "sale_redeem"), (earned, "sale_earn")) if delta
        ]
        insert_rows(session, PointsEntry.__table__, entries)
        outbox.enqueue_wire(session, sale["id"], SALE_COMPLETED, sale_wire(_sale_payload(
            sale, lines, tenders, earned, redeemed, _approved(adjustments, cart))))
        if unit_moves:  # as their own event after the sale, as tills have always sent them
            outbox.enqueue(session, sale["id"], UnitsSoldPayload.model_validate(
                {"sale_id": sale["id"], "store_id": t.store_id, "moves": unit_moves}))
        if held and self.coupons is not None:  # the coupon's redemption, after its sale
            self.coupons.write(session, list(held), sale, staff.id)
        return CompletedSale(
            sale_id=sale["id"], receipt_no=sale["receipt_no"], total=sale["total"],
            paid=sale["paid"], change=sale["change"], created_at=created,
            member_id=cart.member_id, points_earned=earned, points_redeemed=redeemed,
            cash=sum(t.amount for t in settlement.tenders if t.kind == TenderKind.CASH),
        )

    def points_offer(self, cart: Cart, already_paid_with_points: int = 0) -> PointsOffer | None:
        """Available points and this sale's cap for the pay screen; None without a member."""
        if cart.member_id is None:
            return None
        return LoyaltyService(self._engine).offer(
            cart.member_id, self.pricing.price(cart).total, already_paid_with_points
        )

    @staticmethod
    def _points(
        session: Session, cart: Cart, totals: CartTotals, settlement: Settlement,
    ) -> tuple[int, int]:
        """(earned, redeemed) for this sale, checked under the write lock; earned with the
        points rules the pricing applied (`totals.points_permille`: member days).

        The balance is read inside the sale's own transaction (BEGIN IMMEDIATE), so a second
        till spending the same points over the same database sees the first spend.
        """
        if cart.member_id is None:
            return 0, 0
        standing = standing_in(session, cart.member_id)
        paid_by_points = sum(t.amount for t in settlement.tenders if t.kind == TenderKind.POINTS)
        redeemed = 0
        if paid_by_points:
            redeemed = check_redemption(paid_by_points, totals.total, standing.available_offline)
        earned = earn_points(totals.total - paid_by_points, standing.tier or cart.member_tier,
                             totals.points_permille)
        return earned, redeemed


def _approved(adjustments: list[dict[str, object]], cart: Cart) -> list[dict[str, object]]:
    """The wire adjustments with the manager who approved a manual discount (20-L2: HQ
    bounds a discount over the cashier's limit by it); the local rows do not keep it (the
    approval's audit row does)."""
    by_line = {ln.line_id: ln.discount_approved_by for ln in cart.lines}
    out = []
    for row in adjustments:
        who = (by_line.get(str(row["sale_line_id"])) if row["kind"] == "manual_line"
               else cart.order_discount_approved_by if row["kind"] == "manual_order" else None)
        out.append({**row, "approved_by": who} if who else row)
    return out


def _sale_payload(
    sale: dict[str, object], lines: list[dict[str, object]], tenders: list[dict[str, object]],
    points_earned: int = 0, points_redeemed: int = 0,
    adjustments: Sequence[dict[str, object]] = (),
) -> dict[str, object]:
    """The wire form HQ applies: everything needed to rebuild the sale, ids included, for
    the contract to check here (sale_wire: a sale that does not add up is refused before it
    is written).

    member_id / points_earned / points_redeemed are sent only for a member's sale: an older
    HQ refuses fields it does not know.
    """
    fields = ("id", "receipt_no", "terminal_id", "shift_id", "cashier_id", "guide_id",
              "subtotal", "discount_total", "total", "tax_total", "paid", "change",
              "order_discount_reason", "created_at")
    payload: dict[str, object] = {f: sale[f] for f in fields}
    payload["lines"] = [{f: line[f] for f in _LINE_FIELDS} for line in lines]
    by_line: dict[object, list[dict[str, object]]] = {}
    for row in adjustments:  # sent only on lines that have some: an older HQ knows no field
        wire = {k: v for k, v in row.items() if k not in ("sale_line_id", "seq", "sale_id")}
        by_line.setdefault(row["sale_line_id"], []).append(wire)
    for wire_line in payload["lines"]:  # type: ignore[attr-defined]
        if wire_line["id"] in by_line:
            wire_line["adjustments"] = by_line[wire_line["id"]]
    payload["tenders"] = [
        {"kind": t["kind"], "amount": t["amount"], "reference": t["reference"],
         "line_no": t["line_no"]}
        for t in tenders
    ]
    if sale.get("member_id"):
        payload["member_id"] = sale["member_id"]
        payload["points_earned"] = points_earned
        payload["points_redeemed"] = points_redeemed
    return payload
