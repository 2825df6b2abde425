"""One path from an error to the message bar: a PosError in its words, anything else with
a reference to quote (and logged), never a traceback; the sale on screen stays."""

from __future__ import annotations

import logging
import re

from pos_app.errors import PosError
from tests.ui.conftest import on_next_modal, wait_until
from ui.errors import shown_errors
from ui.widgets.message_bar import MessageBar


def test_a_pos_error_shows_its_translated_message(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    with shown_errors(bar.error) as failed:
        raise PosError("cart_empty")
    assert failed and failed.code == "cart_empty"
    assert bar.kind == "error"
    assert bar.text() == PosError("cart_empty").message()


def test_an_unexpected_error_is_logged_with_a_reference_the_cashier_can_quote(qtbot, caplog):
    bar = MessageBar()
    qtbot.addWidget(bar)
    with caplog.at_level(logging.ERROR, logger="ui.errors"), shown_errors(bar.error) as failed:
        {}["no such key"]  # a bug, not a refusal
    assert failed and failed.code == ""
    ref = re.search(r"ref ([0-9a-f]{8})", bar.text())
    assert ref, bar.text()
    assert bar.text().startswith("Something went wrong")
    assert "Traceback" not in bar.text() and "KeyError" not in bar.text()
    logged = [r for r in caplog.records if ref.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # support finds the traceback by ref


def test_nothing_shown_and_nothing_caught_when_the_block_succeeds(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    with shown_errors(bar.error) as failed:
        pass
    assert not failed and bar.text() == ""


def test_keyboard_interrupt_is_not_swallowed():
    shown: list[str] = []
    try:
        with shown_errors(shown.append):
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("KeyboardInterrupt was swallowed")
    assert shown == []


def test_an_unexpected_error_mid_sale_keeps_the_cart(make_window):
    window, _container = make_window()
    till = window.till
    window.signin.code_edit.setText("1001")
    window.signin.pin_edit.setText("1111")
    on_next_modal(lambda dialog: dialog.submit())  # the shift's float, as offered
    window.signin.submit()
    wait_until(lambda: window.stack.currentWidget() is window.sale)
    window.sale.handle_scan("6901234567892")
    lines_before = [(ln.line_id, ln.quantity) for ln in till.cart.lines]
    assert lines_before
    with shown_errors(window.sale.message.error) as failed:
        raise RuntimeError("printer driver blew up")
    assert failed
    assert "Something went wrong (ref " in window.sale.message.text()
    assert [(ln.line_id, ln.quantity) for ln in till.cart.lines] == lines_before
