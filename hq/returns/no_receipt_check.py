"""HQ's bounds on a return without receipt (issue 18; review 4a/4b), checked as it arrives.

Each line is bounded by HQ's own catalogue, never by the till's `unit_price`, with the
domain's rule (pos_app.domain.returns.no_receipt.check_line). The price that bounds it is the
one the till could have held WHEN THE RETURN WAS MADE, not today's: a price cut published while
the till was offline must not turn a proper refund (the cash has left the drawer) into a
refused event, or HQ's Z view of the shift would differ from the till's. So:

- within today's price × quantity: applied (flagged for review, as every such return is);
- else within the highest price HQ published for the product in the date window before the
  return (hq.policy.date_window's past; the price in force at the window's start included:
  a till offline since then may still show it), read from the change log's `products` and
  `prices` rows: applied, flagged `above_hq_price` naming that price;
- else, when HQ holds no catalogue row of the product at or before the return's time (its
  history pruned, say) it cannot know: applied, flagged `above_hq_price … history unknown`;
- else refused (`conflict`, nothing applied): above every price the till could have shown.

A line with a unit code must name that unit's product (HQ's unit register): a ¥5 unit is
never refunded as a ¥5,000 line (`unit_product_mismatch`, refused). The approver is an active
manager of the store (hq.store_staff).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from hq import models as m
from hq import policy
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.store_staff import is_manager
from hq.value import ABOVE_PRICE, RETURN_NO_RECEIPT
from pos_app.domain.returns.no_receipt import NoReceiptBoundError, check_line
from sync.contract.events_returns import NoReceiptLinePayload, NoReceiptReturnPayload

PRODUCT, CHANGES, UNIT = m.Product.__table__, m.ChangeLog.__table__, m.Unit.__table__
PRICE_STREAMS = ("products", "prices")  # the change-log streams that carry a product's price


def check_no_receipt(conn: Connection, device: DeviceInfo, p: NoReceiptReturnPayload
                     ) -> list[str]:
    """Raise ConflictError when the return breaks a bound; else the flags to raise (the
    review flag first, so the event reads `return_without_receipt: …`)."""
    ids = {ln.product_id for ln in p.lines}
    today = dict(conn.execute(select(PRODUCT.c.id, PRODUCT.c.price)  # type: ignore[arg-type]
                              .where(PRODUCT.c.id.in_(ids))).all())
    _check_units(conn, p)
    history = _history(conn, ids)
    above: list[str] = []
    for ln in p.lines:
        if ln.product_id not in today:
            raise ConflictError(f"return {p.return_no}: product {ln.product_id} is unknown "
                                "at HQ")
        flag = _bound(p, ln, int(today[ln.product_id]), history.get(ln.product_id, []))
        if flag:
            above.append(flag)
    if not is_manager(conn, p.approved_by, device.store_id):
        raise ConflictError(f"approval_invalid: return {p.return_no}: approved_by "
                            f"{p.approved_by} is not an active manager of this store")
    refunds = ", ".join(f"{r.kind} {r.amount}" + (f" ({r.reference})" if r.reference else "")
                        for r in p.refunds) or "nothing"
    return [f"{RETURN_NO_RECEIPT}: return {p.return_no} at store {device.store_id}, reason "
            f"{p.reason_code}, refund {refunds}, approved by {p.approved_by}: for review",
            *above]


def _bound(p: NoReceiptReturnPayload, ln: NoReceiptLinePayload, today: int,
           history: list[tuple[datetime, int]]) -> str:
    """'' (within today's price), an `above_hq_price` flag, or ConflictError."""
    try:
        check_line(today, ln.quantity, ln.amount)
        return ""
    except NoReceiptBoundError as exc:
        refused = exc
    at = p.created_at.astimezone(UTC)
    start = at - policy.date_window()[0]
    before = [price for when, price in history if when <= at]
    what = (f"{ABOVE_PRICE}: return {p.return_no} product {ln.product_id}: refund of "
            f"{ln.amount} fen for {ln.quantity} × {ln.unit_price} fen")
    if not before:
        return f"{what}, HQ's price today {today} fen, its price history unknown: for review"
    in_force_at_start = [price for when, price in history if when <= start][-1:]
    window = in_force_at_start + [price for when, price in history if start < when <= at]
    highest = max(window)
    try:
        check_line(highest, ln.quantity, ln.amount)
    except NoReceiptBoundError as exc:
        raise ConflictError(f"return {p.return_no} without receipt: {refused}; and above "
                            f"every price HQ published since {start:%Y-%m-%d}: {exc}"
                            ) from exc
    return f"{what}, within HQ's {highest} fen of that time (today {today} fen)"


def _history(conn: Connection, ids: set[str]) -> dict[str, list[tuple[datetime, int]]]:
    """Each product's published prices, oldest first, from the change log."""
    out: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for key, data, at in conn.execute(
            select(CHANGES.c.key, CHANGES.c.data, CHANGES.c.created_at)
            .where(CHANGES.c.stream.in_(PRICE_STREAMS), CHANGES.c.op == "upsert",
                   CHANGES.c.key.in_(ids)).order_by(CHANGES.c.cursor)):
        price = json.loads(data or "{}").get("price")
        if isinstance(price, int):
            out[key].append((at if at.tzinfo else at.replace(tzinfo=UTC), price))
    return out


def _check_units(conn: Connection, p: NoReceiptReturnPayload) -> None:
    """A unit line names its unit's own product (a unit HQ never saw is left to
    hq.units.return_units, which reports it)."""
    coded = {ln.unit_code: ln for ln in p.lines if ln.unit_code}
    if not coded:
        return
    for key, product_id in conn.execute(select(UNIT.c.unit_key, UNIT.c.product_id)
                                        .where(UNIT.c.unit_key.in_(list(coded)))):
        if product_id != coded[key].product_id:
            raise ConflictError(f"unit_product_mismatch: return {p.return_no}: unit {key} is "
                                f"a unit of product {product_id}, not of the line's "
                                f"{coded[key].product_id}")
