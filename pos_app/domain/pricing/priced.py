"""A priced cart: each line's gross, the adjustments that made its net, and the totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pos_app.domain.pricing.model import Adjustment, PointsAdjustment, PricedInputLine

L = TypeVar("L", bound=PricedInputLine)

MANUAL_KINDS = frozenset({"manual_line", "manual_order"})
MEMBER_PRICE = "member_price"


@dataclass(frozen=True)
class PricedLine(Generic[L]):
    line: L
    gross: int  # list price × quantity
    adjustments: tuple[Adjustment, ...]
    net: int  # gross minus every adjustment: what the customer pays for this line
    tax: int  # inside net (prices are tax-inclusive)

    @property
    def line_discount(self) -> int:
        """Line-level money off (member price and the cashier's line discount), the sale
        row's `line_discount` column: net = gross − line_discount − order_discount."""
        return sum(a.amount for a in self.adjustments if a.scope == "line")

    @property
    def order_discount(self) -> int:
        """This line's share of order-level amounts (the cashier's order discount)."""
        return sum(a.amount for a in self.adjustments if a.scope == "order")

    @property
    def member_saving(self) -> int:
        return sum(a.amount for a in self.adjustments if a.rule.kind == MEMBER_PRICE)

    @property
    def automatic(self) -> int:
        """Money off by rules rather than by the cashier (they all run before manual ones):
        what a manual line discount may not eat into."""
        return sum(a.amount for a in self.adjustments if a.rule.kind not in MANUAL_KINDS)

    @property
    def manual_discount(self) -> int:
        return sum(a.amount for a in self.adjustments if a.rule.kind in MANUAL_KINDS)

    @property
    def charged_unit_price(self) -> int:
        """The unit price after automatic rules (the member price on a member's sale); the
        gross when the quantity does not divide it evenly is still exact in `net`."""
        return (self.gross - self.automatic) // self.line.quantity


@dataclass(frozen=True)
class PricedCart(Generic[L]):
    lines: tuple[PricedLine[L], ...]
    subtotal: int  # sum of gross (list prices)
    discount_total: int  # every money adjustment
    total: int  # what the customer pays
    tax_total: int
    item_count: int
    points: tuple[PointsAdjustment, ...] = ()
    points_permille: int = 1000  # all points rules combined (1000 = ×1)

    @property
    def member_saving(self) -> int:
        return sum(p.member_saving for p in self.lines)

    @property
    def before_order_discount(self) -> int:
        """What is left to pay before the order-level amounts: an order discount's ceiling."""
        return self.total + sum(p.order_discount for p in self.lines)
