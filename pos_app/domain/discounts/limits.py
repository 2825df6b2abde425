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
