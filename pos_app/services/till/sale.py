"""The sale being rung up (`till.sale`): scan, add, quantity, void, guides, totals, payment.

The screens read the cart through this feature (`is_empty`, `line_quantity`, `line_guide`,
`guide_id`), never through the cart itself, so what a cart holds can change without a
screen noticing. Every method that may change the cart is `@keeps_cart`: the open cart is
saved after it (`till.held`).
"""

from __future__ import annotations

from pos_app.domain.cart import Cart, CartLine, CartTotals, ProductSnapshot
from pos_app.domain.permissions import Action
from pos_app.domain.tenders import Tender
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.catalog import ProductHit
from pos_app.services.checkout import CompletedSale
from pos_app.services.context import ShiftInfo, StaffInfo
from pos_app.services.coupons.sale_coupon import short_of_minimum, taken_by
from pos_app.services.loyalty import PointsOffer
from pos_app.services.members import MemberInfo
from pos_app.services.parked import HoldAndVoid, keeps_cart
from pos_app.services.pricing.shown import ShownSale
from pos_app.services.till.outcomes import (
    AddedLine,
    AppliesCoupon,
    Refused,
    ScanOutcome,
    line_of,
)
from pos_app.services.till.sale_member import SaleMember
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


class SaleFeature(SaleMember):
    def __init__(self, services: TillServices, session: TillSession) -> None:
        self._s = services
        self._session = session
        self.cart = Cart()
        self.last_sale: CompletedSale | None = None
        self._member: MemberInfo | None = None  # as looked up when attached
        # hold (挂单), void sale, and the open cart saved after each change (keeps_cart)
        self.held = HoldAndVoid(self, services.parked, services.units, services.members)

    def keep_cart(self) -> None:
        self.held.keep()

    def save_owed(self) -> bool:
        """Retry an open-cart save that missed the write lock; True when nothing is owed."""
        if self.held.unsaved:
            self.held.keep()
        return not self.held.unsaved

    def staff_required(self) -> StaffInfo:
        return self._session.staff_required()

    def selling(self) -> tuple[StaffInfo, ShiftInfo]:
        return self._session.selling()

    # --- what the screens read -----------------------------------------------------------
    @property
    def staff(self) -> StaffInfo | None:
        return self._session.staff

    @property
    def shift(self) -> ShiftInfo | None:
        return self._session.shift

    @property
    def is_empty(self) -> bool:
        return self.cart.is_empty

    @property
    def has_member(self) -> bool:
        return self.cart.member_id is not None

    @property
    def guide_id(self) -> str | None:
        """The sale's guide: new lines take it."""
        return self.cart.guide_id

    def line_quantity(self, line_id: str) -> int | None:
        return next((ln.quantity for ln in self.cart.lines if ln.line_id == line_id), None)

    def line_guide(self, line_id: str | None) -> str | None:
        """The line's guide, else the sale's (what the guide picker starts from)."""
        return next((ln.guide_id for ln in self.cart.lines if ln.line_id == line_id),
                    self.cart.guide_id)

    def guide_ids(self) -> set[str]:
        return {ln.guide_id for ln in self.cart.lines if ln.guide_id}

    def staff_list(self) -> list[StaffInfo]:
        return self._s.auth.staff_list()

    def totals(self) -> CartTotals:
        """The cart priced with the rules in force (pos_app.services.pricing)."""
        return self._s.pricing.price(self.cart)

    def shown(self) -> ShownSale:
        """The totals with each campaign's saving and the "add 1 more" hints (the screen)."""
        return self._s.pricing.shown(self.cart)

    def search(self, text: str) -> list[ProductHit]:
        return self._s.catalog.search(text)

    # --- ringing up ----------------------------------------------------------------------
    @keeps_cart
    def scan(self, code: str, quantity: int = 1) -> ScanOutcome:
        """Any scanned code, answered as what happened (outcomes.py); never raises a
        PosError. A unit waiting in a parked sale is refused (it belongs to that sale)."""
        return self._scanned(code, quantity, None)

    @keeps_cart
    def approve(self, outcome: NeedsApproval, approval: Approval) -> ScanOutcome:
        """The scan that asked for `approval` (Till.approve), done again with it."""
        code, quantity = outcome.retry
        return self._scanned(str(code), int(quantity), approval)  # type: ignore[call-overload]

    def ring(self, code: str, quantity: int = 1) -> CartLine:
        """`scan` for headless callers: the added line, else the refusal raised."""
        return line_of(self.scan(code, quantity))

    def _scanned(self, code: str, quantity: int, approval: Approval | None) -> ScanOutcome:
        try:
            staff, _shift = self._session.selling()
        except PosError as exc:
            return Refused(exc)
        outcome = self._s.scanner.scan(self.cart, code, quantity, staff, approval)
        if isinstance(outcome, AppliesCoupon):
            return self._apply_coupon(outcome.code)
        if isinstance(outcome, AddedLine):
            refusal = self.held.unit_parked(outcome.line)
            if refusal is not None:
                self.cart.void_line(outcome.line.line_id)
                return Refused(refusal)
        return outcome

    def _apply_coupon(self, code: str) -> ScanOutcome:
        """A discount coupon verified and applied (issue 17); a coupon naming a member
        attaches that member when none is, and is refused for another member."""
        coupons = self._s.checkout.coupons
        try:
            if coupons is None:
                raise PosError("coupon_not_here")
            held_for = next((c.hold_sale_id for c in self.cart.coupons if c.hold_sale_id), None)
            coupon = coupons.read(code, self.cart.member_id, held_for)
        except PosError as exc:
            return Refused(exc)
        try:
            if coupon.member_id and self.cart.member_id is None:
                found = self._s.members.by_ids([coupon.member_id])
                if not found:
                    raise PosError("coupon_needs_member")
                self.attach_member(found[0])
            self.cart.apply_coupon(coupon)
        except PosError as exc:
            if coupon.hold_key:  # a short code HQ holds for this sale: given back
                coupons.release_key(coupon.hold_key)
            return Refused(exc)
        return AppliesCoupon(code, coupon.coupon_id)

    def release_coupon_holds(self) -> None:
        """A sale voided before payment: HQ's hold on each of its coupons is given back.
        Today HQ is asked only at payment (checkout), so there is usually none; a coupon
        that carries a hold key (a future pre-payment hold) is released here."""
        coupons = self._s.checkout.coupons
        for c in self.cart.coupons:
            if c.hold_key and coupons is not None:
                coupons.release_key(c.hold_key)

    def coupon_saving(self, coupon_id: str) -> int:
        """Fen the coupon takes off the sale as it stands (0 below its minimum spend)."""
        return taken_by(self.totals(), coupon_id)

    def coupon_minimum(self, coupon_id: str) -> tuple[int, int]:
        """(minimum spend, fen still short of it) of an applied coupon; (0, 0) when it has
        no minimum or is not on the sale, so the screen can say what it waits for."""
        for coupon in self.cart.coupons:
            if coupon.coupon_id == coupon_id:
                return coupon.min_spend, short_of_minimum(self.totals(), coupon)
        return 0, 0

    def coupon_ids(self) -> list[str]:
        """The coupons applied to this sale, in the order they were scanned."""
        return [c.coupon_id for c in self.cart.coupons]

    @keeps_cart
    def remove_coupon(self, coupon_id: str) -> None:
        """Take a coupon off the sale before payment (HQ's hold, if one was taken, given
        back; nothing is written here)."""
        removed = self.cart.remove_coupon(coupon_id)
        coupons = self._s.checkout.coupons
        if removed.hold_key and coupons is not None:
            coupons.release_key(removed.hold_key)

    @keeps_cart
    def add(self, product: ProductSnapshot, quantity: int = 1) -> CartLine:
        self._session.selling()
        return self.cart.add(product, quantity)

    @keeps_cart
    def set_quantity(self, line_id: str, quantity: int) -> CartLine:
        return self.cart.set_quantity(line_id, quantity)

    @keeps_cart
    def void_line(self, line_id: str) -> CartLine:
        """A line removed; one whose unit code was scanned is a manager's (ask through
        `till.discounts.void_line`, which answers NeedsApproval)."""
        line = next((ln for ln in self.cart.lines if ln.line_id == line_id), None)
        if line is not None and line.unit_code and not self._session.may(
                Action.VOID_TRACKED_LINE):
            raise PosError("void_tracked_line_needs_manager", code=line.unit_code)
        return self.remove_line(line_id)

    def remove_line(self, line_id: str) -> CartLine:
        """The line out of the cart, and a `line_voided` audit row (the Z counts them) in
        its own small write, apart from the sale's transaction."""
        index = [ln.line_id for ln in self.cart.lines].index(line_id) \
            if any(ln.line_id == line_id for ln in self.cart.lines) else None
        net = self.totals().lines[index].net if index is not None else 0
        removed = self.cart.void_line(line_id)
        staff = self._session.staff
        detail: dict[str, object] = {"sku": removed.product.sku, "qty": removed.quantity,
                                     "amount": net}
        if removed.unit_code:
            detail["unit_code"] = removed.unit_code
        self._s.approvals.record("line_voided", staff.id if staff else None, line_id,
                                 **detail)
        return removed

    # --- guides --------------------------------------------------------------------------
    def guides(self) -> list[StaffInfo]:
        """Who a line can be attributed to (the table's GUIDE_A_SALE: guides, managers)."""
        return [s for s in self._s.auth.staff_list()
                if self._s.approvals.may(s, Action.GUIDE_A_SALE)]

    @keeps_cart
    def set_line_guide(self, line_id: str, guide_id: str | None) -> CartLine:
        return self.cart.set_line_guide(line_id, guide_id)

    @keeps_cart
    def set_sale_guide(self, guide_id: str | None) -> None:
        self.cart.set_sale_guide(guide_id)

    # --- paying --------------------------------------------------------------------------
    def points_offer(self, already_paid_with_points: int = 0) -> PointsOffer | None:
        """The attached member's available points and this sale's cap (None: no member)."""
        return self._s.checkout.points_offer(self.cart, already_paid_with_points)

    def complete(self, tenders: list[Tender]) -> CompletedSale:
        """Commit the sale; the cart is emptied only once the sale is safely on disk."""
        self._session.acting()  # not behind a locked screen
        done = self._s.checkout.complete_sale(
            self.cart, tenders, self._session.staff, self._session.shift,
            also=self.held.clear_in)
        self.last_sale = done
        self.cart = Cart(guide_id=self.cart.guide_id)
        return done

    def member_day_permille(self) -> int:
        """Today's points multiplier for the attached member (×1 without a member or on an
        ordinary day): the member-day rule's, as the pricing seam applies it."""
        return self.totals().points_permille
