"""The cashier takes a ¥100 note with one key, and sees what points a member can really use."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.domain.tenders import TenderKind
from tests.services.test_points import BAG, TEA, add_member, member_till
from tests.services.unit_world import rows, till_for
from tests.ui.conftest import press
from ui.dialogs.pay import PayDialog


def open_pay(qtbot, till) -> PayDialog:
    dialog = PayDialog(till)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()  # dialog shortcuts only fire in the active window
    return dialog


def shown(dialog) -> dict[str, str]:
    buttons = dialog.quick_cash.buttons.items()
    return {kind: b.text() for kind, b in buttons if b.isVisibleTo(dialog)}


def test_f9_pays_a_tea_with_a_100_note_and_the_buttons_show_their_keys(world, qtbot):
    till = till_for(world)
    till.sale.ring(TEA)  # ¥5.50
    dialog = open_pay(qtbot, till)
    assert shown(dialog) == {"exact": "Exact ¥5.50 F6", "10": "¥10.00 F7", "50": "¥50.00 F8",
                             "100": "¥100.00 F9"}
    press(dialog.amount_edit, Qt.Key.Key_F9)
    assert dialog.completed is not None and dialog.completed.change == 9450
    assert rows(world, "SELECT kind, amount FROM tender") == [("cash", 10000)]


def test_round_amounts_are_not_offered_twice_and_follow_what_is_still_due(world, qtbot):
    till = till_for(world)
    till.sale.ring(BAG)  # ¥129.00
    dialog = open_pay(qtbot, till)
    assert shown(dialog) == {"exact": "Exact ¥129.00 F6", "10": "¥130.00 F7",
                             "50": "¥150.00 F8", "100": "¥200.00 F9"}
    press(dialog.amount_edit, Qt.Key.Key_F2)  # card for part of it
    assert shown(dialog) == {}  # no notes are handed over by card
    dialog.amount_edit.setText("79.00")
    press(dialog.amount_edit, Qt.Key.Key_Return)
    assert shown(dialog) == {} and not dialog.quick_cash.isVisibleTo(dialog)
    press(dialog.amount_edit, Qt.Key.Key_F6)  # hidden: its key does nothing either
    assert dialog.completed is None and dialog.kind == TenderKind.CARD
    press(dialog.amount_edit, Qt.Key.Key_F1)  # back to cash: the rest in notes
    assert shown(dialog) == {"exact": "Exact ¥50.00 F6", "100": "¥100.00 F9"}
    press(dialog.amount_edit, Qt.Key.Key_F8)  # ¥50 is hidden now: its key does nothing
    assert dialog.completed is None and dialog.kind == TenderKind.CASH
    press(dialog.amount_edit, Qt.Key.Key_F6)  # exact cash finishes
    assert dialog.completed is not None and dialog.completed.change == 0
    assert rows(world, "SELECT kind, amount FROM tender ORDER BY line_no") == [
        ("card", 7900), ("cash", 5000)]


def test_tab_reaches_a_quick_cash_button_and_enter_presses_it(world, qtbot):
    till = till_for(world)
    till.sale.ring(TEA)
    dialog = open_pay(qtbot, till)
    button = dialog.quick_cash.buttons["10"]
    for _ in range(8):
        if button.hasFocus():
            break
        press(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert button.hasFocus()
    press(button, Qt.Key.Key_Return)
    assert dialog.completed is not None and dialog.completed.change == 450


def test_a_member_with_no_points_is_told_so_not_shown_the_cap(world, qtbot):
    till = member_till(world, add_member(world, balance=0))
    till.sale.ring(BAG)
    dialog = open_pay(qtbot, till)
    assert dialog.points_label.text() == "No points to use (0 available now)"
    assert "64.50" not in dialog.points_label.text()


def test_a_member_with_few_points_sees_their_value_not_the_cap(world, qtbot):
    till = member_till(world, add_member(world, balance=1234))
    till.sale.ring(BAG)  # cap ¥64.50, but 1234 points pay only ¥12.34
    dialog = open_pay(qtbot, till)
    assert dialog.points_label.text() == (
        "Points available: 1234 · this sale may use up to ¥12.34")


def test_quick_cash_shows_only_while_cash_is_the_chosen_tender(world, qtbot):
    till = till_for(world)
    till.sale.ring(TEA)
    dialog = open_pay(qtbot, till)
    assert dialog.quick_cash.isVisibleTo(dialog)
    for key in (Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4):  # card, WeChat Pay, Alipay
        press(dialog.amount_edit, key)
        assert shown(dialog) == {} and not dialog.quick_cash.isVisibleTo(dialog)
        press(dialog.amount_edit, Qt.Key.Key_F9)  # a hidden ¥100 key hands over nothing
        assert dialog.completed is None and dialog.tenders == []
    press(dialog.amount_edit, Qt.Key.Key_F1)
    assert set(shown(dialog)) == {"exact", "10", "50", "100"}
