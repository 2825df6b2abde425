"""Money is an int count of fen (分); these helpers are the only place it meets text."""

from __future__ import annotations

import re
from collections.abc import Sequence

Fen = int

_AMOUNT = re.compile(r"^\s*([+-]?)(\d{1,9})(?:[.](\d{0,2}))?\s*$")


def yuan_text(fen: Fen) -> str:
    """12345 -> '123.45'; negative amounts keep their sign."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def format_money(fen: Fen, symbol: str = "¥") -> str:
    """Amount for screens (half-width ¥); receipts pass the full-width ￥."""
    text = yuan_text(fen)
    if text.startswith("-"):
        return f"-{symbol}{text[1:]}"
    return f"{symbol}{text}"


def parse_yuan(text: str) -> Fen | None:
    """'12', '12.3', '12.30' -> fen; None when the text is not an amount (never a float)."""
    cleaned = text.replace("¥", "").replace("￥", "").replace(",", "").strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        return None
    sign, whole, frac = match.groups()
    fen = int(whole) * 100 + int((frac or "").ljust(2, "0") or 0)
    return -fen if sign == "-" else fen


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero (tax and percentage rules)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` over `weights` proportionally so the parts sum to `total` exactly.

    Largest remainder: floor shares first, then the leftover fen go one each to the largest
    remainders (ties to the earlier index), so no fen is lost or invented by rounding.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if not weights:
        if total:
            raise ValueError("cannot allocate an amount over no weights")
        return []
    if weight_sum == 0:
        weights = [1] * len(weights)
        weight_sum = len(weights)
    shares = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    leftover = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        shares[i] += 1
    return shares


def tax_included(net: Fen, rate_bp: int) -> Fen:
    """Tax inside a tax-inclusive amount: round_half_up(net × rate / (1 + rate)).

    The rate is in basis points (1300 = 13 %) so it stays an integer.
    """
    return div_round_half_up(net * rate_bp, 10_000 + rate_bp)
