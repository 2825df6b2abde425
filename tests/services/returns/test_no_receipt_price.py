"""A return without receipt is bounded by the catalogue's price as the write reads it, never
by the price the screen hands in (review of issue 18, item 4c)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from local_db.uow import write_session
from pos_app.errors import PosError
from pos_app.services.returns.no_receipt import NoReceiptItem, NoReceiptLine
from tests.services.unit_world import COLA, rows, till_for


def _nothing_written(world) -> None:
    assert rows(world, "SELECT count(*) FROM sale_return") == [(0,)]
    assert rows(world, "SELECT count(*) FROM outbox_event WHERE type = 'return.no_receipt'"
                ) == [(0,)]


def test_a_price_handed_in_above_the_catalogues_is_refused_and_nothing_is_written(world):
    till = till_for(world, world.manager)
    cola = till.returns.look_up_item(COLA)
    assert cola.unit_price == 350
    forged = replace(cola, unit_price=35000)  # as a screen could hand it in
    with pytest.raises(PosError) as refused:
        till.returns.complete_without_receipt([NoReceiptLine(forged, 2)], "cash", "defective")
    assert refused.value.code == "return_price_above_catalogue"
    assert "3.50" in refused.value.message()
    _nothing_written(world)

    done = till.returns.complete_without_receipt([NoReceiptLine(cola, 2)], "cash", "defective")
    assert done.refund_total == 700


def test_a_price_cut_after_the_look_up_bounds_the_refund_at_the_write(world):
    till = till_for(world, world.manager)
    cola = till.returns.look_up_item(COLA)  # ¥3.50 on screen
    with write_session(world.engine) as session:
        session.connection().exec_driver_sql(
            "UPDATE product SET price = 300 WHERE id = ?", (cola.product_id,))
    with pytest.raises(PosError) as refused:
        till.returns.complete_without_receipt([NoReceiptLine(cola, 1)], "cash", "defective")
    assert refused.value.code == "return_price_above_catalogue"
    _nothing_written(world)
    done = till.returns.complete_without_receipt(
        [NoReceiptLine(replace(cola, unit_price=300), 1)], "cash", "defective")
    assert done.refund_total == 300


def test_an_item_naming_no_catalogue_product_is_refused(world):
    till = till_for(world, world.manager)
    ghost = NoReceiptItem("no-such-product", "GHOST", "幽灵", 100, False)
    with pytest.raises(PosError) as refused:
        till.returns.complete_without_receipt([NoReceiptLine(ghost, 1)], "cash", "defective")
    assert refused.value.code == "product_not_found"
    _nothing_written(world)
