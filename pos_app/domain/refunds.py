"""What a sale's tenders can still take back (PRODUCT §3), the same rule on the till (the
return's refund plan) and at HQ (which bounds every refund a till reports).

Cash change given is never refunded: it came out of the last cash tendered. A tender line
can take back what it paid minus what earlier returns already sent back to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class TenderPaid:
    line_no: int
    kind: str
    amount: int  # fen
    reference: str = ""


def tender_room(tenders: Iterable[TenderPaid], change: int,
                refunded_by_line: Mapping[int, int]) -> list[TenderPaid]:
    """Each tender line (in line order) with the amount it can still refund."""
    ordered = sorted(tenders, key=lambda t: t.line_no)
    room = []
    for t in reversed(ordered):  # change came out of the last cash tendered
        basis = t.amount
        if t.kind == "cash" and change:
            taken = min(change, basis)
            basis, change = basis - taken, change - taken
        room.append(TenderPaid(t.line_no, t.kind, max(0, basis - refunded_by_line.get(
            t.line_no, 0)), t.reference))
    return list(reversed(room))


def line_refund(net: int, quantity: int, returned_before: int, returning: int) -> int:
    """Cumulative floor: every partial return of a line sums to exactly its `net`."""
    if quantity <= 0:
        return 0
    done = max(0, returned_before)
    return net * (done + returning) // quantity - net * done // quantity
