"""Quick-cash amounts for the pay screen: what a customer is likely to hand over.

A cashier taking ¥100 for a ¥87.50 sale should press one key, not type "100". The offers are
the exact amount and the amount rounded up to the next ¥10, ¥50 and ¥100 note, each shown
only when it adds something: never twice, never below what is due. Integer fen only.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (step in fen, what the offer is) in the order the buttons appear.
STEPS: tuple[tuple[int, str], ...] = ((0, "exact"), (1000, "10"), (5000, "50"), (10000, "100"))


@dataclass(frozen=True)
class QuickCash:
    kind: str  # "exact" | "10" | "50" | "100"
    amount: int  # fen


def round_up(due: int, step: int) -> int:
    """`due` rounded up to a multiple of `step` fen (12.30 → 20.00 for ¥10)."""
    return -(-due // step) * step


def quick_cash(due: int) -> list[QuickCash]:
    """Offers for `due` fen still to pay; none when nothing is due.

    The exact amount always comes first; a rounded amount equal to the exact one or to an
    earlier offer is left out (¥60 due: exact ¥60 and ¥100, offered once, by the ¥50 step).
    """
    if isinstance(due, bool) or not isinstance(due, int):
        raise TypeError("due must be an int count of fen")
    if due <= 0:
        return []
    offers: list[QuickCash] = []
    seen: set[int] = set()
    for step, kind in STEPS:
        amount = due if step == 0 else round_up(due, step)
        if amount in seen or amount < due:
            continue
        seen.add(amount)
        offers.append(QuickCash(kind, amount))
    return offers
