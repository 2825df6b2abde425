"""After cash, the change due shows big over the sale screen until the cashier moves on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.domain.tenders import Tender, TenderKind
from tests.services.test_points import BAG, add_member, member_till
from tests.ui.conftest import on_next_modal, press, wait_until
from tests.ui.test_sale_flow import (
    COLA,
    pay_exact_cash_with_keys,
    scan_with_wedge,
    sign_in_by_keyboard,
)
from ui.widgets.change_due import ChangeDueOverlay, change_due_on


def pay_with_a_100_note(window) -> None:
    """F12, then F9: the ¥100 quick-cash button."""
    on_next_modal(lambda dialog: press(dialog.amount_edit, Qt.Key.Key_F9))
    press(QApplication.focusWidget(), Qt.Key.Key_F12)
    wait_until(lambda: window.till.cart.is_empty)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)


def overlay(window) -> ChangeDueOverlay:
    return change_due_on(window.sale)


def test_change_shows_big_and_the_next_scan_starts_the_next_sale_at_once(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)  # ¥3.50
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_with_a_100_note(window)
    wait_until(lambda: overlay(window).isVisible())
    assert overlay(window).amount.text() == "¥96.50"
    assert overlay(window).detail.text() == "Cash received ¥100.00 · Total ¥3.50"
    assert overlay(window).caption.text() == "Change due"
    assert window.sale.message.text() == "Sale S01-T01-000001 saved. Change: ¥96.50"
    assert QApplication.focusWidget() is window.sale.scan_edit  # not a dialog: keys stay here
    assert window.sale.rect().contains(overlay(window).geometry())

    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert not overlay(window).isVisible()
    assert window.sale.scan_edit.text() == ""


def test_enter_or_esc_only_close_it(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        scan_with_wedge(COLA)
        wait_until(lambda: len(window.till.cart.lines) == 1)
        pay_with_a_100_note(window)
        wait_until(lambda: overlay(window).isVisible())
        before = window.sale.message.text()
        press(QApplication.focusWidget(), key)
        assert not overlay(window).isVisible()
        assert window.sale.message.text() == before  # the key did nothing else
        assert QApplication.focusWidget() is window.sale.scan_edit


def test_it_goes_by_itself_after_a_few_seconds(make_window, monkeypatch):
    monkeypatch.setattr(ChangeDueOverlay, "SHOW_MS", 1500)
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_with_a_100_note(window)
    wait_until(lambda: overlay(window).isVisible())
    wait_until(lambda: not overlay(window).isVisible())


def test_exact_cash_shows_no_change_screen(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    assert not overlay(window).isVisible()
    assert window.sale.message.text() == "Sale S01-T01-000001 saved."  # no "Change: ¥0.00"


def test_with_points_paying_part_only_the_cash_counts_as_received(world, qtbot):
    till = member_till(world, add_member(world, balance=10_000))
    till.sale.ring(BAG)  # ¥129.00
    done = till.sale.complete([Tender(TenderKind.POINTS, 6450), Tender(TenderKind.CASH, 7000)])
    assert (done.cash, done.change) == (7000, 550)
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    shown = change_due_on(host)
    shown.show_change(done.change, done.cash, done.total)
    assert shown.amount.text() == "¥5.50"
    # the cash against the cash due, not the total: ¥70 of ¥129 read like an underpayment
    assert shown.detail.text() == (
        "Cash received ¥70.00 · Cash due ¥64.50 (other tenders ¥64.50)")
    shown.dismiss()
