"""The real till's screen fed what a USB HID scanner sends (Shift around capitals and
symbols): unit codes, member codes, a typed quantity before a scan, Caps Lock on."""

from __future__ import annotations

import random

from PySide6.QtWidgets import QApplication

from tests.devices.scanner.hid import WallClock, gaps_ms, key_steps, send_steps
from tests.ui.conftest import db_rows, pump, wait_until
from tests.ui.test_members_ui import enroll_demo_member
from tests.ui.test_sale_flow import (
    COLA,
    pay_exact_cash_with_keys,
    sign_in_by_keyboard,
    type_like_a_person,
)


def hid_scan(code: str, **kwargs) -> None:
    """A scanner burst of real key events (1–8 ms apart) into whatever has focus."""
    send_steps(key_steps(code, **kwargs), WallClock(), gaps_ms(random.Random(11), 1, 8))


def test_a_gs1_unit_code_with_capitals_sells_the_unit(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    hid_scan("(01)06966014000105(21)DEMO001")
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert window.till.cart.lines[0].unit_code == "06966014000105:DEMO001"
    assert window.sale.scan_edit.text() == ""


def test_caps_lock_on_still_sells_the_registered_unit(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    hid_scan("(01)06966014000105(21)DEMO002", caps_lock=True)  # arrives as "demo002"
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert window.till.cart.lines[0].unit_code == "06966014000105:DEMO002"


def test_a_typed_quantity_then_a_scan_sells_that_many(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    type_like_a_person("3*")
    assert window.sale.scan_edit.text() == "3*"
    hid_scan(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert window.till.cart.lines[0].quantity == 3
    assert window.sale.scan_edit.text() == ""


def test_a_member_code_in_capitals_attaches_the_member_and_the_sale_records_it(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    member = enroll_demo_member(window, container)
    hid_scan(f"SFM:{member.id.upper()}")
    wait_until(lambda: window.till.sale.member is not None)
    assert window.till.sale.member.id == member.id
    hid_scan(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT member_id FROM sale") == [(member.id,)]
    pump(50)
    assert QApplication.focusWidget() is window.sale.scan_edit
