"""A drawer holding fen balances at the close (finding 24-6): refunds and change are exact
to the fen, so after a cash refund of ¥209.05 the count must reach the 5 fen; it used to
stop at 1 jiao and force every such close ¥0.05 short."""

from __future__ import annotations

from pos_app.domain.shifts import Count
from pos_app.domain.shifts.slip import shift_slip_rows
from tests.domain.shifts.slip_samples import CST, z_report
from ui.shifts.close import ZCloseDialog


def test_a_drawer_with_fen_is_counted_to_the_fen_and_balances(make_window):
    window, _container = make_window()
    till = window.till
    till.sign_in("1001", "1111")
    till.open_shift(20000)
    till.shifts.cash_move("in", 33245, "float_top_up", "")  # ¥532.45 in the drawer
    dialog = ZCloseDialog(till, window)
    try:
        for fen, pieces in {10000: "5", 2000: "1", 1000: "1", 100: "2", 10: "4", 1: "5"}.items():
            dialog.count_widget.pieces[fen].setText(pieces)
        assert dialog.count_widget.count().cash_total == 53245
        assert dialog.figures.item(0, 3).text() == "¥0.00"
        assert "+" not in dialog.total.text() and "-" not in dialog.total.text()
    finally:
        dialog.reject()
        dialog.deleteLater()


def test_fen_coins_are_counted_and_printed_on_the_z():
    count = Count(cash={10: 4, 1: 5})
    assert count.cash_total == 45
    rows = shift_slip_rows(z_report(count=count), "en", symbol="¥", tz=CST)
    pairs = {(r.label.strip(), r.value) for r in rows}
    assert ("1 jiao x 4", "¥0.40") in pairs and ("1 fen x 5", "¥0.05") in pairs
