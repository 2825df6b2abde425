"""Completing a sale writes everything at once, or nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from tests.db_reads import row_counts


def _counts(path) -> dict[str, int]:
    return row_counts(path, ("sale", "sale_line", "tender", "stock_move", "outbox_event"))


def test_a_cash_sale_writes_sale_lines_tenders_moves_and_event_together(world):
    cart = Cart()
    world.scanner.ring(cart, "6901234567892")
    world.scanner.ring(cart, "6901234567892")
    world.scanner.ring(cart, "6920202888883\r")
    assert [line.quantity for line in cart.lines] == [2, 1]
    done = world.checkout.complete_sale(
        cart, [Tender(TenderKind.CASH, 2000)], world.cashier, world.shift
    )
    assert done.total == 350 * 2 + 550
    assert done.change == 2000 - 1250
    assert done.receipt_no == "S01-T01-000001"
    conn = sqlite3.connect(world.path)
    sale = conn.execute("SELECT total, paid, change, line_count FROM sale").fetchone()
    assert sale == (1250, 2000, 750, 2)
    assert conn.execute("SELECT sum(quantity) FROM stock_move").fetchone()[0] == -3
    stock = dict(conn.execute("SELECT sku, stock_qty FROM product").fetchall())
    assert stock["SKU-COLA"] == 98 and stock["SKU-TEA"] == 99
    kind, payload = conn.execute(
        "SELECT type, payload FROM outbox_event WHERE type='sale.completed'"
    ).fetchone()
    assert kind == "sale.completed"
    assert json.loads(payload)["receipt_no"] == "S01-T01-000001"
    conn.close()


def test_receipt_numbers_are_gap_free_per_terminal(world):
    numbers = []
    for _ in range(3):
        cart = Cart()
        world.scanner.ring(cart, "6901234567892")
        numbers.append(
            world.checkout.complete_sale(
                cart, [Tender(TenderKind.CARD, 350)], world.cashier, world.shift
            ).receipt_no
        )
    assert numbers == ["S01-T01-000001", "S01-T01-000002", "S01-T01-000003"]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("6901234567890", "bad_check_digit"),
        ("4006381333931", "unknown_barcode"),  # valid EAN-13, not in catalog
        ("12 34", "malformed_scan"),
        ("", "malformed_scan"),
        ("条码", "malformed_scan"),
    ],
)
def test_bad_scans_are_named_and_add_nothing(world, code, error):
    cart = Cart()
    with pytest.raises(PosError) as info:
        world.scanner.ring(cart, code)
    assert info.value.code == error
    assert info.value.message()
    assert cart.is_empty


@pytest.mark.parametrize("quantity", [0, -1, 10_000])
def test_zero_or_negative_quantities_are_refused(world, quantity):
    cart = Cart()
    with pytest.raises(PosError) as info:
        world.scanner.ring(cart, "6901234567892", quantity=quantity)
    assert info.value.code == "invalid_quantity"
    line = world.scanner.ring(cart, "6901234567892")
    with pytest.raises(PosError):
        cart.set_quantity(line.line_id, quantity)
    assert cart.lines[0].quantity == 1


def test_tender_below_total_writes_nothing(world):
    cart = Cart()
    world.scanner.ring(cart, "6937654321097")
    before = _counts(world.path)
    with pytest.raises(PosError) as info:
        world.checkout.complete_sale(
            cart, [Tender(TenderKind.CASH, 100)], world.cashier, world.shift
        )
    assert info.value.code == "tender_below_total"
    assert "¥1.00" in info.value.message() and "¥129.00" in info.value.message()
    assert _counts(world.path) == before


def test_a_failure_inside_the_transaction_leaves_nothing(world, monkeypatch):
    from pos_app.services import checkout as checkout_module

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk pulled")

    monkeypatch.setattr(checkout_module.outbox, "enqueue_wire", explode)
    cart = Cart()
    world.scanner.ring(cart, "6901234567892")
    before = _counts(world.path)
    with pytest.raises(RuntimeError):
        world.checkout.complete_sale(
            cart, [Tender(TenderKind.CASH, 500)], world.cashier, world.shift
        )
    assert _counts(world.path) == before
    conn = sqlite3.connect(world.path)
    assert conn.execute("SELECT count(*) FROM sequence").fetchone()[0] == 0
    conn.close()


def test_split_tender_with_mobile_reference(world):
    cart = Cart()
    world.scanner.ring(cart, "6937654321097")
    with pytest.raises(PosError) as info:
        world.checkout.complete_sale(
            cart, [Tender(TenderKind.WECHAT, 10000)], world.cashier, world.shift
        )
    assert info.value.code == "reference_required"
    done = world.checkout.complete_sale(
        cart,
        [Tender(TenderKind.WECHAT, 10000, "4200001234"), Tender(TenderKind.CASH, 5000)],
        world.cashier,
        world.shift,
    )
    assert done.change == 2100


def test_signing_out_with_a_sale_in_progress_is_refused_and_guides_do_not_linger(world):
    from pos_app.services.till import Till, TillServices

    till = Till(TillServices.build(world.engine, world.terminal, None))
    till.sign_in("2001", "2222")  # the guide rings up a line
    till.sale.ring("6901234567892")
    with pytest.raises(PosError) as info:
        till.sign_out()
    assert info.value.code == "cart_not_empty"
    till.sale.void_line(till.cart.lines[0].line_id)
    till.sign_out()
    till.sign_in("1001", "1111")  # the cashier's own sale credits no guide
    till.sale.ring("6920202888883")
    done = till.sale.complete([Tender(TenderKind.CASH, 550)])
    conn = sqlite3.connect(world.path)
    assert conn.execute("SELECT guide_id FROM sale WHERE id=?", (done.sale_id,)).fetchone() == (
        None,
    )
    assert conn.execute("SELECT guide_id FROM sale_line").fetchall() == [(None,)]
    conn.close()


def test_a_zero_total_sale_completes_without_tenders(world):
    cart = Cart()
    line = world.scanner.ring(cart, "6901234567892")
    cart.set_line_discount(line.line_id, 350, "gift")
    done = world.checkout.complete_sale(cart, [], world.cashier, world.shift)
    assert (done.total, done.change) == (0, 0)
