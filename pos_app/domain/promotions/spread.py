"""Exact arithmetic the rules share: spreading an amount over lines and splitting a line
into units, both with tie-breaks that do not depend on the cart's line order.

The engine's `money.allocate` gives leftover fen to the earlier cart line on a tie, so an
order-level amount would land differently when the lines are permuted. Campaign rules
therefore spread amounts themselves and hand the engine per-line parts (LinesOff): leftover
fen go to the largest remainders, ties to the smaller line id.
"""

from __future__ import annotations

from collections.abc import Sequence


def spread(amount: int, weights: Sequence[int], keys: Sequence[str]) -> list[int]:
    """Split `amount` (≤ sum of weights) over `weights` by largest remainder; ties go to the
    smaller key (a line id). No part exceeds its weight, and the parts sum to `amount`."""
    total = sum(weights)
    if amount <= 0 or total <= 0:
        return [0] * len(weights)
    amount = min(amount, total)
    shares = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    leftover = amount - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], keys[i], i))
    for i in order[:leftover]:
        shares[i] += 1
    return shares


def unit_values(remaining: int, quantity: int) -> list[int]:
    """What each unit of a line is still worth: the line's remainder split evenly, the odd
    fen on its first units, so the units always add up to the line."""
    if quantity <= 0:
        return []
    base, extra = divmod(remaining, quantity)
    return [base + 1] * extra + [base] * (quantity - extra)


def percent_of(amount: int, percent: int) -> int:
    """`percent` % of `amount`, halves rounded up; 100 % is exactly the amount."""
    numerator = amount * percent
    return (numerator + 50) // 100
