"""What pricing takes and gives back: the cart as pricing reads it, rules, and the result.

Pricing reads a cart through small Protocols instead of importing `domain.cart`, so the
cart can delegate its totals here without a cycle, and a cart described in JSON (issue 16's
preview tool) prices the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

Scope = Literal["line", "order"]


class PricedProduct(Protocol):
    @property
    def unit_price(self) -> int: ...
    @property
    def member_price(self) -> int | None: ...
    @property
    def tax_rate_bp(self) -> int: ...


class PricedInputLine(Protocol):
    @property
    def line_id(self) -> str: ...
    @property
    def product(self) -> PricedProduct: ...
    @property
    def quantity(self) -> int: ...
    @property
    def line_discount(self) -> int: ...
    @property
    def discount_reason(self) -> str: ...


class PricingInput(Protocol):
    """The cart as pricing sees it: lines, the cashier's order discount, the member."""

    @property
    def lines(self) -> Sequence[PricedInputLine]: ...
    @property
    def order_discount(self) -> int: ...
    @property
    def order_discount_reason(self) -> str: ...
    @property
    def member_id(self) -> str | None: ...
    @property
    def member_tier(self) -> str | None: ...


@dataclass(frozen=True)
class PricingContext:
    """What a price may depend on besides the cart: the store-local day (member days,
    campaign windows) and the store. None means unknown: day-bound rules stay off."""

    day: date | None = None
    store_id: str | None = None


@dataclass(frozen=True)
class RuleRef:
    """The rule behind an adjustment, as the cart, the receipt and the sale rows name it.

    `name` is an English msgid (marked with N_), translated where it is shown."""

    kind: str  # member_price | manual_line | manual_order | member_day | (promotions later)
    rule_id: str  # stable: a built-in rule's own id, a campaign rule's uuid
    name: str


@dataclass(frozen=True)
class Adjustment:
    """Money taken off one line by one rule (always ≥ 0 fen)."""

    rule: RuleRef
    amount: int
    reason: str = ""
    scope: Scope = "line"  # "order": this line's share of an order-level amount


@dataclass(frozen=True)
class PointsAdjustment:
    """A points rule in force for the sale (no money): its multiplier in per-mille."""

    rule: RuleRef
    permille: int
    reason: str = ""


# What a rule's `apply` gives back. A rule states what it wants; the engine clamps it to what
# is left of each line, so no rule can take a line below zero.
@dataclass(frozen=True)
class LinesOff:
    parts: tuple[tuple[int, int, str], ...]  # (line index, fen off, reason)


@dataclass(frozen=True)
class OrderOff:
    amount: int  # fen off the lines' remainder, spread by largest remainder
    reason: str = ""


@dataclass(frozen=True)
class PointsTimes:
    permille: int  # 2000 = ×2
    reason: str = ""


Effect = LinesOff | OrderOff | PointsTimes


class Rule(Protocol):
    """One pricing rule. Rules run in ascending `lane` (then `ref.rule_id`, so the order
    the caller lists them in never matters), each on what the lanes before it left."""

    @property
    def ref(self) -> RuleRef: ...
    @property
    def lane(self) -> int: ...
    def apply(
        self, cart: PricingInput, remaining: tuple[int, ...], context: PricingContext
    ) -> Sequence[Effect]: ...
