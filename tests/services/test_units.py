"""One-product-one-code: receiving unit codes, selling them once, refusing them with reasons."""

from __future__ import annotations

import json
import threading

import pytest

from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.till import NeedsApproval, line_of
from tests.services.unit_world import (
    BAG_GTIN,
    COLA,
    bags_in_stock,
    key,
    pay_cash,
    rows,
    till_for,
    unit,
)


@pytest.fixture
def store(world):
    return world, bags_in_stock(world, unit("SN001"), unit("SN002"), "SFU:SKU-BAG:B-9")


def test_receiving_reports_each_bad_code_and_keeps_the_good_ones(store):
    world, units = store
    report = units.receive(
        [
            unit("SN003"),
            unit("SN001"),  # already in the registry
            unit("SN003"),  # twice in this batch
            "(01)06937654321098(21)X",  # bad GTIN check digit
            "(01)04006381333931(21)X",  # valid GTIN, no such product
            COLA,  # a product barcode, not a unit code
        ],
        world.manager,
    )
    assert report.received == [key("SN003")]
    codes = [(p.code, p.error.code) for p in report.problems]
    assert codes == [
        (unit("SN001"), "unit_duplicate"),
        (unit("SN003"), "unit_duplicate"),
        ("(01)06937654321098(21)X", "code_unreadable"),
        ("(01)04006381333931(21)X", "unit_product_unknown"),
        (COLA, "not_a_unit_code"),
    ]
    assert all(p.message for p in report.problems)
    assert units.lookup(key("SN003")).state == "in_stock"
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type='units.received'"
                      " ORDER BY seq DESC LIMIT 1")[0]
    assert [u["unit_key"] for u in json.loads(payload)["units"]] == [key("SN003")]


def test_units_import_from_csv_in_every_column_form(store, tmp_path):
    world, units = store
    path = tmp_path / "units.csv"
    path.write_text(
        "code,gtin,sku,serial\n"
        f"{unit('C1')},,,\n"
        f",{BAG_GTIN[1:]},,C2\n"
        ",,SKU-BAG,C3\n"
        ",,,\n",
        encoding="utf-8",
    )
    report = units.import_units_csv(path, world.manager)
    assert report.received == [key("C1"), key("C2"), "sku:SKU-BAG:C3"]
    assert len(report.problems) == 1


def test_a_unit_code_sells_its_product_with_the_unit_and_marks_it_sold(store):
    world, units = store
    till = till_for(world)
    line = till.sale.ring(unit("SN001"))
    assert (line.product.sku, line.quantity, line.unit_code) == ("SKU-BAG", 1, key("SN001"))
    till.sale.ring("https://id.gs1.example/01/06937654321097/21/SN002")  # Digital Link
    till.sale.ring("SFU:SKU-BAG:B-9")
    done = pay_cash(till)
    info = units.lookup(key("SN001"))
    assert (info.state, info.receipt_no, info.sale_id) == ("sold", done.receipt_no, done.sale_id)
    assert rows(world, "SELECT count(*) FROM unit_event WHERE to_state='sold'") == [(3,)]
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type='sale.completed'")[0]
    sale = json.loads(payload)
    assert {ln["unit_code"] for ln in sale["lines"]} == {key("SN001"), key("SN002"),
                                                          "sku:SKU-BAG:B-9"}
    (moves,) = rows(world, "SELECT payload FROM outbox_event WHERE type='units.sold'")[0]
    assert {m["unit_key"] for m in json.loads(moves)["moves"]} == {
        key("SN001"), key("SN002"), "sku:SKU-BAG:B-9"
    }


def test_selling_a_sold_unit_names_the_receipt_date_and_guide(store):
    world, _units = store
    first = till_for(world, world.guide)  # 王芳 guides the first sale
    first.sale.ring(unit("SN001"))
    done = pay_cash(first)
    second = till_for(world)
    with pytest.raises(PosError) as info:
        second.sale.ring(unit("SN001"))
    assert info.value.code == "unit_already_sold"
    message = info.value.message()
    assert done.receipt_no in message and "王芳" in message
    assert done.created_at.astimezone().strftime("%Y-%m-%d") in message
    assert second.cart.is_empty


def test_the_plain_barcode_of_a_tracked_product_asks_for_the_unit_code(store):
    world, _units = store
    till = till_for(world)
    with pytest.raises(PosError) as info:
        till.sale.ring("6937654321097")
    assert info.value.code == "unit_code_required"
    assert "unit code" in info.value.message()
    till.sale.ring(COLA)  # untracked products still sell by barcode
    assert len(till.cart.lines) == 1


def test_the_same_unit_twice_in_one_cart_is_refused(store):
    world, _units = store
    till = till_for(world)
    till.sale.ring(unit("SN001"))
    with pytest.raises(PosError) as info:
        till.sale.ring("010693765432109721SN001")  # same unit, raw element string
    assert info.value.code == "unit_in_cart"
    with pytest.raises(PosError):
        till.sale.ring(unit("SN002"), quantity=2)
    assert len(till.cart.lines) == 1


