"""The points tender (F5) shows only with a member attached, with available points and cap."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app.domain.tenders import TenderKind
from tests.services.test_points import BAG, add_member, member_till
from tests.services.unit_world import rows, till_for
from tests.ui.conftest import press
from ui.dialogs.pay import PayDialog


def _points_button(dialog):
    found = [b for b in dialog.kind_group.buttons() if b.objectName() == "tender_points"]
    return found[0] if found else None


def test_no_member_no_points_button(world, qtbot):
    till = till_for(world)
    till.sale.ring(BAG)
    dialog = PayDialog(till)
    qtbot.addWidget(dialog)
    assert _points_button(dialog) is None
    assert not dialog.points_label.isVisibleTo(dialog)
    dialog.choose(TenderKind.POINTS)
    assert dialog.kind == TenderKind.CASH


def test_f5_pays_with_points_up_to_the_cap_then_cash(world, qtbot):
    member = add_member(world, balance=10_000)
    till = member_till(world, member)
    till.sale.ring(BAG)  # ¥129.00: points may pay ¥64.50
    dialog = PayDialog(till)
    qtbot.addWidget(dialog)
    assert _points_button(dialog).text() == "Points F5"
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()  # shortcuts (F1–F5) only fire in the active window
    press(dialog.amount_edit, Qt.Key.Key_F5)
    assert dialog.kind == TenderKind.POINTS
    assert dialog.amount_edit.text() == "64.50"
    assert "10000" in dialog.points_label.text() and "¥64.50" in dialog.points_label.text()
    dialog.amount_edit.setText("70.00")
    press(dialog.amount_edit, Qt.Key.Key_Return)
    assert "at most ¥64.50" in dialog.message.text()
    dialog.amount_edit.setText("64.50")
    press(dialog.amount_edit, Qt.Key.Key_Return)
    press(dialog.amount_edit, Qt.Key.Key_F1)
    assert dialog.amount_edit.text() == "64.50"
    press(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.completed is not None and dialog.completed.points_redeemed == 6450
    assert rows(world, "SELECT kind, amount FROM tender ORDER BY line_no") == [
        ("points", 6450), ("cash", 6450)]
