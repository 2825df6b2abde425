"""A manager lists a delivery before receiving it: each code names its product, a code that
cannot go into stock is refused at once with the reason, and only managers may do it."""

from __future__ import annotations

import pytest

from pos_app.errors import PosError
from tests.services.unit_world import key, rows, till_for, track_bag, unit


@pytest.fixture
def manager_till(world):
    track_bag(world)
    return world, till_for(world, world.manager)


def test_a_unit_code_names_its_product_before_anything_is_written(manager_till):
    world, till = manager_till
    checked = till.units.check(f"  {unit('SN900')} ")
    assert (checked.unit_key, checked.serial, checked.sku) == (key("SN900"), "SN900", "SKU-BAG")
    assert checked.product_name == "Canvas tote"  # the UI language (en in tests)
    assert rows(world, "SELECT count(*) FROM unit") == [(0,)]


@pytest.mark.parametrize("code, error", [
    ("6937654321097", "not_a_unit_code"),  # the product's plain barcode
    ("SFU:NO-SUCH-SKU:1", "unit_product_unknown"),
    ("", "not_a_unit_code"),
])
def test_codes_that_cannot_be_received_are_refused_with_the_reason(manager_till, code, error):
    _world, till = manager_till
    with pytest.raises(PosError) as refused:
        till.units.check(code)
    assert refused.value.code == error


def test_a_unit_already_registered_is_refused_with_its_state(manager_till):
    _world, till = manager_till
    till.units.receive([unit("SN901")])
    with pytest.raises(PosError) as refused:
        till.units.check(unit("SN901"))
    assert refused.value.code == "unit_duplicate"
    assert refused.value.params["state"] == "in_stock"  # the stored state, for code
    assert refused.value.message() == (  # and a word for the person reading it
        "Unit 06937654321097:SN901 is already in the registry (in stock).")


def test_receiving_still_checks_inside_its_transaction(manager_till):
    _world, till = manager_till
    report = till.units.receive([unit("SN902"), "SFU:NO-SUCH-SKU:1", unit("SN902")])
    assert report.received == [key("SN902")]
    assert [p.error.code for p in report.problems] == ["unit_product_unknown", "unit_duplicate"]


def test_a_cashier_cannot_list_a_delivery(world):
    track_bag(world)
    with pytest.raises(PosError) as refused:
        till_for(world).units.check(unit("SN903"))
    assert refused.value.code == "manager_required"
