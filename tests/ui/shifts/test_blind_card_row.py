"""A blind count's card row before the check (tester 20 #4): its field is empty, "as
expected", so its Counted cell says "as expected" too, never ¥0.00 (read as "card short");
once checked it shows the card's amount. The real close dialog over a real demo file."""

from __future__ import annotations

from pos_app.domain.tenders import Tender, TenderKind
from tests.staff import MANAGER
from tests.ui.shifts.helpers import sell_a_cola_for_cash
from tests.ui.shifts.test_x_and_z import _table
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.shifts.close import HIDDEN, ZCloseDialog

TEA = "6920202888883"  # ¥5.50


def test_a_blind_counts_card_row_says_as_expected_until_checked(make_window, qtbot):
    window, container = make_window()
    container.settings.update(MANAGER, blind_count=True)
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    window.till.sale.ring(TEA)
    window.till.sale.complete([Tender(TenderKind.CARD, 550, "")])
    dialog = ZCloseDialog(window.till, window)
    qtbot.addWidget(dialog)
    card = next(row for row in _table(dialog) if row[0] != "Cash")
    assert card[1:] == [HIDDEN, "as expected", HIDDEN], card
    dialog.count_widget.pieces[10000].setText("2")
    dialog.count_widget.pieces[100].setText("3")
    dialog.count_widget.pieces[50].setText("1")
    assert dialog.check_count()
    card = next(row for row in _table(dialog) if row[0] != "Cash")
    assert card[1:] == ["¥5.50", "¥5.50", "¥0.00"], card
    dialog.reject()
