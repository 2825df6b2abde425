"""The cart being rung up: lines, quantities, the cashier's discounts and the member.

The cart holds what was asked for (products as scanned, discounts as typed); what it costs
is the pricing seam's answer (`domain.pricing.price_cart`), so attaching a member reprices
it at member prices and detaching restores the list prices, with nothing to undo here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pos_app.domain.coupons.rule import AppliedCoupon
from pos_app.domain.pricing import CART_RULES, PricedCart, PricedLine, PricingContext, Rule
from pos_app.domain.pricing import price_cart as _price_cart
from pos_app.errors import PosError

MAX_QUANTITY = 9999


@dataclass(frozen=True)
class ProductSnapshot:
    """What the cart keeps of a product at the moment it was scanned."""

    product_id: str
    sku: str
    name: str
    unit_price: int
    tax_rate_bp: int = 1300
    barcode: str = ""
    unit_tracked: bool = False
    member_price: int | None = None  # charged on a member's sale (pricing.MemberPrice)
    # what campaign product sets select by besides the SKU (domain.promotions.products)
    category: str = ""
    tags: tuple[str, ...] = ()
    # the English name an English screen shows (ui.widgets.product_name); receipts and the
    # sale row keep `name` (the Chinese name) and follow the store's receipt language
    name_en: str = ""


@dataclass(frozen=True)
class CartLine:
    line_id: str
    product: ProductSnapshot
    quantity: int
    line_discount: int = 0
    discount_reason: str = ""
    unit_code: str | None = None
    guide_id: str | None = None
    unit_override_by: str | None = None  # manager who approved a unit unknown to this store
    discount_approved_by: str | None = None  # manager who approved the line discount (HQ bounds)

    @property
    def gross(self) -> int:
        return self.product.unit_price * self.quantity


#: A priced cart, as `Cart.totals()` gives it (the pricing seam's result over cart lines).
CartTotals = PricedCart  # PricedCart[CartLine]
__all__ = ["MAX_QUANTITY", "Cart", "CartLine", "CartTotals", "PricedLine", "ProductSnapshot",
           "check_quantity"]


def check_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise PosError("invalid_quantity", quantity=quantity)
    if quantity < 1 or quantity > MAX_QUANTITY:
        raise PosError("invalid_quantity", quantity=quantity)
    return quantity


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    order_discount: int = 0
    order_discount_reason: str = ""
    order_discount_approved_by: str | None = None  # manager who approved it (HQ bounds)
    guide_id: str | None = None
    member_id: str | None = None  # the member attached to this sale (earns / redeems points)
    member_tier: str | None = None  # regular | silver | gold | diamond, as known locally
    coupons: list[AppliedCoupon] = field(default_factory=list)  # discount coupons (issue 17)

    def apply_coupon(self, coupon: AppliedCoupon) -> None:
        """One coupon once per cart; a second coupon of the same id is refused."""
        if any(c.coupon_id == coupon.coupon_id for c in self.coupons):
            raise PosError("coupon_in_cart")
        self.coupons.append(coupon)

    def remove_coupon(self, coupon_id: str) -> AppliedCoupon:
        for i, c in enumerate(self.coupons):
            if c.coupon_id == coupon_id:
                return self.coupons.pop(i)
        raise PosError("coupon_not_in_cart")

    def attach_member(self, member_id: str, tier: str | None = "regular") -> None:
        self.member_id = member_id
        self.member_tier = tier or "regular"

    def detach_member(self) -> None:
        self.member_id = None
        self.member_tier = None

    def add(
        self,
        product: ProductSnapshot,
        quantity: int = 1,
        unit_code: str | None = None,
        unit_override_by: str | None = None,
    ) -> CartLine:
        """Add a product; a repeat scan of an untracked product bumps its existing line.

        A unit code is one physical item: always quantity 1, never twice in one cart.
        """
        check_quantity(quantity)
        if unit_code and any(line.unit_code == unit_code for line in self.lines):
            raise PosError("unit_in_cart", code=unit_code)
        if product.unit_tracked or unit_code:
            quantity = 1
        else:
            for i, line in enumerate(self.lines):
                if line.product == product and line.unit_code is None and not line.line_discount:
                    updated = replace(line, quantity=check_quantity(line.quantity + quantity))
                    self.lines[i] = updated
                    return updated
        line = CartLine(
            line_id=str(uuid.uuid4()),
            product=product,
            quantity=quantity,
            unit_code=unit_code,
            guide_id=self.guide_id,
            unit_override_by=unit_override_by,
        )
        self.lines.append(line)
        return line

    def _index(self, line_id: str) -> int:
        for i, line in enumerate(self.lines):
            if line.line_id == line_id:
                return i
        raise PosError("line_not_found")

    def set_quantity(self, line_id: str, quantity: int) -> CartLine:
        i = self._index(line_id)
        check_quantity(quantity)
        line = self.lines[i]
        if (line.product.unit_tracked or line.unit_code) and quantity != 1:
            raise PosError("invalid_quantity", quantity=quantity)
        changed = replace(line, quantity=quantity)
        priced = self._priced_with(changed, i)
        room = _room_for_line_discount(priced.lines[i])
        if line.line_discount > room:
            raise PosError("discount_too_large", discount=line.line_discount, amount=room)
        self._check_order_discount_fits(priced)
        self.lines[i] = changed
        return self.lines[i]

    def void_line(self, line_id: str) -> CartLine:
        line = self.lines.pop(self._index(line_id))
        if self.order_discount > self.totals_before_order_discount():
            self.order_discount = 0
            self.order_discount_reason = ""
            self.order_discount_approved_by = None
        return line

    def set_line_discount(self, line_id: str, discount: int, reason: str = "",
                          approved_by: str | None = None) -> CartLine:
        """At most what is left of the line after the automatic rules (its member price);
        `approved_by`: the manager who approved it over the cashier's limit (sent to HQ)."""
        i = self._index(line_id)
        line = self.lines[i]
        if discount < 0:
            raise PosError("discount_invalid")
        room = _room_for_line_discount(self.totals().lines[i])
        if discount > room:
            raise PosError("discount_too_large", discount=discount, amount=room)
        changed = replace(line, line_discount=discount, discount_reason=reason,
                          discount_approved_by=approved_by if discount else None)
        self._check_order_discount_fits(self._priced_with(changed, i))
        self.lines[i] = changed
        return self.lines[i]

    def _priced_with(self, changed: CartLine, index: int) -> CartTotals:
        """The cart priced as it would be with line `index` replaced by `changed`."""
        lines = [changed if j == index else ln for j, ln in enumerate(self.lines)]
        return _price_cart(replace(self, lines=lines), CART_RULES)

    def _check_order_discount_fits(self, priced: CartTotals) -> None:
        """A line change may not leave the order discount larger than what is left to pay."""
        base = priced.before_order_discount
        if self.order_discount > base:
            raise PosError("discount_too_large", discount=self.order_discount, amount=base)

    def set_order_discount(self, discount: int, reason: str = "",
                           approved_by: str | None = None) -> None:
        if discount < 0:
            raise PosError("discount_invalid")
        base = self.totals_before_order_discount()
        if discount > base:
            raise PosError("discount_too_large", discount=discount, amount=base)
        self.order_discount = discount
        self.order_discount_reason = reason
        self.order_discount_approved_by = approved_by if discount else None

    def set_line_guide(self, line_id: str, guide_id: str | None) -> CartLine:
        i = self._index(line_id)
        self.lines[i] = replace(self.lines[i], guide_id=guide_id)
        return self.lines[i]

    def set_sale_guide(self, guide_id: str | None) -> None:
        """The sale's guide: new lines default to it and every current line takes it too."""
        self.guide_id = guide_id
        self.lines = [replace(line, guide_id=guide_id) for line in self.lines]

    def clear(self) -> None:
        self.lines.clear()
        self.order_discount = 0
        self.order_discount_reason = ""
        self.order_discount_approved_by = None
        self.coupons.clear()

    def totals_before_order_discount(self) -> int:
        """What is left to pay once every rule but the order discount has run."""
        return self.totals().before_order_discount

    def totals(
        self, rules: Sequence[Rule] = (), context: PricingContext | None = None
    ) -> CartTotals:
        """The cart priced by its own rules (member price, the cashier's discounts) plus
        `rules` (the points rules in force), through the one pricing seam."""
        return _price_cart(self, (*CART_RULES, *rules), context)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def _room_for_line_discount(priced: PricedLine) -> int:
    return priced.gross - priced.automatic
