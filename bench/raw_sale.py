"""The baseline for "sale commit ≤ 1.3× raw" (issue 15; PRODUCT §12: 2×): the same rows,
hand-written sqlite3.

It does what a minimal hand-written commit must do for the same sale — price the cart, settle
the tenders, make the UUIDv7 ids, serialise the outbox payload, then BEGIN IMMEDIATE …
COMMIT with the app's pragmas — and nothing else. What the service spends beyond this is
overhead of our layers (ORM, session, flushes), which is what the ratio is meant to expose.
"""

from __future__ import annotations

import json
import sqlite3

from local_db.ids import new_id, utcnow
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, settle
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo

SALE_SQL = (
    "INSERT INTO sale (id, receipt_no, terminal_id, shift_id, cashier_id, guide_id, created_at,"
    " status, subtotal, discount_total, total, tax_total, paid, change, line_count,"
    " order_discount_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
LINE_COLUMNS = (
    "id", "sale_id", "line_no", "product_id", "sku", "name", "barcode", "quantity",
    "unit_price", "line_discount", "order_discount", "net", "tax_rate_bp", "tax",
    "discount_reason", "unit_code", "guide_id",
)
LINE_SQL = f"INSERT INTO sale_line ({', '.join(LINE_COLUMNS)}) VALUES ({','.join('?' * 17)})"
TENDER_SQL = (
    "INSERT INTO tender (id, sale_id, line_no, kind, amount, reference) VALUES (?,?,?,?,?,?)"
)
MOVE_SQL = (
    "INSERT INTO stock_move (id, product_id, quantity, reason, sale_id, sale_line_id, created_at)"
    " VALUES (?,?,?,?,?,?,?)"
)
STOCK_SQL = "UPDATE product SET stock_qty = stock_qty + ? WHERE id = ?"
SEQ_SQL = (
    "INSERT INTO sequence (name, value) VALUES (?, 1)"
    " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value"
)
EVENT_SQL = (
    "INSERT INTO outbox_event (id, seq, type, entity_id, payload, created_at, attempts,"
    " last_error, sent_at, status) VALUES (?,?,?,?,?,?,0,'',NULL,'pending')"
)


def raw_complete_sale(
    conn: sqlite3.Connection,
    terminal: TerminalInfo,
    cart: Cart,
    tenders: list[Tender],
    staff: StaffInfo,
    shift: ShiftInfo,
    seq_name: str = "receipt:raw",
    prefix: str = "RAW",
) -> str:
    """Write sale + lines + tenders + moves + stock + sequence + outbox in one transaction."""
    totals = cart.totals()
    settlement = settle(totals.total, tenders)
    created = utcnow()
    stamp = created.replace(tzinfo=None).isoformat(sep=" ")
    sale_id = new_id()
    conn.execute("BEGIN IMMEDIATE")
    try:
        seq = conn.execute(SEQ_SQL, (seq_name,)).fetchone()[0]
        receipt_no = f"{terminal.store_code}-{prefix}-{seq:06d}"
        conn.execute(SALE_SQL, (
            sale_id, receipt_no, terminal.terminal_id, shift.id, staff.id, cart.guide_id, stamp,
            "completed", totals.subtotal, totals.discount_total, totals.total, totals.tax_total,
            settlement.paid, settlement.change, len(totals.lines), cart.order_discount_reason,
        ))
        lines = []
        for no, priced in enumerate(totals.lines, start=1):
            p, line = priced.line.product, priced.line
            lines.append((
                new_id(), sale_id, no, p.product_id, p.sku, p.name, p.barcode, line.quantity,
                p.unit_price, priced.line_discount, priced.order_discount, priced.net,
                p.tax_rate_bp, priced.tax, line.discount_reason, line.unit_code, line.guide_id,
            ))
        conn.executemany(LINE_SQL, lines)
        tender_rows = [
            (new_id(), sale_id, no, str(t.kind), t.amount, t.reference.strip())
            for no, t in enumerate(settlement.tenders, start=1)
        ]
        conn.executemany(TENDER_SQL, tender_rows)
        conn.executemany(MOVE_SQL, [
            (new_id(), row[3], -row[7], "sale", sale_id, row[0], stamp) for row in lines
        ])
        conn.executemany(STOCK_SQL, [(-row[7], row[3]) for row in lines])
        payload = {
            "id": sale_id, "receipt_no": receipt_no, "terminal_id": terminal.terminal_id,
            "shift_id": shift.id, "cashier_id": staff.id, "guide_id": cart.guide_id,
            "subtotal": totals.subtotal, "discount_total": totals.discount_total,
            "total": totals.total, "tax_total": totals.tax_total, "paid": settlement.paid,
            "change": settlement.change, "order_discount_reason": cart.order_discount_reason,
            "created_at": created.isoformat(),
            "lines": [
                {k: v for k, v in zip(LINE_COLUMNS, row, strict=True) if k != "sale_id"}
                for row in lines
            ],
            "tenders": [
                {"kind": r[3], "amount": r[4], "reference": r[5], "line_no": r[2]}
                for r in tender_rows
            ],
        }
        last = conn.execute("SELECT max(seq) FROM outbox_event").fetchone()[0]
        conn.execute(EVENT_SQL, (
            new_id(), (last or 0) + 1, "sale.completed", sale_id,
            json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str), stamp,
        ))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return receipt_no
