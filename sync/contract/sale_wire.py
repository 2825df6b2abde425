"""The till's own sale as outbox JSON, checked against the `sale.completed` contract without
building the model when the sale plainly fits it.

Why (issue 15: a sale commit ≤ 1.3× raw sqlite3): `SalePayload.model_validate` then `wire()`
cost ~75 µs inside a sale's transaction, a quarter of what our layers spend beyond raw
sqlite3 — pydantic's schema walk, seven model instances and ~40 Python validator calls, run
with the CPU's caches cold after the scans. An honest till's sale is a dict of plain values
the checkout has just computed, so a direct check of those values (types, bounds, NUL, the
contract's own arithmetic: `line_sums_problem`, `sale_sums_problem`, `duplicates_problem`,
`check_points_tender`) says "valid" far cheaper.

The fast check only ever says yes: anything it is not sure of (a key it does not know, a
type it does not take, a sum that is off, unit moves) goes to the model, which accepts it or
raises with the contract's own reason, exactly as before. So the contract's promise stands — a
sale HQ would refuse fails on the till, inside its transaction — and a property test holds the
check to it (tests/sync/test_sale_wire.py: whatever the fast check accepts, the model accepts
with the same JSON).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sync.contract.events_sale import (
    SalePayload,
    check_points_tender,
    duplicates_problem,
    line_sums_problem,
    sale_sums_problem,
)
from sync.contract.fields import MAX_FEN

_SALE_KEYS = frozenset({
    "id", "receipt_no", "terminal_id", "shift_id", "cashier_id", "guide_id", "created_at",
    "subtotal", "discount_total", "total", "tax_total", "paid", "change",
    "order_discount_reason", "lines", "tenders", "member_id", "points_earned",
    "points_redeemed"})
_SALE_NEEDED = _SALE_KEYS - {"guide_id", "order_discount_reason", "member_id", "points_earned",
                             "points_redeemed"}
_LINE_KEYS = frozenset({
    "id", "line_no", "product_id", "sku", "name", "barcode", "quantity", "unit_price",
    "line_discount", "order_discount", "net", "tax_rate_bp", "tax", "discount_reason",
    "unit_code", "guide_id", "adjustments"})
_LINE_NEEDED = frozenset({"id", "line_no", "product_id", "sku", "name", "quantity",
                          "unit_price", "net", "tax_rate_bp", "tax"})
_ADJUSTMENT_KEYS = frozenset({"kind", "rule_id", "name", "reason", "amount", "scope",
                              "approved_by"})
_ADJUSTMENT_NEEDED = frozenset({"kind", "rule_id", "name", "amount", "scope"})
_TENDER_KEYS = frozenset({"kind", "amount", "reference", "line_no"})
_TENDER_NEEDED = frozenset({"kind", "amount", "line_no"})
_TENDER_KINDS = frozenset({"cash", "card", "wechat", "alipay", "points"})
_FEN_FIELDS = ("subtotal", "discount_total", "total", "tax_total", "paid", "change")


def sale_wire(payload: dict[str, Any]) -> str:
    """The JSON the outbox queues for `payload` (the `sale.completed` fields, as
    `SalePayload.wire()` writes them); raises pydantic's ValidationError, with the
    contract's reason, for a sale the contract refuses."""
    if _fits(payload):
        return json.dumps({**payload, "created_at": payload["created_at"].isoformat()},
                          ensure_ascii=False, separators=(",", ":"))
    return SalePayload.model_validate(payload).wire()


def _text(value: object, most: int = 200, least: int = 0) -> bool:
    return type(value) is str and least <= len(value) <= most and "\x00" not in value


def _id(value: object) -> bool:
    return _text(value, 64, 1)


def _int(value: object, least: int, most: int) -> bool:
    return type(value) is int and least <= value <= most


def _keys(row: object, allowed: frozenset[str], needed: frozenset[str]) -> bool:
    return type(row) is dict and needed <= row.keys() <= allowed


