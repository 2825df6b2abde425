"""A return without receipt (a manager's): its reason codes and the refund's bound.

Why a fixed list: the Z and HQ's review count returns by reason, and a typed reason cannot
be counted. Why a bound: with no sale to refund against, the only fact left is the
catalogue, so a line refunds at most its catalogue price × quantity at the return's time
(a manager may type it lower, never higher). HQ checks the same bound with this function.
"""

from __future__ import annotations

from pos_app.i18n import N_, gettext

# code -> label (translated when shown); the order is the order the dialog lists them in
REASONS: dict[str, str] = {
    "defective": N_("Faulty or damaged"),
    "wrong_size": N_("Wrong size or colour"),
    "changed_mind": N_("Customer changed their mind"),
    "gift": N_("Unwanted gift"),
    "lost_receipt": N_("Receipt lost"),
    "other": N_("Other"),
}


def reason_label(code: str) -> str:
    """The reason's label in the current language (the code itself if unknown)."""
    label = REASONS.get(code)
    return gettext(label) if label else code


class NoReceiptBoundError(ValueError):
    """A return without receipt that breaks its bound (HQ turns it into a conflict)."""


def no_receipt_cap(unit_price: int, quantity: int) -> int:
    """The most a line of `quantity` units may refund: the catalogue price × quantity."""
    if quantity < 1:
        raise NoReceiptBoundError(f"quantity {quantity} is below 1")
    return max(0, unit_price) * quantity


def check_line(unit_price: int, quantity: int, amount: int) -> None:
    """Raise NoReceiptBoundError when `amount` is negative or above the catalogue's cap."""
    cap = no_receipt_cap(unit_price, quantity)
    if amount < 0 or amount > cap:
        raise NoReceiptBoundError(
            f"refund of {amount} fen for {quantity} × {unit_price} fen is above the "
            f"catalogue's {cap} fen")
