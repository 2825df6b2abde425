"""Reading a cart the way campaign rules do: which lines qualify, and their effects."""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.pricing import Effect, LinesOff, PricingInput
from pos_app.domain.promotions.products import CartIndex, ProductSet, index_products

_last: list[tuple[tuple[object, ...], CartIndex]] = []  # the one cart state indexed last


def cart_index(cart: PricingInput) -> CartIndex:
    """The index of the cart's lines as they are now. Kept for the last cart state seen
    (lines compared by identity, so a changed line rebuilds it): every rule of one pricing
    asks for it."""
    lines = tuple(cart.lines)
    last = _last[0] if _last else None
    if last is not None and len(last[0]) == len(lines) and all(
            a is b for a, b in zip(last[0], lines, strict=True)):
        return last[1]
    index = index_products([ln.product for ln in lines])
    _last[:] = [(lines, index)]
    return index


def qualifying(cart: PricingInput, remaining: Sequence[int], products: ProductSet) -> list[int]:
    """Indexes of the lines in `products` that still cost something (a line earlier lanes
    made free neither counts towards a rule nor takes a share of it)."""
    return [i for i in products.lines_in(cart_index(cart)) if remaining[i] > 0]


def spread_parts(cart: PricingInput, indexes: Sequence[int], shares: Sequence[int],
                 reason: str) -> tuple[Effect, ...]:
    """One LinesOff naming every line that gets a share (lines getting 0 are left out)."""
    parts = tuple((i, s, reason) for i, s in zip(indexes, shares, strict=True) if s > 0)
    return (LinesOff(parts),) if parts else ()


def line_ids(cart: PricingInput, indexes: Sequence[int]) -> list[str]:
    return [cart.lines[i].line_id for i in indexes]
