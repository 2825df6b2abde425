"""Reading a cart the way campaign rules do: which lines qualify, and their effects."""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.pricing import Effect, LinesOff, PricingInput
from pos_app.domain.promotions.products import ProductSet


def qualifying(cart: PricingInput, remaining: Sequence[int], products: ProductSet) -> list[int]:
    """Indexes of the lines in `products` that still cost something (a line earlier lanes
    made free neither counts towards a rule nor takes a share of it)."""
    return [i for i, line in enumerate(cart.lines)
            if remaining[i] > 0 and products.matches(line.product)]


def spread_parts(cart: PricingInput, indexes: Sequence[int], shares: Sequence[int],
                 reason: str) -> tuple[Effect, ...]:
    """One LinesOff naming every line that gets a share (lines getting 0 are left out)."""
    parts = tuple((i, s, reason) for i, s in zip(indexes, shares, strict=True) if s > 0)
    return (LinesOff(parts),) if parts else ()


def line_ids(cart: PricingInput, indexes: Sequence[int]) -> list[str]:
    return [cart.lines[i].line_id for i in indexes]
