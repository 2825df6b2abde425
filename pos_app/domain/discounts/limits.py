"""A cashier's discount limit and the price change kept as a line discount.

Why a limit of both kinds: a percentage alone lets ¥300 off a ¥3,000 phone pass, a fen cap
alone lets ¥5 off a ¥6 item; past either, a manager approves (Action.DISCOUNT_OVER_LIMIT).

Why a price change is a line discount: the sale keeps the list price it was sold from and
the manual line lane (pricing lane 900, kind `manual_line`) holds the difference, so the
receipt, the Z, HQ's re-pricing and returns read it like any cashier's discount — no new
column and no new rule kind HQ would have to learn. Only lowering is possible at the till;
a price raised would be a catalogue change, made at HQ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pos_app.domain.money import format_money
from pos_app.errors import PosError

BP = 10_000  # basis points in a whole


@dataclass(frozen=True)
class DiscountLimits:
    """What a cashier or guide may take off alone: at most `max_bp` of the amount the
    discount applies to AND at most `max_fen`. Managers have no limit."""

    max_bp: int = 1000  # 10 %
    max_fen: int = 5000  # ¥50

    def allows(self, discount: int, base: int) -> bool:
        """Whether `discount` fen off `base` fen stays within both limits."""
        return discount <= self.max_fen and discount * BP <= base * self.max_bp

    def validate(self) -> None:
        if not (0 <= self.max_bp <= BP) or self.max_fen < 0:
            raise PosError("discount_limits_invalid")


MANUAL_LINE, MANUAL_ORDER = "manual_line", "manual_order"  # pricing's manual rule kinds


@dataclass(frozen=True)
class SoldAdjustment:
    """One adjustment of a sold line as the sale records it (the till's rows, HQ's payload)."""

    kind: str
    amount: int
    scope: str  # line | order
    approved_by: str | None = None


@dataclass(frozen=True)
class OverLimit:
    """A manual discount of a sold sale past the cashier's limits: `line_no` (0: the order
    discount), what it took off, from what, and the manager the till says approved it."""

    line_no: int
    amount: int
    base: int
    approved_by: str | None


def over_limit(limits: DiscountLimits,
               lines: Sequence[tuple[int, int, Iterable[SoldAdjustment]]]) -> list[OverLimit]:
    """The manual discounts of a sale (lines as (line_no, gross, adjustments)) that needed a
    manager. The bases are the till's own (`till.discounts`): a line discount is judged on
    what the line came to after every automatic rule (`PricedLine.automatic`), the order
    discount on what was left to pay before order-level amounts (`before_order_discount`).
    HQ asks this of every sale, so what the till asked a manager for and what HQ bounds
    can never disagree."""
    out: list[OverLimit] = []
    order_off, order_base, order_by = 0, 0, None
    for line_no, gross, adjustments in lines:
        adjs = list(adjustments)
        manual = [a for a in adjs if a.kind == MANUAL_LINE]
        automatic = sum(a.amount for a in adjs if a.kind not in (MANUAL_LINE, MANUAL_ORDER))
        off = sum(a.amount for a in manual)
        if off and not limits.allows(off, gross - automatic):
            out.append(OverLimit(line_no, off, gross - automatic,
                                 next((a.approved_by for a in manual if a.approved_by), None)))
        line_net = gross - sum(a.amount for a in adjs)
        order_base += line_net + sum(a.amount for a in adjs if a.scope == "order")
        for a in adjs:
            if a.kind == MANUAL_ORDER:
                order_off += a.amount
                order_by = order_by or a.approved_by
    if order_off and not limits.allows(order_off, order_base):
        out.append(OverLimit(0, order_off, order_base, order_by))
    return out


def price_change_discount(payable: int, quantity: int, new_unit_price: int) -> int:
    """The line discount that makes a line of `quantity` whose automatic rules left
    `payable` fen cost `new_unit_price` a unit; a price above what it costs now, or
    negative, is refused."""
    if new_unit_price < 0:
        raise PosError("price_change_invalid")
    discount = payable - new_unit_price * quantity
    if discount < 0:
        raise PosError("price_change_up", price=format_money(new_unit_price))
    return discount