def _fits(p: dict[str, Any]) -> bool:
    """True only when `p` certainly passes `SalePayload`; False means "ask the model"."""
    if not _keys(p, _SALE_KEYS, _SALE_NEEDED):
        return False
    created = p["created_at"]
    lines, tenders = p["lines"], p["tenders"]
    if not (all(_id(p[k]) for k in ("id", "terminal_id", "shift_id", "cashier_id"))
            and _text(p["receipt_no"], 40, 1)
            and type(created) is datetime and created.utcoffset() is not None
            and all(_int(p[k], 0, MAX_FEN) for k in _FEN_FIELDS)
            and (p.get("guide_id") is None or _id(p["guide_id"]))
            and (p.get("member_id") is None or _id(p["member_id"]))
            and (p.get("order_discount_reason") is None or _text(p["order_discount_reason"]))
            and _int(p.get("points_earned", 0), 0, MAX_FEN)
            and _int(p.get("points_redeemed", 0), 0, MAX_FEN)
            and type(lines) is list and 1 <= len(lines) <= 1000
            and type(tenders) is list and len(tenders) <= 20
            and all(_line_fits(ln) for ln in lines)
            and all(_tender_fits(t) for t in tenders)):
        return False
    if sale_sums_problem(
            tuple(p[k] for k in ("subtotal", "total", "discount_total", "tax_total", "paid",
                                 "change")),  # type: ignore[arg-type]
            [(ln["unit_price"] * ln["quantity"], ln["net"], ln["tax"]) for ln in lines],
            [t["amount"] for t in tenders]):
        return False
    if duplicates_problem([ln["line_no"] for ln in lines], [ln["id"] for ln in lines],
                          [t["line_no"] for t in tenders]):
        return False
    if (p.get("points_earned") or p.get("points_redeemed")) and not p.get("member_id"):
        return False
    try:
        check_points_tender(p["total"], p.get("points_redeemed", 0),
                            sum(t["amount"] for t in tenders if t["kind"] == "points"))
    except ValueError:
        return False
    return True


def _line_fits(ln: Any) -> bool:
    if not _keys(ln, _LINE_KEYS, _LINE_NEEDED):
        return False
    adjustments = ln.get("adjustments", [])
    if not (_id(ln["id"]) and _id(ln["product_id"])
            and _int(ln["line_no"], 1, 10_000) and _int(ln["quantity"], 1, 100_000)
            and _int(ln["tax_rate_bp"], 0, 10_000)
            and all(_int(ln.get(k, 0), 0, MAX_FEN) for k in (
                "unit_price", "line_discount", "order_discount", "net", "tax"))
            and _text(ln["sku"]) and _text(ln["name"])
            and all(ln.get(k) is None or _text(ln[k]) for k in (
                "barcode", "discount_reason", "unit_code"))
            and (ln.get("guide_id") is None or _id(ln["guide_id"]))
            and type(adjustments) is list and len(adjustments) <= 50
            and all(_adjustment_fits(a) for a in adjustments)):
        return False
    return line_sums_problem(
        ln["line_no"], ln["unit_price"] * ln["quantity"], ln.get("line_discount", 0),
        ln.get("order_discount", 0), ln["net"], ln["tax"],
        [(a["scope"], a["amount"]) for a in adjustments]) is None


def _adjustment_fits(a: Any) -> bool:
    return (_keys(a, _ADJUSTMENT_KEYS, _ADJUSTMENT_NEEDED)
            and _text(a["kind"], 32, 1) and _id(a["rule_id"]) and _text(a["name"])
            and _text(a.get("reason", "")) and _int(a["amount"], 1, MAX_FEN)
            and type(a["scope"]) is str and a["scope"] in ("line", "order")
            and (a.get("approved_by") is None or _id(a["approved_by"])))


def _tender_fits(t: Any) -> bool:
    return (_keys(t, _TENDER_KEYS, _TENDER_NEEDED)
            and type(t["kind"]) is str and t["kind"] in _TENDER_KINDS
            and _int(t["amount"], 1, MAX_FEN) and _text(t.get("reference", ""))
            and _int(t["line_no"], 1, 100))
