"""A terminal's identity continues across a lost file or a new PC (issue 14).

`high_water` is what HQ already holds for a terminal: the highest receipt and return
sequence numbers and the highest outbox sequence. Registration answers it and a paired till
may ask again (GET /v1/devices/high-water, e.g. after restoring a backup), so a till paired
again as the same terminal continues after them instead of starting at 000001.

`book_sale` is the other half: a sale whose id is new but whose receipt number is already
booked for the terminal (two tills paired as one, a restore that raced) is never dropped. It
is booked under the number with a `~N` suffix and flagged (`receipt_clash: …`, listed in
`shopfloor-hq admin list-exceptions`), so HQ's books hold every sale a customer paid for.
A sale HQ already booked for this terminal (same id, number and total), re-sent from a
backup by a device paired again (whose event ids HQ does not know), is a duplicate; the
same id with other figures stays a conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select

from hq import models as m
from hq.models_units import SaleReturn
from sync.contract.registration import HighWater

RECEIPT_CLASH = "receipt_clash"
SALE, EV, DEV = m.Sale.__table__, m.Event.__table__, m.Device.__table__
RET = SaleReturn.__table__


def _seq_of(number: str | None) -> int:
    """000123 from S01-T01-000123 (or R000123 for returns); 0 when it is not ours."""
    tail = (number or "").rsplit("-", 1)[-1].lstrip("R")
    return int(tail) if tail.isdigit() else 0


def _highest(conn: Connection, column: Any, terminal_column: Any, terminal_id: str) -> int:
    """Numbers are fixed-width per terminal: the longest, then the greatest, is the highest
    (renamed clashes carry a '~' and never raise the mark)."""
    row = conn.execute(
        select(column).where(terminal_column == terminal_id, ~column.contains("~"))
        .order_by(func.length(column).desc(), column.desc()).limit(1)
    ).first()
    return _seq_of(row[0]) if row else 0


def high_water(conn: Connection, terminal_id: str) -> HighWater:
    outbox = conn.execute(
        select(func.max(EV.c.seq)).select_from(EV.join(DEV, DEV.c.id == EV.c.device_id))
        .where(DEV.c.terminal_id == terminal_id)
    ).scalar()
    return HighWater(
        receipt_seq=_highest(conn, SALE.c.receipt_no, SALE.c.terminal_id, terminal_id),
        return_seq=_highest(conn, RET.c.return_no, RET.c.terminal_id, terminal_id),
        outbox_seq=int(outbox or 0),
    )


def book_sale(conn: Connection, sale: dict[str, Any]) -> str | None:
    """Before inserting `sale` (a row dict, changed in place on a clash): None to book it
    as it is, 'duplicate' when HQ has this very sale already, or the clash reason to flag."""
    same_id = conn.execute(select(SALE.c.terminal_id, SALE.c.receipt_no, SALE.c.total)
                           .where(SALE.c.id == sale["id"])).first()
    if same_id is not None:  # the very sale, or (another payload) a conflict on the id
        same = (same_id[0], same_id[1].split("~")[0], same_id[2]) == (
            sale["terminal_id"], sale["receipt_no"], sale.get("total"))
        return "duplicate" if same else None
    number = sale["receipt_no"]
    taken = conn.execute(select(SALE.c.id).where(
        SALE.c.terminal_id == sale["terminal_id"], SALE.c.receipt_no == number)).first()
    if taken is None:
        return None
    used = set(conn.execute(select(SALE.c.receipt_no).where(
        SALE.c.terminal_id == sale["terminal_id"],
        SALE.c.receipt_no.like(number + "~%"))).scalars())
    n = 2
    while f"{number}~{n}" in used:
        n += 1
    sale["receipt_no"] = f"{number}~{n}"
    return (f"{RECEIPT_CLASH}: receipt {number} was already booked for this terminal (sale "
            f"{taken[0]}); this sale {sale['id']} is booked as {sale['receipt_no']}")


def book_clashes(apply: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap the sale apply function: a duplicate is answered as one, a clashing receipt
    number is booked renamed and flagged (the reason first, so the exception's kind is
    `receipt_clash`), anything the sale itself flags follows after ' | '."""

    def apply_booked(conn: Connection, device: Any, ev: Any, p: Any) -> Any:
        row = {"id": p.id, "terminal_id": device.terminal_id, "receipt_no": p.receipt_no,
               "total": p.total}
        verdict = book_sale(conn, row)
        if verdict == "duplicate":
            return ("duplicate", "sale already booked at HQ")
        if verdict is None:
            return apply(conn, device, ev, p)
        flagged = apply(conn, device, ev, p.model_copy(update={"receipt_no": row["receipt_no"]}))
        if isinstance(flagged, list) and flagged:
            from hq import units

            flagged = units.anomaly_reason(flagged)
        if isinstance(flagged, tuple):
            flagged = flagged[1]
        return " | ".join([verdict, *([flagged] if flagged else [])])

    return apply_booked