def test_two_tills_racing_for_one_unit_make_exactly_one_sale(store):
    world, _units = store
    tills = [till_for(world), till_for(world)]
    for till in tills:
        till.sale.ring(unit("SN002"))  # both carts hold it: the scan-time check passes twice
    results: list[object] = []
    barrier = threading.Barrier(2)

    def sell(till) -> None:
        barrier.wait()
        try:
            results.append(pay_cash(till))
        except PosError as exc:
            results.append(exc)

    threads = [threading.Thread(target=sell, args=(t,)) for t in tills]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    errors = [r for r in results if isinstance(r, PosError)]
    assert len(results) == 2 and len(errors) == 1
    assert errors[0].code == "unit_already_sold_by_cashier"  # the cashier's sale, no guide
    assert rows(world, "SELECT count(*) FROM sale") == [(1,)]
    assert rows(world, "SELECT count(*) FROM sale_line WHERE unit_code=?", key("SN002")) == [(1,)]
    assert rows(world, "SELECT count(*) FROM outbox_event WHERE type='sale.completed'") == [(1,)]
    loser = tills[0] if not tills[0].cart.is_empty else tills[1]
    assert len(loser.cart.lines) == 1  # the loser keeps its cart to fix and retry


def test_an_unknown_unit_needs_a_manager_and_the_override_is_audited(store):
    world, units = store
    till = till_for(world)
    with pytest.raises(PosError) as info:
        till.sale.ring(unit("NEW-1"))
    assert info.value.code == "unit_unknown"
    asked = till.sale.scan(unit("NEW-1"))
    assert isinstance(asked, NeedsApproval) and asked.action == Action.SELL_UNKNOWN_UNIT
    with pytest.raises(PosError) as info:
        till.approve(asked, "2001", "2222")  # a guide
    assert info.value.code == "not_a_manager"
    line = line_of(till.sale.approve(asked, till.approve(asked, "9001", "9999")))
    assert line.unit_override_by == world.manager.id
    pay_cash(till)
    assert units.lookup(key("NEW-1")).state == "sold"
    assert rows(world, "SELECT staff_id, entity_id FROM audit_log WHERE action='unit_override'") \
        == [(world.manager.id, key("NEW-1"))]


def test_gifted_and_written_off_units_are_refused(store):
    world, _units = store
    conn_rows = rows(world, "SELECT id FROM unit WHERE unit_key=?", key("SN001"))
    assert conn_rows
    import sqlite3

    conn = sqlite3.connect(world.path)
    conn.execute("UPDATE unit SET state='gifted' WHERE unit_key=?", (key("SN001"),))
    conn.execute("UPDATE unit SET state='written_off' WHERE unit_key=?", (key("SN002"),))
    conn.commit()
    conn.close()
    till = till_for(world)
    for serial, code in (("SN001", "unit_gifted"), ("SN002", "unit_written_off")):
        with pytest.raises(PosError) as info:
            till.sale.ring(unit(serial))
        assert info.value.code == code


def test_guides_per_line_default_change_and_reach_db_and_receipt(store):
    world, _units = store
    till = till_for(world, world.guide)
    bag = till.sale.ring(unit("SN001"))
    cola = till.sale.ring(COLA)
    assert bag.guide_id == cola.guide_id == world.guide.id  # the signed-in guide
    assert {g.id for g in till.sale.guides()} == {world.guide.id, world.manager.id}
    till.sale.set_line_guide(cola.line_id, world.manager.id)
    done = pay_cash(till)
    assert rows(world, "SELECT sku, guide_id FROM sale_line ORDER BY line_no") == [
        ("SKU-BAG", world.guide.id), ("SKU-COLA", world.manager.id)
    ]
    assert rows(world, "SELECT guide_id FROM unit WHERE unit_key=?", key("SN001")) == [
        (world.guide.id,)
    ]
    receipt = till.receipts.receipt(done.sale_id)
    assert [ln.guide_name for ln in receipt.lines] == ["王芳", "张伟"]
    from devices.printer.escpos_render import render_receipt

    data = render_receipt(receipt, 48)
    assert "王芳".encode("gb18030") in data and "张伟".encode("gb18030") in data


def test_the_sale_guide_applies_to_every_line(store):
    world, _units = store
    till = till_for(world)  # a cashier: no guide by default
    till.sale.ring(COLA)
    assert till.cart.lines[0].guide_id is None
    till.sale.set_sale_guide(world.guide.id)
    till.sale.ring(unit("SN001"))
    assert [ln.guide_id for ln in till.cart.lines] == [world.guide.id] * 2


def test_selling_a_unit_sold_without_a_guide_names_the_cashier(store):
    """Tester 24: the first sale had no guide and the refusal read "… by guide -."."""
    world, _units = store
    first = till_for(world)  # the cashier rings it, no guide on the sale
    first.sale.ring(unit("SN001"))
    done = pay_cash(first)
    with pytest.raises(PosError) as info:
        till_for(world, world.guide).sale.ring(unit("SN001"))
    assert info.value.code == "unit_already_sold_by_cashier"
    message = info.value.message()
    assert done.receipt_no in message and world.cashier.name in message
    assert "guide -" not in message
