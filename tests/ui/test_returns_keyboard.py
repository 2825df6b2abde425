"""A customer brings things back; the cashier does the whole return on the keyboard."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.conftest import db_rows, pump, wait_until
from tests.ui.keyboard import at_next_dialog, focus, key, keys, press_and_drive
from tests.ui.test_sale_flow import COLA
from tests.ui.test_sale_flow import sign_in_by_keyboard as sign_in

TEA = "6920202888883"  # 东方树叶 茉莉花茶 500ml, ¥5.50 in the demo catalog


def f7(action) -> None:
    press_and_drive(Qt.Key.Key_F7, action)


def sell_three_colas_and_a_tea(window, paid: TenderKind = TenderKind.CASH) -> str:
    """Yesterday's sale, rung up through the till itself (the scanning is tested elsewhere)."""
    till = window.till
    till.sale.ring(COLA, 3)
    till.sale.ring(TEA)
    done = till.sale.complete([Tender(paid, till.sale.totals().total)])
    window.sale.refresh()
    return done.receipt_no


def after_a_sale(make_window, paid: TenderKind = TenderKind.CASH):
    """A cashier signed in who has just sold three colas and a tea (`paid`): the window and
    the store's database file."""
    window, container = make_window()
    sign_in(window)
    sell_three_colas_and_a_tea(window, paid)
    return window, container.data_dir / "terminal.db"


def load_receipt(number: str = "1") -> None:
    """In the returns dialog: the receipt's number (this till's short one by default), Enter."""
    keys(number)
    key(Qt.Key.Key_Return)


def test_two_of_three_colas_come_back_by_the_short_receipt_number(make_window):
    window, container = make_window()
    sign_in(window)
    assert sell_three_colas_and_a_tea(window) == "S01-T01-000001"
    db = container.data_dir / "terminal.db"

    def at_the_dialog(dialog) -> None:
        assert focus() is dialog.receipt_edit
        load_receipt()  # the short number printed on this till's receipt
        assert dialog.sale is not None and dialog.receipt_edit.text() == "S01-T01-000001"
        assert focus() is dialog.table  # straight on to the lines
        assert not dialog.confirm.isEnabled()
        key(Qt.Key.Key_Space)  # tick the colas: all three offered
        assert dialog.picks() == {dialog.sale.lines[0].sale_line_id: 3}
        key(Qt.Key.Key_Minus)
        assert dialog.table.item(0, 4).text() == "2 / 3"
        key(Qt.Key.Key_Down)
        keys("5")  # more tea than was sold: kept to what is left, and ticked
        assert dialog.picks()[dialog.sale.lines[1].sale_line_id] == 1
        key(Qt.Key.Key_Space)  # …then not after all
        assert list(dialog.picks().values()) == [2]
        assert "¥7.00" in dialog.summary.text()
        key(Qt.Key.Key_Tab)  # Tab leaves the table for Refund
        assert focus() is dialog.confirm
        key(Qt.Key.Key_Return)

    f7(at_the_dialog)
    wait_until(lambda: "S01-T01-R000001" in window.sale.message.text())
    assert db_rows(db, "SELECT refund_total FROM sale_return") == [(700,)]
    assert db_rows(db, "SELECT quantity FROM return_line") == [(2,)]
    wait_until(lambda: focus() is window.sale.scan_edit)


def test_enter_on_the_lines_refunds_and_names_are_not_editable(make_window):
    window, db = after_a_sale(make_window)

    def at_the_dialog(dialog) -> None:
        load_receipt("000001")
        before = dialog.table.item(0, 1).text()
        keys("2")  # a digit sets the quantity, never edits the name
        assert dialog.table.item(0, 1).text() == before
        assert dialog.table.state() != dialog.table.State.EditingState
        key(Qt.Key.Key_Return)  # Enter on the lines refunds

    f7(at_the_dialog)
    wait_until(lambda: "refund ¥7.00" in window.sale.message.text())
    assert db_rows(db, "SELECT quantity FROM return_line") == [(2,)]


def test_cash_instead_of_the_card_asks_the_manager_by_keyboard(make_window):
    window, db = after_a_sale(make_window, paid=TenderKind.CARD)
    steps = []

    def pin(dialog) -> None:
        steps.append("pin")
        steps.append(dialog.asked_label.text())
        keys("9001")
        key(Qt.Key.Key_Return)
        keys("9999")
        key(Qt.Key.Key_Return)

    def at_the_dialog(dialog) -> None:
        load_receipt()
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Tab)  # Refund
        key(Qt.Key.Key_Tab)  # the cash box
        assert focus() is dialog.to_cash
        key(Qt.Key.Key_Space)
        assert dialog.to_cash.isChecked()
        at_next_dialog(pin)
        key(Qt.Key.Key_Return)  # Enter on the box: refund, the manager's PIN first

    f7(at_the_dialog)
    wait_until(lambda: "S01-T01-R000001" in window.sale.message.text())
    assert steps[0] == "pin" and len(steps) == 2
    # says what is asked: the amount in cash, instead of back to the card (tester 20 #8)
    assert "Refund ¥10.50 in cash instead of back to: Card ¥10.50" in steps[1]
    assert "Cash from the drawer: ¥0.00 → ¥10.50" in steps[1]
    assert db_rows(db, "SELECT to_cash, approved_by IS NOT NULL FROM sale_return") == [(1, 1)]
    ((detail,),) = db_rows(db, "SELECT detail FROM audit_log WHERE action = 'approval'")
    assert (json.loads(detail)["before"], json.loads(detail)["after"]) == (0, 1050)


def test_a_cash_sale_offers_no_cash_refund_box(make_window):
    """Paid in cash, the refund goes back to cash anyway: no box, no manager (tester 20 #8)."""
    window, db = after_a_sale(make_window)

    def at_the_dialog(dialog) -> None:
        load_receipt()
        assert dialog.sale is not None
        assert not dialog.to_cash.isVisibleTo(dialog)
        key(Qt.Key.Key_Space)
        assert "Cash ¥10.50" in dialog.summary.text()
        key(Qt.Key.Key_Tab)  # Refund
        assert focus() is dialog.confirm
        key(Qt.Key.Key_Return)

    f7(at_the_dialog)
    wait_until(lambda: "S01-T01-R000001" in window.sale.message.text())
    assert db_rows(db, "SELECT to_cash, approved_by FROM sale_return") == [(0, None)]
    assert db_rows(db, "SELECT count(*) FROM audit_log WHERE action = 'approval'") == [(0,)]


def test_esc_cancels_a_return_and_nothing_is_written(make_window):
    window, db = after_a_sale(make_window)

    def at_the_dialog(dialog) -> None:
        load_receipt()
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Escape)

    f7(at_the_dialog)
    wait_until(lambda: focus() is window.sale.scan_edit)
    pump(50)
    assert db_rows(db, "SELECT count(*) FROM sale_return") == [(0,)]


def test_a_wrong_number_says_so_and_keeps_the_field(make_window):
    after_a_sale(make_window)
    seen = []

    def at_the_dialog(dialog) -> None:
        load_receipt("42")
        seen.append(dialog.summary.text())
        assert focus() is dialog.receipt_edit and dialog.sale is None
        key(Qt.Key.Key_Escape)

    f7(at_the_dialog)
    wait_until(lambda: bool(seen))
    assert "42" in seen[0]
