"""The cashier's price changes, line and order discounts, and voiding a scanned unit's line
(`till.discounts`, issue 18), each through the one approval path.

Every call answers with what it did, or a `NeedsApproval` naming the action, the line, the
amounts before and after (fen) and the reason typed; called again with the manager's
`Approval` it does exactly that and nothing else (`Approval.covers`). Nothing is written
here: the cart changes (and is kept on disk, `keeps_cart`); the approval wrote its audit row.

What needs a manager (pos_app.domain.permissions): any price change by a cashier or guide
(CHANGE_PRICE); a line or order discount past the terminal's limits (DISCOUNT_OVER_LIMIT,
`limits`, from the settings: the composition root sets it); removing a line whose unit code
was scanned (VOID_TRACKED_LINE). A manager signed in does them all alone.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.cart import CartLine
from pos_app.domain.discounts import DiscountLimits, price_change_discount
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval, decide, needs
from pos_app.services.parked import keeps_cart
from pos_app.services.till.sale import SaleFeature
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


class DiscountsFeature:
    def __init__(self, services: TillServices, session: TillSession, sale: SaleFeature) -> None:
        self._s = services
        self._session = session
        self._sale = sale
        self.limits: Callable[[], DiscountLimits] = DiscountLimits

    def keep_cart(self) -> None:
        self._sale.keep_cart()

    def _line(self, line_id: str) -> tuple[int, CartLine]:
        for i, line in enumerate(self._sale.cart.lines):
            if line.line_id == line_id:
                return i, line
        raise PosError("line_not_found")

    def _decide(self, action: Action, asked: NeedsApproval,
                approval: Approval | None) -> NeedsApproval | str:
        """The request to show, or the id of who answers for it (the approving manager, or
        the manager signed in): the sale sends it to HQ, which bounds the discount by it."""
        staff, _shift = self._session.selling()
        outcome = decide(staff, action, approval, asked=asked)
        return outcome if isinstance(outcome, NeedsApproval) else outcome.id

    # --- a line's price and discount -----------------------------------------------------
    def line_room(self, line_id: str) -> int:
        """What the line costs after the automatic rules: the most a discount can take."""
        i, _line = self._line(line_id)
        priced = self._sale.totals().lines[i]
        return priced.gross - priced.automatic

    @keeps_cart
    def set_line_discount(self, line_id: str, discount: int, reason: str,
                          approval: Approval | None = None) -> CartLine | NeedsApproval:
        """`discount` fen off the line (replacing its earlier one), a reason required."""
        reason = _reason(reason)
        _i, line = self._line(line_id)
        room = self.line_room(line_id)
        if not 0 <= discount <= room:
            raise PosError("discount_too_large", discount=discount, amount=room)
        asked = needs(Action.DISCOUNT_OVER_LIMIT, line_id, room - line.line_discount,
                      room - discount, reason)
        approver = None
        if not self.limits().allows(discount, room):
            approver = self._decide(Action.DISCOUNT_OVER_LIMIT, asked, approval)
            if isinstance(approver, NeedsApproval):
                return approver
        return self._sale.cart.set_line_discount(line_id, discount, reason, approver)

    @keeps_cart
    def change_price(self, line_id: str, unit_price: int, reason: str,
                     approval: Approval | None = None) -> CartLine | NeedsApproval:
        """The line sold at `unit_price` a unit (lower than now), kept as its discount."""
        reason = _reason(reason)
        _i, line = self._line(line_id)
        room = self.line_room(line_id)
        discount = price_change_discount(room, line.quantity, unit_price)
        before = (room - line.line_discount) // line.quantity
        asked = needs(Action.CHANGE_PRICE, line_id, before, unit_price, reason)
        approver = self._decide(Action.CHANGE_PRICE, asked, approval)
        if isinstance(approver, NeedsApproval):
            return approver
        return self._sale.cart.set_line_discount(line_id, discount, reason, approver)

    # --- the whole sale ------------------------------------------------------------------
    @keeps_cart
    def set_order_discount(self, discount: int, reason: str,
                           approval: Approval | None = None) -> int | NeedsApproval:
        """`discount` fen off the whole sale (replacing an earlier one); the new total."""
        reason = _reason(reason)
        cart = self._sale.cart
        base = self._sale.totals().before_order_discount
        if not 0 <= discount <= base:
            raise PosError("discount_too_large", discount=discount, amount=base)
        asked = needs(Action.DISCOUNT_OVER_LIMIT, "order", base - cart.order_discount,
                      base - discount, reason)
        approver = None
        if not self.limits().allows(discount, base):
            approver = self._decide(Action.DISCOUNT_OVER_LIMIT, asked, approval)
            if isinstance(approver, NeedsApproval):
                return approver
        cart.set_order_discount(discount, reason, approver)
        return self._sale.totals().total

    # --- voiding a line ------------------------------------------------------------------
    @keeps_cart
    def void_line(self, line_id: str, approval: Approval | None = None,
                  reason: str = "") -> CartLine | NeedsApproval:
        """Remove a line; one whose unit code was scanned needs a manager (the unit was
        in the customer's hands: PRODUCT §8), the amounts being the sale's total before
        and after."""
        i, line = self._line(line_id)
        if line.unit_code:
            priced = self._sale.totals()
            total, without = priced.total, priced.total - priced.lines[i].net
            asked = needs(Action.VOID_TRACKED_LINE, line.unit_code, total, without,
                          reason.strip())
            waiting = self._decide(Action.VOID_TRACKED_LINE, asked, approval)
            if isinstance(waiting, NeedsApproval):
                return waiting
        return self._sale.remove_line(line_id)


def _reason(reason: str) -> str:
    """Every price change and discount says why (the receipt, the Z and HQ show it)."""
    text = " ".join(reason.split())
    if not text:
        raise PosError("discount_reason_required")
    return text[:80]
